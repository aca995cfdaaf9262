/**
 * What Go's `encoding/json` Decoder does with a request body before protojson
 * sees it: grpc-gateway decodes the body into a `json.RawMessage` first, so a
 * syntax error is reported in Go's words (`invalid character '}' looking for
 * beginning of value`, `unexpected EOF`), and only the first JSON value of the
 * body is read (anything after it is ignored, as the Decoder does).
 *
 * This follows the state machine of Go's encoding/json/scanner.go.
 */

export type GoJsonValue =
  /** Nothing but whitespace: the Decoder's io.EOF, which the gateway ignores. */
  | { kind: 'empty' }
  /** The bytes of the first value, without the whitespace around it. */
  | { kind: 'value'; bytes: Buffer }
  | { kind: 'error'; message: string };

const MAX_DEPTH = 10000;

const enum Parse { ObjectKey, ObjectValue, ArrayValue }
const enum Step { Continue, SkipSpace, End, Error }

type State = (s: Scanner, c: number) => Step;

interface Scanner {
  step: State;
  stack: Parse[];
  error?: string;
  /** Offset of the first byte of the value. */
  start: number;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** Go's quoteChar: how `invalid character %s` shows the byte. */
export function goQuoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  return `'${goQuoteRune(c)}'`;
}

const NAMED_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 0x5c: '\\\\' };

/** strconv.Quote's body for one rune below U+0100 (a byte read as Latin-1, as Go's string(byte) does). */
function goQuoteRune(c: number): string {
  if (NAMED_ESCAPES[c]) return NAMED_ESCAPES[c]!;
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  // U+0080-U+009F are controls, U+00A0 and U+00AD are not graphic for strconv.IsPrint.
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `\\u${c.toString(16).padStart(4, '0')}`;
  return String.fromCharCode(c);
}

function fail(s: Scanner, c: number, context: string): Step {
  s.step = stateError;
  s.error = `invalid character ${goQuoteChar(c)} ${context}`;
  return Step.Error;
}

const stateError: State = () => Step.Error;

function push(s: Scanner, c: number, p: Parse, next: State): Step {
  s.stack.push(p);
  if (s.stack.length > MAX_DEPTH) return fail(s, c, 'exceeded max depth');
  s.step = next;
  return Step.Continue;
}

function pop(s: Scanner): void {
  s.stack.pop();
  s.step = s.stack.length === 0 ? stateEndTop : stateEndValue;
}

const stateEndTop: State = () => Step.End;

const stateBeginValueOrEmpty: State = (s, c) => {
  if (isSpace(c)) return Step.SkipSpace;
  if (c === 0x5d) return stateEndValue(s, c);
  return stateBeginValue(s, c);
};

const stateBeginValue: State = (s, c) => {
  if (isSpace(c)) return Step.SkipSpace;
  switch (c) {
    case 0x7b: return push(s, c, Parse.ObjectKey, stateBeginStringOrEmpty);
    case 0x5b: return push(s, c, Parse.ArrayValue, stateBeginValueOrEmpty);
    case 0x22: s.step = stateInString; return Step.Continue;
    case 0x2d: s.step = stateNeg; return Step.Continue;
    case 0x30: s.step = state0; return Step.Continue;
    case 0x74: s.step = literal('true', 1); return Step.Continue;
    case 0x66: s.step = literal('false', 1); return Step.Continue;
    case 0x6e: s.step = literal('null', 1); return Step.Continue;
  }
  if (c >= 0x31 && c <= 0x39) { s.step = state1; return Step.Continue; }
  return fail(s, c, 'looking for beginning of value');
};

const stateBeginStringOrEmpty: State = (s, c) => {
  if (isSpace(c)) return Step.SkipSpace;
  if (c === 0x7d) {
    s.stack[s.stack.length - 1] = Parse.ObjectValue;
    return stateEndValue(s, c);
  }
  return stateBeginString(s, c);
};

const stateBeginString: State = (s, c) => {
  if (isSpace(c)) return Step.SkipSpace;
  if (c === 0x22) { s.step = stateInString; return Step.Continue; }
  return fail(s, c, 'looking for beginning of object key string');
};

const stateEndValue: State = (s, c) => {
  const n = s.stack.length;
  if (n === 0) { s.step = stateEndTop; return stateEndTop(s, c); }
  if (isSpace(c)) { s.step = stateEndValue; return Step.SkipSpace; }
  switch (s.stack[n - 1]) {
    case Parse.ObjectKey:
      if (c === 0x3a) { s.stack[n - 1] = Parse.ObjectValue; s.step = stateBeginValue; return Step.Continue; }
      return fail(s, c, 'after object key');
    case Parse.ObjectValue:
      if (c === 0x2c) { s.stack[n - 1] = Parse.ObjectKey; s.step = stateBeginString; return Step.Continue; }
      if (c === 0x7d) { pop(s); return Step.Continue; }
      return fail(s, c, 'after object key:value pair');
    default:
      if (c === 0x2c) { s.step = stateBeginValue; return Step.Continue; }
      if (c === 0x5d) { pop(s); return Step.Continue; }
      return fail(s, c, 'after array element');
  }
};

const stateInString: State = (s, c) => {
  if (c === 0x22) { s.step = stateEndValue; return Step.Continue; }
  if (c === 0x5c) { s.step = stateInStringEsc; return Step.Continue; }
  if (c < 0x20) return fail(s, c, 'in string literal');
  return Step.Continue;
};

const stateInStringEsc: State = (s, c) => {
  if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) { s.step = stateInString; return Step.Continue; }
  if (c === 0x75) { s.step = hexDigit(4); return Step.Continue; }
  return fail(s, c, 'in string escape code');
};

function hexDigit(left: number): State {
  return (s, c) => {
    if (!isHex(c)) return fail(s, c, 'in \\u hexadecimal character escape');
    s.step = left === 1 ? stateInString : hexDigit(left - 1);
    return Step.Continue;
  };
}

const stateNeg: State = (s, c) => {
  if (c === 0x30) { s.step = state0; return Step.Continue; }
  if (c >= 0x31 && c <= 0x39) { s.step = state1; return Step.Continue; }
  return fail(s, c, 'in numeric literal');
};

const state1: State = (s, c) => {
  if (isDigit(c)) return Step.Continue;
  return state0(s, c);
};

const state0: State = (s, c) => {
  if (c === 0x2e) { s.step = stateDot; return Step.Continue; }
  if (c === 0x65 || c === 0x45) { s.step = stateE; return Step.Continue; }
  return stateEndValue(s, c);
};

const stateDot: State = (s, c) => {
  if (isDigit(c)) { s.step = stateDot0; return Step.Continue; }
  return fail(s, c, 'after decimal point in numeric literal');
};

const stateDot0: State = (s, c) => {
  if (isDigit(c)) return Step.Continue;
  if (c === 0x65 || c === 0x45) { s.step = stateE; return Step.Continue; }
  return stateEndValue(s, c);
};

const stateE: State = (s, c) => {
  if (c === 0x2b || c === 0x2d) { s.step = stateESign; return Step.Continue; }
  return stateESign(s, c);
};

const stateESign: State = (s, c) => {
  if (isDigit(c)) { s.step = stateE0; return Step.Continue; }
  return fail(s, c, 'in exponent of numeric literal');
};

const stateE0: State = (s, c) => (isDigit(c) ? Step.Continue : stateEndValue(s, c));

/** `true`, `false`, `null` one byte at a time, with Go's "(expecting 'r')" wording. */
function literal(word: string, index: number): State {
  return (s, c) => {
    const want = word.charCodeAt(index);
    if (c !== want) return fail(s, c, `in literal ${word} (expecting '${word[index]}')`);
    s.step = index === word.length - 1 ? stateEndValue : literal(word, index + 1);
    return Step.Continue;
  };
}

/** The first JSON value of `raw`, as `json.NewDecoder(body).Decode(&raw)` finds it. */
export function readGoJsonValue(raw: Buffer | undefined): GoJsonValue {
  if (!raw || raw.length === 0) return { kind: 'empty' };
  const s: Scanner = { step: stateBeginValue, stack: [], start: -1 };
  let i = 0;
  for (; i < raw.length; i++) {
    const c = raw[i]!;
    const wasTop = s.stack.length;
    const r = s.step(s, c);
    if (r === Step.Error) return { kind: 'error', message: s.error! };
    // The value ends one byte late (Go's scanEnd is delayed): the byte that ends it is not part of it.
    if (r === Step.End) return { kind: 'value', bytes: raw.subarray(s.start, i) };
    if (r === Step.Continue && s.start < 0) s.start = i;
    // A closing bracket at the top ends the value at once: the Decoder does not wait for the next byte.
    if (wasTop === 1 && s.stack.length === 0 && (c === 0x7d || c === 0x5d)) {
      return { kind: 'value', bytes: raw.subarray(s.start, i + 1) };
    }
  }
  if (s.start < 0) return { kind: 'empty' };
  // At EOF the Decoder feeds one space: a number or literal at the top ends there.
  if (s.step(s, 0x20) === Step.End) return { kind: 'value', bytes: trimEnd(raw.subarray(s.start, i)) };
  return { kind: 'error', message: 'unexpected EOF' };
}

function trimEnd(b: Buffer): Buffer {
  let end = b.length;
  while (end > 0 && isSpace(b[end - 1]!)) end--;
  return b.subarray(0, end);
}
