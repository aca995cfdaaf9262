/**
 * Go's `encoding/json` as a Go service meets a request body:
 * `json.NewDecoder(body).Decode(&v)` (gin's `ShouldBindJSON`, grpc-gateway's
 * JSON marshaler). Like the Decoder, only the first JSON value is read and the
 * bytes after it are never looked at; an empty or all-whitespace body is
 * `io.EOF`, a cut-off one `unexpected EOF`, and a syntax error is reported in
 * the scanner's own words (`invalid character '}' looking for beginning of
 * value`). The state machine follows encoding/json/scanner.go, the reading
 * loop stream.go, the value building decode.go.
 */

/** What the Decoder finds at the start of a body. */
export type FirstValue =
  /** Nothing but whitespace: the Decoder's io.EOF. */
  | { kind: 'empty' }
  /** The bytes of the first value, without the whitespace around it (what a `json.RawMessage` receives). */
  | { kind: 'value'; bytes: Buffer }
  /** Go's error text. */
  | { kind: 'error'; message: string };

/** A decoded value; objects keep their keys in order, duplicates included. */
export type GoJson =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'number'; v: number; text: string }
  | { t: 'string'; v: string }
  | { t: 'array'; items: GoJson[] }
  | { t: 'object'; entries: Array<[string, GoJson]> };

// Scanner results: the ones of Go's scanXxx opcodes the Decoder tells apart.
const CONTINUE = 0;
const SKIP_SPACE = 1;
const END_OBJECT = 2;
const END_ARRAY = 3;
const END = 4;
const ERROR = 5;

// parseState entries.
const OBJECT_KEY = 0;
const OBJECT_VALUE = 1;
const ARRAY_VALUE = 2;

/** Go's maxNestingDepth. */
const MAX_DEPTH = 10000;
const SPACE = 0x20;

type Step = (s: Scanner, c: number) => number;

/** strconv.Quote's named escapes (needed when the literal states below are built). */
const NAMED_ESCAPES: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
  0x5c: '\\\\',
};

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

class Scanner {
  step: Step = stateBeginValue;
  parseState: number[] = [];
  err = '';

  error(c: number, context: string): number {
    this.step = stateError;
    this.err = `invalid character ${quoteChar(c)} ${context}`;
    return ERROR;
  }

  push(c: number, state: number): number {
    this.parseState.push(state);
    return this.parseState.length <= MAX_DEPTH ? CONTINUE : this.error(c, 'exceeded max depth');
  }

  pop(): void {
    this.parseState.pop();
    this.step = this.parseState.length === 0 ? stateEndTop : stateEndValue;
  }
}

function stateError(): number {
  return ERROR;
}

/** After `[`. */
function stateBeginValueOrEmpty(s: Scanner, c: number): number {
  if (isSpace(c)) return SKIP_SPACE;
  if (c === 0x5d) return stateEndValue(s, c);
  return stateBeginValue(s, c);
}

function stateBeginValue(s: Scanner, c: number): number {
  if (isSpace(c)) return SKIP_SPACE;
  switch (c) {
    case 0x7b:
      s.step = stateBeginStringOrEmpty;
      return s.push(c, OBJECT_KEY);
    case 0x5b:
      s.step = stateBeginValueOrEmpty;
      return s.push(c, ARRAY_VALUE);
    case 0x22:
      s.step = stateInString;
      return CONTINUE;
    case 0x2d:
      s.step = stateNeg;
      return CONTINUE;
    case 0x30:
      s.step = state0;
      return CONTINUE;
    case 0x74:
      s.step = stateT;
      return CONTINUE;
    case 0x66:
      s.step = stateF;
      return CONTINUE;
    case 0x6e:
      s.step = stateN;
      return CONTINUE;
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = state1;
    return CONTINUE;
  }
  return s.error(c, 'looking for beginning of value');
}

/** After `{`. */
function stateBeginStringOrEmpty(s: Scanner, c: number): number {
  if (isSpace(c)) return SKIP_SPACE;
  if (c === 0x7d) {
    s.parseState[s.parseState.length - 1] = OBJECT_VALUE;
    return stateEndValue(s, c);
  }
  return stateBeginString(s, c);
}

function stateBeginString(s: Scanner, c: number): number {
  if (isSpace(c)) return SKIP_SPACE;
  if (c === 0x22) {
    s.step = stateInString;
    return CONTINUE;
  }
  return s.error(c, 'looking for beginning of object key string');
}

function stateEndValue(s: Scanner, c: number): number {
  const n = s.parseState.length;
  if (n === 0) {
    s.step = stateEndTop;
    return stateEndTop(s, c);
  }
  if (isSpace(c)) {
    s.step = stateEndValue;
    return SKIP_SPACE;
  }
  switch (s.parseState[n - 1]) {
    case OBJECT_KEY:
      if (c === 0x3a) {
        s.parseState[n - 1] = OBJECT_VALUE;
        s.step = stateBeginValue;
        return CONTINUE;
      }
      return s.error(c, 'after object key');
    case OBJECT_VALUE:
      if (c === 0x2c) {
        s.parseState[n - 1] = OBJECT_KEY;
        s.step = stateBeginString;
        return CONTINUE;
      }
      if (c === 0x7d) {
        s.pop();
        return END_OBJECT;
      }
      return s.error(c, 'after object key:value pair');
    default:
      if (c === 0x2c) {
        s.step = stateBeginValue;
        return CONTINUE;
      }
      if (c === 0x5d) {
        s.pop();
        return END_ARRAY;
      }
      return s.error(c, 'after array element');
  }
}

// Go reports a byte after the top-level value on the *next* call; the Decoder
// never makes that call, so trailing bytes go unnoticed.
function stateEndTop(s: Scanner, c: number): number {
  if (!isSpace(c)) s.error(c, 'after top-level value');
  return END;
}

function stateInString(s: Scanner, c: number): number {
  if (c === 0x22) {
    s.step = stateEndValue;
    return CONTINUE;
  }
  if (c === 0x5c) {
    s.step = stateInStringEsc;
    return CONTINUE;
  }
  if (c < 0x20) return s.error(c, 'in string literal');
  return CONTINUE;
}

function stateInStringEsc(s: Scanner, c: number): number {
  switch (c) {
    case 0x62:
    case 0x66:
    case 0x6e:
    case 0x72:
    case 0x74:
    case 0x5c:
    case 0x2f:
    case 0x22:
      s.step = stateInString;
      return CONTINUE;
    case 0x75:
      s.step = stateInStringEscU;
      return CONTINUE;
  }
  return s.error(c, 'in string escape code');
}

/** The four hex digits of `\u`, one state each, built once. */
function hexDigits(): Step {
  let next: Step = stateInString;
  for (let k = 0; k < 4; k++) {
    const then = next;
    next = (s, c) => {
      if (!isHex(c)) return s.error(c, 'in \\u hexadecimal character escape');
      s.step = then;
      return CONTINUE;
    };
  }
  return next;
}

const stateInStringEscU = hexDigits();

function stateNeg(s: Scanner, c: number): number {
  if (c === 0x30) {
    s.step = state0;
    return CONTINUE;
  }
  if (c >= 0x31 && c <= 0x39) {
    s.step = state1;
    return CONTINUE;
  }
  return s.error(c, 'in numeric literal');
}

/** After a non-zero integer part. */
function state1(s: Scanner, c: number): number {
  if (isDigit(c)) return CONTINUE;
  return state0(s, c);
}

function state0(s: Scanner, c: number): number {
  if (c === 0x2e) {
    s.step = stateDot;
    return CONTINUE;
  }
  if (c === 0x65 || c === 0x45) {
    s.step = stateE;
    return CONTINUE;
  }
  return stateEndValue(s, c);
}

function stateDot(s: Scanner, c: number): number {
  if (isDigit(c)) {
    s.step = stateDot0;
    return CONTINUE;
  }
  return s.error(c, 'after decimal point in numeric literal');
}

function stateDot0(s: Scanner, c: number): number {
  if (isDigit(c)) return CONTINUE;
  if (c === 0x65 || c === 0x45) {
    s.step = stateE;
    return CONTINUE;
  }
  return stateEndValue(s, c);
}

function stateE(s: Scanner, c: number): number {
  if (c === 0x2b || c === 0x2d) {
    s.step = stateESign;
    return CONTINUE;
  }
  return stateESign(s, c);
}

function stateESign(s: Scanner, c: number): number {
  if (isDigit(c)) {
    s.step = stateE0;
    return CONTINUE;
  }
  return s.error(c, 'in exponent of numeric literal');
}

function stateE0(s: Scanner, c: number): number {
  if (isDigit(c)) return CONTINUE;
  return stateEndValue(s, c);
}

/**
 * The states after the first letter of `true`, `false`, `null`, with Go's
 * "(expecting 'r')" wording, built once.
 */
function literal(word: string): Step {
  let next: Step = stateEndValue;
  for (let at = word.length - 1; at >= 1; at--) {
    const want = word.charCodeAt(at);
    const context = `in literal ${word} (expecting ${quoteChar(want)})`;
    const then = next;
    next = (s, c) => {
      if (c !== want) return s.error(c, context);
      s.step = then;
      return CONTINUE;
    };
  }
  return next;
}

const stateT = literal('true');
const stateF = literal('false');
const stateN = literal('null');

/**
 * Go's `quoteChar`: how `invalid character %s` shows a byte. The byte is read
 * as a Latin-1 rune (Go's `string(byte)`) and quoted the way `strconv.Quote`
 * would, between single quotes.
 */
export function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const named = NAMED_ESCAPES[c];
  if (named) return `'${named}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  // Latin-1 runes that strconv.IsPrint refuses: C1 controls, NBSP, soft hyphen.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u${c.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

/** The Decoder's `readValue`: the first value of `raw`, or what stops it. */
export function readFirstValue(raw: Buffer | undefined): FirstValue {
  const buf = raw ?? Buffer.alloc(0);
  // The scanner skips leading whitespace too; starting after it marks where the value begins.
  let start = 0;
  while (start < buf.length && isSpace(buf[start]!)) start++;
  const s = new Scanner();
  for (let i = start; i < buf.length; i++) {
    switch (s.step(s, buf[i]!)) {
      // scanEnd comes one byte late: the byte that ends the value is not part of it.
      case END:
        return { kind: 'value', bytes: buf.subarray(start, i) };
      // A closing bracket at the top ends the value at once: the Decoder feeds
      // itself a space rather than wait for the next byte.
      case END_OBJECT:
      case END_ARRAY:
        if (stateEndValue(s, SPACE) === END) return { kind: 'value', bytes: buf.subarray(start, i + 1) };
        break;
      case ERROR:
        return { kind: 'error', message: s.err };
    }
  }
  // At EOF the Decoder feeds one space: a number or literal at the top ends there.
  if (s.step(s, SPACE) === END) return { kind: 'value', bytes: buf.subarray(start) };
  return start < buf.length ? { kind: 'error', message: 'unexpected EOF' } : { kind: 'empty' };
}

/**
 * The value of bytes `readFirstValue` accepted, as decode.go builds it:
 * strings are coerced to well-formed UTF-8 byte by byte, a lone surrogate
 * escape becomes U+FFFD. Iterative, since Go allows nesting 10,000 deep.
 */
export function decodeValue(buf: Uint8Array): GoJson {
  let i = 0;
  const skip = () => {
    while (i < buf.length && isSpace(buf[i]!)) i++;
  };
  type Frame =
    | { kind: 'array'; node: { t: 'array'; items: GoJson[] } }
    | { kind: 'object'; node: { t: 'object'; entries: Array<[string, GoJson]> }; key: string };
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
      if (buf[i] === 0x7d) {
        i++;
        value = node;
      } else {
        const key = readString();
        skip();
        i++; // the colon
        stack.push({ kind: 'object', node, key });
        continue;
      }
    } else if (c === 0x5b) {
      i++;
      const node = { t: 'array' as const, items: [] as GoJson[] };
      skip();
      if (buf[i] === 0x5d) {
        i++;
        value = node;
      } else {
        stack.push({ kind: 'array', node });
        continue;
      }
    } else if (c === 0x22) {
      value = { t: 'string', v: readString() };
    } else if (c === 0x74) {
      i += 4;
      value = { t: 'bool', v: true };
    } else if (c === 0x66) {
      i += 5;
      value = { t: 'bool', v: false };
    } else if (c === 0x6e) {
      i += 4;
      value = { t: 'null' };
    } else {
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
        if (top.kind === 'object') {
          skip();
          top.key = readString();
          skip();
          i++;
        }
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
        out +=
          ({ 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' } as Record<number, string>)[e] ??
          String.fromCharCode(e);
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

/** Go's name for the JSON kind in an `UnmarshalTypeError` (`cannot unmarshal number into ...`). */
export function goKind(v: GoJson): string {
  return v.t;
}

/**
 * How deep `toPlain` goes. Go decodes up to 10000 levels, but neither this
 * recursion nor JSON.stringify of the result survives that many: deeper
 * containers come out as null, so a deeply nested body still gets an answer
 * instead of a stack overflow.
 */
export const PLAIN_DEPTH = 1000;

/** The value as plain JSON data (e.g. to echo it back); `__proto__` stays an ordinary key. */
export function toPlain(v: GoJson, depth = 0): unknown {
  if (depth >= PLAIN_DEPTH && (v.t === 'array' || v.t === 'object')) return null;
  switch (v.t) {
    case 'null':
      return null;
    case 'bool':
    case 'number':
    case 'string':
      return v.v;
    case 'array':
      return v.items.map((x) => toPlain(x, depth + 1));
    case 'object':
      return Object.fromEntries(v.entries.map(([k, x]) => [k, toPlain(x, depth + 1)]));
  }
}
