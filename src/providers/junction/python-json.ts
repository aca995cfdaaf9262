/**
 * Byte-exact emulation of what Starlette/FastAPI does with a JSON request
 * body: CPython 3.13 `json.loads(body_bytes)`.
 *
 * FastAPI answers a `json.JSONDecodeError` with a 422 whose `loc` is
 * `["body", e.pos]` and whose `ctx.error` is `e.msg`; any other exception
 * raised while parsing (UnicodeDecodeError, RecursionError, the ValueError
 * for over-long integers) becomes a 400 "There was an error parsing the body".
 * This module reproduces both outcomes without Python:
 *
 *  1. bytes -> str exactly like `bytes.decode(json.detect_encoding(b),
 *     'surrogatepass')` (utf-8, utf-8-sig, utf-16/32 with BOM or by NUL
 *     pattern; lone surrogates pass, anything else undecodable fails);
 *  2. str -> value with the semantics of CPython's C scanner (`_json.c`),
 *     including its error messages and positions. Positions are indexes in
 *     the decoded str, i.e. counted in code points (a non-BMP character
 *     counts 1, unlike a JS string index).
 *
 * Fast path: the one body shape Junction's clients send, `{"name": "<text>"}`,
 * is taken from JSON.parse (on it JSON.parse and Python agree); everything
 * else goes through the exact scanner, which also accepts Python's extensions
 * `NaN`, `Infinity` and `-Infinity`.
 *
 * `parsePythonBody` gives Python's own values (python-value.ts: ints exact,
 * floats apart from ints, dicts in the order sent), which Junction echoes in
 * its 422s; `parsePythonJson` the same as plain JavaScript values.
 */
import { isUtf8 } from 'node:buffer';
import { PyDict, PyFloat, PyInt, toPlain, type PyValue } from './python-value.js';

export type PythonJsonResult<V = unknown> =
  | { ok: true; value: V }
  | { ok: false; kind: 'decode'; msg: string; pos: number } // json.JSONDecodeError: e.msg, e.pos
  | { ok: false; kind: 'unicode' }; // UnicodeDecodeError (or other non-JSONDecodeError failure)

export interface PythonJsonOptions {
  /**
   * Deepest nesting of arrays/objects the C scanner reaches before it raises
   * RecursionError (reported as `kind: 'unicode'`). CPython 3.13 counts it
   * against the C recursion limit (`Py_C_RECURSION_LIMIT`, 10000 on 64-bit
   * Linux release builds, Include/cpython/pystate.h) minus the C levels the
   * server's own call stack already holds (a top-level script decodes 9998
   * levels), so the server's threshold is an estimate.
   */
  maxDepth?: number;
  /**
   * `sys.get_int_max_str_digits()`: an integer literal with more digits
   * raises ValueError (reported as `kind: 'unicode'`). 0 disables the limit.
   */
  maxIntDigits?: number;
}

const PYTHON_JSON_DEFAULT_MAX_DEPTH = 9970;
const PYTHON_DEFAULT_MAX_STR_DIGITS = 4300;

const UNICODE_FAILURE = Object.freeze({ ok: false, kind: 'unicode' }) as { ok: false; kind: 'unicode' };

/** `json.loads(body)` as plain JavaScript values (see python-value.ts `toPlain`). */
export function parsePythonJson(body: Buffer | Uint8Array, options: PythonJsonOptions = {}): PythonJsonResult {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const parsed = parsePythonBody(buf, options);
  return parsed.ok ? { ok: true, value: toPlain(parsed.value) } : parsed;
}

/** A str JSON.parse gave that Python holds the same way: no lone surrogate. */
const plainStr = (v: unknown): v is string => typeof v === 'string' && v.isWellFormed();

/**
 * `json.loads(body)` as Python values. The body Junction's clients send,
 * `{"name": "<text>"}`, takes JSON.parse; anything else the exact scanner.
 */
export function parsePythonBody(body: Buffer, options: PythonJsonOptions = {}): PythonJsonResult<PyValue> {
  const maxDepth = options.maxDepth ?? PYTHON_JSON_DEFAULT_MAX_DEPTH;
  const maxIntDigits = options.maxIntDigits ?? PYTHON_DEFAULT_MAX_STR_DIGITS;
  const enc = detectEncoding(body);
  if (enc === 'utf-8' && isUtf8(body)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const keys = Object.keys(parsed);
      const name = (parsed as { name?: unknown }).name;
      if (keys.length === 1 && keys[0] === 'name' && plainStr(name)) {
        const dict = new PyDict();
        dict.entries.set('name', name);
        return { ok: true, value: dict };
      }
    }
  }
  return scanExact(body, enc, maxDepth, maxIntDigits);
}

function scanExact(buf: Buffer, enc: Encoding, maxDepth: number, maxIntDigits: number): PythonJsonResult<PyValue> {
  const cps = decodePython(buf, enc);
  if (cps === null) return UNICODE_FAILURE;
  return new Scanner(cps, maxDepth, maxIntDigits).decode();
}

// ---------------------------------------------------------------------------
// bytes -> code points: json.detect_encoding + bytes.decode(enc, 'surrogatepass')

type Encoding = 'utf-8' | 'utf-8-sig' | 'utf-16' | 'utf-16-be' | 'utf-16-le' | 'utf-32' | 'utf-32-be' | 'utf-32-le';

/** Port of `json.detect_encoding` (Lib/json/__init__.py). */
function detectEncoding(b: Uint8Array): Encoding {
  const n = b.length;
  if (
    n >= 4 &&
    ((b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) ||
      (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0))
  ) {
    return 'utf-32';
  }
  if (n >= 2 && ((b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0xff && b[1] === 0xfe))) return 'utf-16';
  if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8-sig';
  if (n >= 4) {
    if (!b[0]) return b[1] ? 'utf-16-be' : 'utf-32-be';
    if (!b[1]) return b[2] || b[3] ? 'utf-16-le' : 'utf-32-le';
  } else if (n === 2) {
    if (!b[0]) return 'utf-16-be';
    if (!b[1]) return 'utf-16-le';
  }
  return 'utf-8';
}

function decodePython(b: Uint8Array, enc: Encoding): Uint32Array | null {
  switch (enc) {
    case 'utf-8':
      return decodeUtf8(b, 0);
    case 'utf-8-sig':
      return decodeUtf8(b, 3);
    case 'utf-16':
      return decodeUtf16(b, 2, b[0] === 0xff);
    case 'utf-16-le':
      return decodeUtf16(b, 0, true);
    case 'utf-16-be':
      return decodeUtf16(b, 0, false);
    case 'utf-32':
      return decodeUtf32(b, 4, b[0] === 0xff);
    case 'utf-32-le':
      return decodeUtf32(b, 0, true);
    case 'utf-32-be':
      return decodeUtf32(b, 0, false);
  }
}

/**
 * Strict UTF-8 (no overlongs, nothing above U+10FFFF) except that, as with
 * the 'surrogatepass' handler, a complete 3-byte encoding of a surrogate
 * (ED A0..BF 80..BF) decodes to that lone surrogate.
 */
function decodeUtf8(b: Uint8Array, start: number): Uint32Array | null {
  const n = b.length;
  const out = new Uint32Array(n - start);
  let k = 0;
  let i = start;
  while (i < n) {
    const b0 = b[i]!;
    if (b0 < 0x80) {
      out[k++] = b0;
      i++;
    } else if (b0 < 0xc2) {
      return null;
    } else if (b0 < 0xe0) {
      if (i + 1 >= n) return null;
      const b1 = b[i + 1]!;
      if ((b1 & 0xc0) !== 0x80) return null;
      out[k++] = ((b0 & 0x1f) << 6) | (b1 & 0x3f);
      i += 2;
    } else if (b0 < 0xf0) {
      if (i + 2 >= n) return null;
      const b1 = b[i + 1]!;
      const b2 = b[i + 2]!;
      if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80) return null;
      if (b0 === 0xe0 && b1 < 0xa0) return null; // overlong
      out[k++] = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      i += 3;
    } else if (b0 < 0xf5) {
      if (i + 3 >= n) return null;
      const b1 = b[i + 1]!;
      const b2 = b[i + 2]!;
      const b3 = b[i + 3]!;
      if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) return null;
      if (b0 === 0xf0 && b1 < 0x90) return null; // overlong
      if (b0 === 0xf4 && b1 > 0x8f) return null; // > U+10FFFF
      out[k++] = ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
      i += 4;
    } else {
      return null;
    }
  }
  return out.subarray(0, k);
}

/** UTF-16: pairs combine, lone surrogates pass; a dangling odd byte fails. */
function decodeUtf16(b: Uint8Array, start: number, le: boolean): Uint32Array | null {
  const n = b.length;
  if ((n - start) % 2 !== 0) return null;
  const out = new Uint32Array((n - start) / 2);
  let k = 0;
  const unit = (i: number): number => (le ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
  for (let i = start; i < n; i += 2) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff && i + 2 < n) {
      const u2 = unit(i + 2);
      if (u2 >= 0xdc00 && u2 <= 0xdfff) {
        out[k++] = 0x10000 + ((u - 0xd800) << 10) + (u2 - 0xdc00);
        i += 2;
        continue;
      }
    }
    out[k++] = u;
  }
  return out.subarray(0, k);
}

/** UTF-32: surrogates pass (never combined), > U+10FFFF or a partial unit fails. */
function decodeUtf32(b: Uint8Array, start: number, le: boolean): Uint32Array | null {
  const n = b.length;
  if ((n - start) % 4 !== 0) return null;
  const out = new Uint32Array((n - start) / 4);
  let k = 0;
  for (let i = start; i < n; i += 4) {
    const u = le
      ? (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0
      : ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
    if (u > 0x10ffff) return null;
    out[k++] = u;
  }
  return out;
}

// ---------------------------------------------------------------------------
// str -> value: port of CPython's Modules/_json.c scanner (3.13), iterative.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;
const CH_0 = 0x30;
const CH_1 = 0x31;
const CH_9 = 0x39;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

function hexValue(c: number): number {
  if (c >= CH_0 && c <= CH_9) return c - CH_0;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const CHUNK = 8192;

function codePointsToString(s: Uint32Array, start: number, end: number): string {
  if (end - start <= CHUNK) {
    return String.fromCodePoint.apply(null, s.subarray(start, end) as unknown as number[]);
  }
  let out = '';
  for (let i = start; i < end; i += CHUNK) {
    out += String.fromCodePoint.apply(null, s.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
  }
  return out;
}

function matches(s: Uint32Array, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (s[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

interface Frame {
  obj: PyDict | null;
  arr: PyValue[] | null;
  key: string;
}

class Scanner {
  private readonly len: number;
  /** Result of the last failing helper. */
  private err: PythonJsonResult<PyValue> = UNICODE_FAILURE;
  /** Out-values of scanString / matchNumber and scanConstant. */
  private str = '';
  private num: PyInt | PyFloat = new PyInt('0');

  constructor(
    private readonly s: Uint32Array,
    private readonly maxDepth: number,
    private readonly maxIntDigits: number,
  ) {
    this.len = s.length;
  }

  private fail(msg: string, pos: number): -1 {
    this.err = { ok: false, kind: 'decode', msg, pos };
    return -1;
  }

  private skipWs(idx: number): number {
    const s = this.s;
    const len = this.len;
    while (idx < len && isWs(s[idx]!)) idx++;
    return idx;
  }

  /** JSONDecoder.decode: skip ws, raw_decode (scan_once), skip ws, "Extra data". */
  decode(): PythonJsonResult<PyValue> {
    const s = this.s;
    const len = this.len;
    const stack: Frame[] = [];
    let idx = this.skipWs(0);
    let value: PyValue;

    for (;;) {
      // ---- scan_once_unicode(idx): one term, or open a container ----
      // A StopIteration(idx) anywhere becomes "Expecting value" at idx.
      if (idx >= len) {
        this.fail('Expecting value', idx);
        return this.err;
      }
      const c = s[idx]!;
      let opened = false;
      switch (c) {
        case QUOTE: {
          const next = this.scanString(idx + 1);
          if (next < 0) return this.err;
          value = this.str;
          idx = next;
          break;
        }
        case LBRACE:
        case LBRACKET: {
          if (stack.length >= this.maxDepth) return UNICODE_FAILURE; // RecursionError
          idx = this.skipWs(idx + 1);
          if (c === LBRACE) {
            const obj = new PyDict();
            if (idx < len && s[idx] === RBRACE) {
              value = obj;
              idx++;
            } else {
              idx = this.readKey(idx);
              if (idx < 0) return this.err;
              stack.push({ obj, arr: null, key: this.str });
              opened = true;
            }
          } else {
            const arr: PyValue[] = [];
            if (idx < len && s[idx] === RBRACKET) {
              value = arr;
              idx++;
            } else {
              stack.push({ obj: null, arr, key: '' });
              opened = true;
            }
          }
          break;
        }
        default: {
          const next = this.scanConstant(c, idx);
          if (next > 0) {
            idx = next;
            value = this.num;
            if (c === 0x6e) value = null;
            else if (c === 0x74) value = true;
            else if (c === 0x66) value = false;
            break;
          }
          const end = this.matchNumber(idx);
          if (end < 0) return this.err;
          value = this.num;
          idx = end;
        }
      }
      if (opened) continue;

      // ---- a term is complete: store it and close finished containers ----
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) {
          idx = this.skipWs(idx);
          if (idx !== len) {
            this.fail('Extra data', idx);
            return this.err;
          }
          return { ok: true, value: value! };
        }
        if (top.obj !== null) top.obj.entries.set(top.key, value!);
        else top.arr!.push(value!);
        idx = this.skipWs(idx);
        if (idx < len && s[idx] === (top.obj !== null ? RBRACE : RBRACKET)) {
          value = top.obj ?? top.arr;
          stack.pop();
          idx++;
          continue;
        }
        if (idx >= len || s[idx] !== COMMA) {
          this.fail("Expecting ',' delimiter", idx);
          return this.err;
        }
        const comma = idx;
        idx = this.skipWs(idx + 1);
        if (idx < len && s[idx] === (top.obj !== null ? RBRACE : RBRACKET)) {
          // CPython 3.13 Modules/_json.c (_parse_object_unicode / _parse_array_unicode), gh-113149.
          this.fail(`Illegal trailing comma before end of ${top.obj !== null ? 'object' : 'array'}`, comma);
          return this.err;
        }
        if (top.obj !== null) {
          idx = this.readKey(idx);
          if (idx < 0) return this.err;
          top.key = this.str;
        }
        break; // scan the next term at idx
      }
    }
  }

  /** Key, ':' and surrounding whitespace; returns the index of the value. */
  private readKey(idx: number): number {
    const s = this.s;
    const len = this.len;
    if (idx >= len || s[idx] !== QUOTE) return this.fail('Expecting property name enclosed in double quotes', idx);
    const next = this.scanString(idx + 1);
    if (next < 0) return -1;
    idx = this.skipWs(next);
    if (idx >= len || s[idx] !== COLON) return this.fail("Expecting ':' delimiter", idx);
    return this.skipWs(idx + 1);
  }

  /** null/true/false/NaN/Infinity/-Infinity with the C scanner's bounds checks; sets num. */
  private scanConstant(c: number, idx: number): number {
    const s = this.s;
    const len = this.len;
    switch (c) {
      case 0x6e: // n
        return idx + 3 < len && matches(s, idx + 1, 'ull') ? idx + 4 : -1;
      case 0x74: // t
        return idx + 3 < len && matches(s, idx + 1, 'rue') ? idx + 4 : -1;
      case 0x66: // f
        return idx + 4 < len && matches(s, idx + 1, 'alse') ? idx + 5 : -1;
      case 0x4e: // N
        if (idx + 2 < len && matches(s, idx + 1, 'aN')) {
          this.num = new PyFloat(NaN);
          return idx + 3;
        }
        return -1;
      case 0x49: // I
        if (idx + 7 < len && matches(s, idx + 1, 'nfinity')) {
          this.num = new PyFloat(Infinity);
          return idx + 8;
        }
        return -1;
      case MINUS:
        if (idx + 8 < len && matches(s, idx + 1, 'Infinity')) {
          this.num = new PyFloat(-Infinity);
          return idx + 9;
        }
        return -1;
      default:
        return -1;
    }
  }

  /** _match_number_unicode; sets num. */
  private matchNumber(start: number): number {
    const s = this.s;
    const endIdx = this.len - 1;
    let idx = start;
    let isFloat = false;

    if (s[idx] === MINUS) {
      idx++;
      if (idx > endIdx) return this.fail('Expecting value', start);
    }
    const first = s[idx]!;
    if (first >= CH_1 && first <= CH_9) {
      idx++;
      while (idx <= endIdx && isDigit(s[idx]!)) idx++;
    } else if (first === CH_0) {
      idx++;
    } else {
      return this.fail('Expecting value', start);
    }
    const intEnd = idx;

    if (idx < endIdx && s[idx] === 0x2e && isDigit(s[idx + 1]!)) {
      isFloat = true;
      idx += 2;
      while (idx <= endIdx && isDigit(s[idx]!)) idx++;
    }

    if (idx < endIdx && (s[idx] === 0x65 || s[idx] === 0x45)) {
      const eStart = idx;
      idx++;
      if (idx < endIdx && (s[idx] === MINUS || s[idx] === 0x2b)) idx++;
      while (idx <= endIdx && isDigit(s[idx]!)) idx++;
      if (isDigit(s[idx - 1]!)) isFloat = true;
      else idx = eStart;
    }

    let text = '';
    for (let i = start; i < idx; i++) text += String.fromCharCode(s[i]!);
    if (isFloat) {
      this.num = new PyFloat(Number(text));
    } else {
      const digits = intEnd - start - (s[start] === MINUS ? 1 : 0);
      if (this.maxIntDigits > 0 && digits > this.maxIntDigits) {
        this.err = UNICODE_FAILURE; // ValueError: Exceeds the limit (4300 digits) for integer string conversion
        return -1;
      }
      this.num = new PyInt(text === '-0' ? '0' : text); // Python has no int -0
    }
    return idx;
  }

  /** scanstring_unicode(strict=True); `end` is the index after the opening quote; sets str. */
  private scanString(end: number): number {
    const s = this.s;
    const len = this.len;
    const begin = end - 1;
    let out = '';
    for (;;) {
      let d = 0;
      let next = end;
      for (; next < len; next++) {
        d = s[next]!;
        if (d === QUOTE || d === BACKSLASH) break;
        if (d <= 0x1f) return this.fail('Invalid control character at', next);
      }
      let c = d;
      if (c !== QUOTE && c !== BACKSLASH) return this.fail('Unterminated string starting at', begin);
      if (next !== end) out += codePointsToString(s, end, next);
      next++;
      if (c === QUOTE) {
        this.str = out;
        return next;
      }
      if (next === len) return this.fail('Unterminated string starting at', begin);
      c = s[next]!;
      if (c !== 0x75 /* u */) {
        end = next + 1;
        switch (c) {
          case QUOTE:
          case BACKSLASH:
          case 0x2f: // /
            break;
          case 0x62:
            c = 0x08;
            break; // b
          case 0x66:
            c = 0x0c;
            break; // f
          case 0x6e:
            c = 0x0a;
            break; // n
          case 0x72:
            c = 0x0d;
            break; // r
          case 0x74:
            c = 0x09;
            break; // t
          default:
            c = 0;
        }
        if (c === 0) return this.fail('Invalid \\escape', end - 2);
      } else {
        c = 0;
        next++;
        end = next + 4;
        if (end >= len) return this.fail('Invalid \\uXXXX escape', next - 1);
        for (; next < end; next++) {
          const h = hexValue(s[next]!);
          if (h < 0) return this.fail('Invalid \\uXXXX escape', end - 5);
          c = (c << 4) | h;
        }
        // Surrogate pair
        if (c >= 0xd800 && c <= 0xdbff && end + 6 < len && s[next++] === BACKSLASH && s[next++] === 0x75) {
          let c2 = 0;
          end += 6;
          for (; next < end; next++) {
            const h = hexValue(s[next]!);
            if (h < 0) return this.fail('Invalid \\uXXXX escape', end - 5);
            c2 = (c2 << 4) | h;
          }
          if (c2 >= 0xdc00 && c2 <= 0xdfff) c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
          else end -= 6;
        }
      }
      out += String.fromCodePoint(c);
    }
  }
}
