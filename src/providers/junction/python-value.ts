/**
 * Python values as Junction's stack holds them after `json.loads`, and FastAPI's
 * way of writing them back in a 422's `input` (jsonable_encoder, then Starlette's
 * JSONResponse: `json.dumps(..., ensure_ascii=False, allow_nan=False,
 * separators=(",", ":")).encode("utf-8")`).
 *
 * JavaScript values lose what the echo shows: `1.0` is a float and `1` an int,
 * integers have no size limit, a dict keeps its keys in the order sent
 * (JavaScript objects put integer-like keys first). So the body is read into
 * these classes, and written by `writeFastApiJson`, which also knows where the
 * vendor fails with a 500 instead: a float that is not finite, a str with a
 * lone surrogate, bytes that are not UTF-8, nesting deeper than Python's
 * recursion limit lets jsonable_encoder go.
 */
import { isUtf8 } from 'node:buffer';

/** A Python int, kept as its decimal digits (exact at any size). */
export class PyInt {
  constructor(readonly digits: string) {}
}

/** A Python float. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A Python dict: insertion order, a repeated key keeps its first place and its last value (as Map does). */
export class PyDict {
  readonly entries = new Map<string, PyValue>();
}

/** Python bytes: the raw body FastAPI hands pydantic when the content type is not JSON. */
export class PyBytes {
  constructor(readonly bytes: Buffer) {}
}

export type PyValue = null | boolean | string | PyInt | PyFloat | PyDict | PyBytes | PyValue[];

/**
 * CPython's `float.__repr__` (Python/pystrtod.c, format_float_short with mode 'r'):
 * the shortest digits that round-trip (the same digits JavaScript picks), in
 * fixed notation when the decimal point falls between 10^-4 and 10^16, else
 * with an exponent of at least two digits; a float always shows a dot or an exponent.
 */
export function pythonFloatRepr(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const decpt = Number(expText) + 1; // digits d1d2... = 0.d1d2... * 10^decpt
  if (decpt <= -4 || decpt > 16) {
    const exp = decpt - 1;
    const body = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${body}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** Python's sys.getrecursionlimit() default. */
export const PYTHON_RECURSION_LIMIT = 1000;
/**
 * Python frames already on the stack when FastAPI's validation handler calls
 * jsonable_encoder under uvicorn (asyncio's loop, uvicorn's protocol, the
 * Starlette middleware stack, the route, the handler): an estimate, documented
 * in the README; each level of the echoed value costs one more frame.
 */
export const SERVER_FRAMES = 30;

/** Why FastAPI could not write the answer: Starlette's ServerErrorMiddleware then answers 500. */
export class Unencodable extends Error {}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};
/** The characters json.dumps escapes. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/g;

/** json.dumps(ensure_ascii=False) of a str; `.encode("utf-8")` fails on a lone surrogate. */
function writeStr(s: string): string {
  if (!s.isWellFormed()) throw new Unencodable('lone surrogate');
  return `"${s.replace(NEEDS_ESCAPE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

type Task = { value: unknown; depth: number } | { text: string };

/**
 * `JSONResponse(content=jsonable_encoder(value))` as FastAPI renders it, or
 * Unencodable where the vendor's encoder raises. `value` is made of plain
 * objects and arrays (FastAPI's own error dicts and lists) holding PyValues.
 * Iterative: no nesting can exhaust orgmock's own stack.
 *
 * jsonable_encoder (fastapi/encoders.py, 0.131.0 lines 264-306) drops dict keys
 * that start with `_sa` (sqlalchemy_safe) and recurses one frame per level; the
 * recursion limit is checked against `depth`, the frames in use.
 */
export function writeFastApiJson(value: unknown, baseFrames = SERVER_FRAMES): string {
  let out = '';
  const stack: Task[] = [{ value, depth: baseFrames + 1 }];
  while (stack.length > 0) {
    const task = stack.pop()!;
    if ('text' in task) {
      out += task.text;
      continue;
    }
    const { value: v, depth } = task;
    if (depth > PYTHON_RECURSION_LIMIT) throw new Unencodable('RecursionError');
    if (v === null || v === undefined) out += 'null';
    else if (v === true) out += 'true';
    else if (v === false) out += 'false';
    else if (typeof v === 'string') out += writeStr(v);
    else if (typeof v === 'number') {
      // orgmock's own ints (a JSON decode position)
      out += String(v);
    } else if (v instanceof PyInt) out += v.digits;
    else if (v instanceof PyFloat) {
      if (!Number.isFinite(v.value)) throw new Unencodable('Out of range float values are not JSON compliant');
      out += pythonFloatRepr(v.value);
    } else if (v instanceof PyBytes) {
      // ENCODERS_BY_TYPE[bytes] = lambda o: o.decode(): strict UTF-8
      if (!isUtf8(v.bytes)) throw new Unencodable('UnicodeDecodeError');
      out += writeStr(v.bytes.toString('utf8'));
    } else if (Array.isArray(v)) {
      pushContainer(stack, '[', ']', v, (item) => [{ value: item, depth: depth + 1 }]);
    } else {
      const entries: [string, unknown][] =
        v instanceof PyDict ? [...v.entries] : Object.entries(v as Record<string, unknown>);
      const kept = entries.filter(([k]) => !k.startsWith('_sa'));
      pushContainer(stack, '{', '}', kept, ([k, item]) => {
        // The key is encoded by its own call, one frame deeper too.
        if (depth + 1 > PYTHON_RECURSION_LIMIT) throw new Unencodable('RecursionError');
        return [{ text: `${writeStr(k)}:` }, { value: item, depth: depth + 1 }];
      });
    }
  }
  return out;
}

function pushContainer<T>(
  stack: Task[],
  open: string,
  close: string,
  items: readonly T[],
  tasks: (item: T) => Task[],
): void {
  stack.push({ text: close });
  for (let i = items.length - 1; i >= 0; i--) {
    stack.push(...tasks(items[i]!).reverse());
    if (i > 0) stack.push({ text: ',' });
  }
  stack.push({ text: open });
}

/**
 * The same value as plain JavaScript (ints and floats as numbers, dicts as
 * objects with own keys only), for code that needs no Python detail.
 * Iterative, like the scanner.
 */
export function toPlain(value: PyValue): unknown {
  const convert = (v: PyValue): unknown => {
    if (v instanceof PyInt) {
      const n = Number(v.digits);
      return n === 0 ? 0 : n;
    }
    if (v instanceof PyFloat) return v.value;
    if (v instanceof PyBytes) return v.bytes;
    return v;
  };
  const root: { v: unknown } = { v: undefined };
  const work: Array<{ from: PyValue; set: (x: unknown) => void }> = [{ from: value, set: (x) => (root.v = x) }];
  while (work.length > 0) {
    const { from, set } = work.pop()!;
    if (Array.isArray(from)) {
      const arr: unknown[] = new Array(from.length);
      set(arr);
      for (let i = 0; i < from.length; i++) work.push({ from: from[i]!, set: (x) => (arr[i] = x) });
    } else if (from instanceof PyDict) {
      const obj: Record<string, unknown> = {};
      set(obj);
      for (const [k, item] of from.entries) {
        Object.defineProperty(obj, k, { value: undefined, writable: true, enumerable: true, configurable: true });
        work.push({ from: item, set: (x) => (obj[k] = x) });
      }
    } else {
      set(convert(from));
    }
  }
  return root.v;
}
