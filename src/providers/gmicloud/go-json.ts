/**
 * What Go's `encoding/json` Decoder (the reader behind gin's `ShouldBindJSON`)
 * makes of a request body: the first JSON value, or the exact error text it
 * reports. Like the Decoder, bytes after the first complete value are never
 * looked at, an empty body is `EOF`, a cut-off one `unexpected EOF`; strings are
 * coerced to well-formed UTF-8 byte by byte, as Go does.
 */

/** A decoded value; objects keep their keys in order, duplicates included. */
export type GoJson =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'number'; v: number; text: string }
  | { t: 'string'; v: string }
  | { t: 'array'; items: GoJson[] }
  | { t: 'object'; entries: Array<[string, GoJson]> };

export type GoDecoded = { ok: true; value: GoJson } | { ok: false; eof: true } | { ok: false; eof: false; error: string };

// Scanner results (a subset of Go's scanXxx constants).
const CONTINUE = 0;
const END_OBJECT = 1;
const END_ARRAY = 2;
const END = 3;
const ERROR = 4;

const OBJECT_KEY = 0;
const OBJECT_VALUE = 1;
const ARRAY_VALUE = 2;
const MAX_DEPTH = 10000;

type Step = (s: Scanner, c: number) => number;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

class Scanner {
  step: Step = beginValue;
  parseState: number[] = [];
  err = '';

  error(c: number, context: string): number {
    this.step = stateError;
    this.err = `invalid character ${quoteChar(c)} ${context}`;
    return ERROR;
  }

  push(c: number, state: number, result: number): number {
    this.parseState.push(state);
    return this.parseState.length <= MAX_DEPTH ? result : this.error(c, 'exceeded max depth');
  }

  pop(): void {
    this.parseState.pop();
    this.step = this.parseState.length === 0 ? endTop : endValue;
  }
}

const stateError: Step = () => ERROR;

function beginValueOrEmpty(s: Scanner, c: number): number {
  if (isSpace(c)) return CONTINUE;
  if (c === 0x5d) return endValue(s, c);
  return beginValue(s, c);
}

function beginValue(s: Scanner, c: number): number {
  if (isSpace(c)) return CONTINUE;
  switch (c) {
    case 0x7b: s.step = beginStringOrEmpty; return s.push(c, OBJECT_KEY, CONTINUE);
    case 0x5b: s.step = beginValueOrEmpty; return s.push(c, ARRAY_VALUE, CONTINUE);
    case 0x22: s.step = inString; return CONTINUE;
    case 0x2d: s.step = neg; return CONTINUE;
    case 0x30: s.step = zero; return CONTINUE;
    case 0x74: s.step = literal('true', 1); return CONTINUE;
    case 0x66: s.step = literal('false', 1); return CONTINUE;
    case 0x6e: s.step = literal('null', 1); return CONTINUE;
  }
  if (c >= 0x31 && c <= 0x39) { s.step = digits; return CONTINUE; }
  return s.error(c, 'looking for beginning of value');
}

function beginStringOrEmpty(s: Scanner, c: number): number {
  if (isSpace(c)) return CONTINUE;
  if (c === 0x7d) {
    s.parseState[s.parseState.length - 1] = OBJECT_VALUE;
    return endValue(s, c);
  }
  return beginString(s, c);
}

function beginString(s: Scanner, c: number): number {
  if (isSpace(c)) return CONTINUE;
  if (c === 0x22) { s.step = inString; return CONTINUE; }
  return s.error(c, 'looking for beginning of object key string');
}

function endValue(s: Scanner, c: number): number {
  const n = s.parseState.length;
  if (n === 0) {
    s.step = endTop;
    return endTop(s, c);
  }
  if (isSpace(c)) { s.step = endValue; return CONTINUE; }
  switch (s.parseState[n - 1]) {
    case OBJECT_KEY:
      if (c === 0x3a) { s.parseState[n - 1] = OBJECT_VALUE; s.step = beginValue; return CONTINUE; }
      return s.error(c, 'after object key');
    case OBJECT_VALUE:
      if (c === 0x2c) { s.parseState[n - 1] = OBJECT_KEY; s.step = beginString; return CONTINUE; }
      if (c === 0x7d) { s.pop(); return END_OBJECT; }
      return s.error(c, 'after object key:value pair');
    default:
      if (c === 0x2c) { s.step = beginValue; return CONTINUE; }
      if (c === 0x5d) { s.pop(); return END_ARRAY; }
      return s.error(c, 'after array element');
  }
}

// Go reports a byte after the top-level value on the *next* call; the Decoder
// never makes that call, so trailing bytes go unnoticed.
function endTop(s: Scanner, c: number): number {
  if (!isSpace(c)) s.error(c, 'after top-level value');
  return END;
}

function inString(s: Scanner, c: number): number {
  if (c === 0x22) { s.step = endValue; return CONTINUE; }
  if (c === 0x5c) { s.step = inStringEsc; return CONTINUE; }
  if (c < 0x20) return s.error(c, 'in string literal');
  return CONTINUE;
}

function inStringEsc(s: Scanner, c: number): number {
  if ('bfnrt\\/"'.includes(String.fromCharCode(c))) { s.step = inString; return CONTINUE; }
  if (c === 0x75) { s.step = hexEscape(4); return CONTINUE; }
  return s.error(c, 'in string escape code');
}

function hexEscape(left: number): Step {
  return (s, c) => {
    if (!isHex(c)) return s.error(c, 'in \\u hexadecimal character escape');
    s.step = left === 1 ? inString : hexEscape(left - 1);
    return CONTINUE;
  };
}

function neg(s: Scanner, c: number): number {
  if (c === 0x30) { s.step = zero; return CONTINUE; }
  if (c >= 0x31 && c <= 0x39) { s.step = digits; return CONTINUE; }
  return s.error(c, 'in numeric literal');
}

function digits(s: Scanner, c: number): number {
  if (isDigit(c)) return CONTINUE;
  return zero(s, c);
}

function zero(s: Scanner, c: number): number {
  if (c === 0x2e) { s.step = dot; return CONTINUE; }
  if (c === 0x65 || c === 0x45) { s.step = exp; return CONTINUE; }
  return endValue(s, c);
}

function dot(s: Scanner, c: number): number {
  if (isDigit(c)) { s.step = dotDigits; return CONTINUE; }
  return s.error(c, 'after decimal point in numeric literal');
}

function dotDigits(s: Scanner, c: number): number {
  if (isDigit(c)) return CONTINUE;
  if (c === 0x65 || c === 0x45) { s.step = exp; return CONTINUE; }
  return endValue(s, c);
}

function exp(s: Scanner, c: number): number {
  if (c === 0x2b || c === 0x2d) { s.step = expSign; return CONTINUE; }
  return expSign(s, c);
}

function expSign(s: Scanner, c: number): number {
  if (isDigit(c)) { s.step = expDigits; return CONTINUE; }
  return s.error(c, 'in exponent of numeric literal');
}

function expDigits(s: Scanner, c: number): number {
  if (isDigit(c)) return CONTINUE;
  return endValue(s, c);
}

function literal(word: 'true' | 'false' | 'null', at: number): Step {
  return (s, c) => {
    const want = word.charCodeAt(at);
    if (c !== want) return s.error(c, `in literal ${word} (expecting ${quoteChar(want)})`);
    s.step = at === word.length - 1 ? endValue : literal(word, at + 1);
    return CONTINUE;
  };
}

/** Go's `quoteChar`: the byte as a rune, quoted the way `strconv.Quote` would, in single quotes. */
export function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  if (named[c]) return `'${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  // Latin-1 runes that unicode.IsPrint refuses: C1 controls, NBSP, soft hyphen.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u${c.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

/** `json.NewDecoder(body).Decode(&v)`, up to the point where a Go value is filled. */
export function decodeFirstValue(buf: Uint8Array): GoDecoded {
  const s = new Scanner();
  let end = -1;
  for (let i = 0; i < buf.length && end < 0; i++) {
    const r = s.step(s, buf[i]!);
    if (r === END) end = i;
    else if ((r === END_OBJECT || r === END_ARRAY) && endValue(s, 0x20) === END) end = i + 1;
    else if (r === ERROR) return { ok: false, eof: false, error: s.err };
  }
  if (end < 0) {
    if (s.step(s, 0x20) === END) end = buf.length;
    else if (buf.some((c) => !isSpace(c))) return { ok: false, eof: false, error: 'unexpected EOF' };
    else return { ok: false, eof: true };
  }
  return { ok: true, value: parseValid(buf.subarray(0, end)) };
}

/**
 * Builds the value of bytes the scanner has already accepted; iterative, since
 * Go allows nesting 10,000 deep.
 */
function parseValid(buf: Uint8Array): GoJson {
  let i = 0;
  const skip = () => { while (i < buf.length && isSpace(buf[i]!)) i++; };
  type Frame = { kind: 'array'; node: { t: 'array'; items: GoJson[] } } | { kind: 'object'; node: { t: 'object'; entries: Array<[string, GoJson]> }; key: string };
  const stack: Frame[] = [];
  let result: GoJson | undefined;

  const place = (v: GoJson) => {
    const top = stack[stack.length - 1];
    if (!top) result = v;
    else if (top.kind === 'array') top.node.items.push(v);
    else top.node.entries.push([top.key, v]);
  };

  for (;;) {
    skip();
    const c = buf[i]!;
    let value: GoJson | undefined;
    if (c === 0x7b) {
      i++;
      const node = { t: 'object' as const, entries: [] as Array<[string, GoJson]> };
      skip();
      if (buf[i] === 0x7d) { i++; value = node; } else {
        const key = readString();
        skip(); i++; // the colon
        stack.push({ kind: 'object', node, key });
        continue;
      }
    } else if (c === 0x5b) {
      i++;
      const node = { t: 'array' as const, items: [] as GoJson[] };
      skip();
      if (buf[i] === 0x5d) { i++; value = node; } else {
        stack.push({ kind: 'array', node });
        continue;
      }
    } else if (c === 0x22) {
      value = { t: 'string', v: readString() };
    } else if (c === 0x74) { i += 4; value = { t: 'bool', v: true }; }
    else if (c === 0x66) { i += 5; value = { t: 'bool', v: false }; }
    else if (c === 0x6e) { i += 4; value = { t: 'null' }; }
    else {
      const start = i;
      while (i < buf.length && /[-+.eE0-9]/.test(String.fromCharCode(buf[i]!))) i++;
      const text = Buffer.from(buf.subarray(start, i)).toString('latin1');
      value = { t: 'number', v: Number(text), text };
    }
    place(value);
    // Close every container that ends here, then move to the next element.
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top) return result!;
      skip();
      const d = buf[i++]!;
      if (d === 0x2c) {
        if (top.kind === 'object') { skip(); top.key = readString(); skip(); i++; }
        break;
      }
      stack.pop();
      place(top.node);
    }
  }

  function readString(): string {
    i++; // opening quote
    let out = '';
    while (buf[i] !== 0x22) {
      const c = buf[i]!;
      if (c === 0x5c) {
        const e = buf[i + 1]!;
        if (e === 0x75) {
          let r = hex4(i + 2);
          i += 6;
          if (r >= 0xd800 && r < 0xe000) {
            // A valid pair becomes one rune; anything else is U+FFFD and the
            // second escape, if any, is read on its own.
            const r2 = buf[i] === 0x5c && buf[i + 1] === 0x75 ? hex4(i + 2) : -1;
            if (r < 0xdc00 && r2 >= 0xdc00 && r2 < 0xe000) {
              out += String.fromCharCode(r, r2);
              i += 6;
              continue;
            }
            r = 0xfffd;
          }
          out += String.fromCharCode(r);
          continue;
        }
        out += ({ 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' } as Record<number, string>)[e] ?? String.fromCharCode(e);
        i += 2;
      } else if (c < 0x80) {
        out += String.fromCharCode(c);
        i++;
      } else {
        const [rune, size] = decodeRune(buf, i);
        out += String.fromCodePoint(rune);
        i += size;
      }
    }
    i++;
    return out;
  }

  function hex4(at: number): number {
    return parseInt(Buffer.from(buf.subarray(at, at + 4)).toString('latin1'), 16);
  }
}

/** Go's `utf8.DecodeRune`: one invalid byte is one U+FFFD. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c0 = b[i]!;
  const cont = (k: number) => i + k < b.length && (b[i + k]! & 0xc0) === 0x80;
  if (c0 >= 0xc2 && c0 <= 0xdf && cont(1)) return [((c0 & 0x1f) << 6) | (b[i + 1]! & 0x3f), 2];
  if (c0 >= 0xe0 && c0 <= 0xef && cont(1) && cont(2)) {
    const c1 = b[i + 1]!;
    const ok = c0 === 0xe0 ? c1 >= 0xa0 : c0 === 0xed ? c1 <= 0x9f : true;
    if (ok) return [((c0 & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (b[i + 2]! & 0x3f), 3];
  }
  if (c0 >= 0xf0 && c0 <= 0xf4 && cont(1) && cont(2) && cont(3)) {
    const c1 = b[i + 1]!;
    const ok = c0 === 0xf0 ? c1 >= 0x90 : c0 === 0xf4 ? c1 <= 0x8f : true;
    if (ok) return [((c0 & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f), 4];
  }
  return [0xfffd, 1];
}

/** Go's name for the JSON kind in an `UnmarshalTypeError`. */
export function goKind(v: GoJson): string {
  return v.t;
}

/**
 * How deep `originalValue` echoes a value. Go decodes up to 10000 levels, but
 * neither this recursion nor JSON.stringify survives that many: deeper levels
 * are echoed as null, so a deeply nested body is a 400, not a stack overflow.
 */
const ECHO_DEPTH = 1000;

/** The value as plain JSON data (for `originalValue`); `__proto__` stays an ordinary key. */
export function toPlain(v: GoJson, depth = 0): unknown {
  if (depth >= ECHO_DEPTH && (v.t === 'array' || v.t === 'object')) return null;
  switch (v.t) {
    case 'null': return null;
    case 'bool': case 'number': case 'string': return v.v;
    case 'array': return v.items.map((x) => toPlain(x, depth + 1));
    case 'object': return Object.fromEntries(v.entries.map(([k, x]) => [k, toPlain(x, depth + 1)]));
  }
}
