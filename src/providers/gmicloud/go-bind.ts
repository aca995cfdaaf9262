import { decodeValue, goKind, readFirstValue, toPlain } from '../shared/go-json.js';

/**
 * gin's `c.ShouldBindJSON(&req)` on one of the vendor's request structs: Go's
 * JSON Decoder fills the struct (whatever the Content-Type), then
 * go-playground/validator checks its `binding` tags. The outcome is either the
 * filled struct or the one failure gin would hand the handler.
 */

/** A validator tag as the vendor's structs use them. */
export type Tag = 'required' | 'email' | 'numeric';

export interface GoField {
  /** The JSON name (the struct tag), which is also what errors name. */
  json: string;
  /** `*string` fields are optional: JSON null or absence leaves them nil. */
  pointer?: boolean;
  /**
   * Also take a JSON number, as its text. For `otpCode`, which the vendor's docs
   * type as a string but send as a number in their own example.
   */
  numberAsText?: boolean;
  /** Validator tags in order; `omitempty` is implied for pointer fields. */
  binding: Tag[];
}

export interface GoStruct {
  /** Package-qualified Go type name, for the top-level UnmarshalTypeError. */
  goType: string;
  fields: readonly GoField[];
}

export interface FieldError {
  field: string;
  tag: Tag;
  /** `fe.Value()`: the field's value after decoding ("" for a missing string). */
  value: unknown;
}

export type BindFailure =
  /** io.EOF: no body, or only whitespace. */
  | { kind: 'empty' }
  /** `http.MaxBytesReader` stopped the Decoder before the first value was complete. */
  | { kind: 'tooLarge' }
  /** A syntax error or a top-level value that is not an object; `error` is Go's text. */
  | { kind: 'decode'; error: string }
  /** `json: cannot unmarshal <kind> into Go struct field <T>.<field> of type string`. */
  | { kind: 'type'; field: string; jsonKind: string; value: unknown; error: string }
  | { kind: 'invalid'; errors: FieldError[] };

export type Bound = Record<string, string | undefined>;
export type BindResult = { ok: true; value: Bound } | { ok: false; failure: BindFailure };

/**
 * `endedEarly`: the client closed its side before the body's Content-Length.
 * Go's body reader then returns `io.ErrUnexpectedEOF` where it would return
 * `io.EOF` (net/http/transfer.go, `body.readLocked`), and the Decoder passes it
 * on (encoding/json/stream.go, `readValue`): a complete first value still binds.
 */
export function bindJson(raw: Buffer | undefined, struct: GoStruct, endedEarly = false, limit = Infinity): BindResult {
  // Behind `http.MaxBytesReader`, the Decoder sees at most `limit` bytes, then an
  // error instead of EOF: a first value complete within them binds, whatever
  // follows (the Decoder never reads on); one still open at the limit is 413.
  const cut = raw !== undefined && raw.length > limit;
  const seen = cut ? raw.subarray(0, limit) : raw;
  const first = readFirstValue(seen);
  if (cut && endsAtTheLimit(first, seen!)) return { ok: false, failure: { kind: 'tooLarge' } };
  if (first.kind === 'empty')
    return { ok: false, failure: endedEarly ? { kind: 'decode', error: 'unexpected EOF' } : { kind: 'empty' } };
  if (first.kind === 'error') return { ok: false, failure: { kind: 'decode', error: first.message } };

  const top = decodeValue(first.bytes);
  // JSON null into a struct is a no-op in Go: every field keeps its zero value.
  if (top.t !== 'object' && top.t !== 'null') {
    return {
      ok: false,
      failure: {
        kind: 'decode',
        error: `json: cannot unmarshal ${goKind(top)} into Go value of type ${struct.goType}`,
      },
    };
  }

  const value: Bound = Object.create(null);
  for (const f of struct.fields) value[f.json] = f.pointer ? undefined : '';
  let typeError: BindFailure | undefined;
  for (const [key, v] of top.t === 'object' ? top.entries : []) {
    const field = matchField(struct, key);
    if (!field) continue;
    if (v.t === 'string') value[field.json] = v.v;
    else if (v.t === 'number' && field.numberAsText) value[field.json] = v.text;
    else if (v.t === 'null') {
      if (field.pointer) value[field.json] = undefined;
    } else if (!typeError) {
      // Go keeps decoding after a type error and reports only the first one.
      const structName = struct.goType.slice(struct.goType.lastIndexOf('.') + 1);
      typeError = {
        kind: 'type',
        field: field.json,
        jsonKind: goKind(v),
        value: toPlain(v),
        error: `json: cannot unmarshal ${goKind(v)} into Go struct field ${structName}.${field.json} of type string`,
      };
    }
  }
  if (typeError) return { ok: false, failure: typeError };

  const errors = validate(struct, value);
  return errors.length > 0 ? { ok: false, failure: { kind: 'invalid', errors } } : { ok: true, value };
}

/**
 * encoding/json matches a key to a field by exact name first, then
 * case-insensitively (Unicode simple folding, so `NAME` and `ſ` count).
 */
function matchField(struct: GoStruct, key: string): GoField | undefined {
  return struct.fields.find((f) => f.json === key) ?? struct.fields.find((f) => fold(f.json) === fold(key));
}

/** Go's `foldName`: ASCII upper case; other runes `ToUpper(ToLower(r))`, one rune each. */
function fold(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const upper = [...lower].length === 1 ? lower.toUpperCase() : ch;
    out += [...upper].length === 1 ? upper : ch;
  }
  return out;
}

/** go-playground/validator: every field in declaration order, first failing tag per field. */
function validate(struct: GoStruct, value: Bound): FieldError[] {
  const errors: FieldError[] = [];
  for (const f of struct.fields) {
    const v = value[f.json];
    if (f.pointer && (v === undefined || v === '')) continue;
    const failed = f.binding.find((tag) => !TAGS[tag](v ?? ''));
    if (failed) errors.push({ field: f.json, tag: failed, value: v ?? '' });
  }
  return errors;
}

const ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]";
const ALNUM_U = '[A-Za-z0-9\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]';
const ALPHA_U = '[A-Za-z\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]';
const LABEL_MID = '[A-Za-z0-9\\-._~\\u00A0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFEF]';
/**
 * The shape go-playground's `email` tag accepts: a dot-atom or quoted local
 * part, a domain of at least two labels whose last starts and ends with a
 * letter, an optional final dot.
 */
const EMAIL = new RegExp(
  `^(?:${ATEXT}+(?:\\.${ATEXT}+)*|"(?:[^"\\\\\\r\\n]|\\\\.)*")` +
    `@(?:${ALNUM_U}(?:${LABEL_MID}*${ALNUM_U})?\\.)+${ALPHA_U}(?:${LABEL_MID}*${ALPHA_U})?\\.?$`,
  'u',
);

const TAGS: Record<Tag, (v: string) => boolean> = {
  required: (v) => v !== '',
  email: (v) => EMAIL.test(v),
  numeric: (v) => /^[-+]?[0-9]+(?:\.[0-9]+)?$/.test(v),
};

/**
 * Whether the Decoder would have needed a byte past the limit: nothing but
 * whitespace yet, a value cut off, or a number or literal that reaches the
 * limit (at EOF the Decoder would end it; the reader's error comes instead).
 */
function endsAtTheLimit(first: ReturnType<typeof readFirstValue>, seen: Buffer): boolean {
  if (first.kind === 'empty') return true;
  if (first.kind === 'error') return first.message === 'unexpected EOF';
  const end = first.bytes.byteOffset - seen.byteOffset + first.bytes.length;
  const last = first.bytes[first.bytes.length - 1];
  return end === seen.length && last !== 0x7d && last !== 0x5d;
}
