import { describe, expect, it } from 'vitest';
import { parsePythonJson, type PythonJsonResult } from '../../src/providers/junction/python-json.js';

// Expectations were generated with CPython 3.11.7 (`json.loads(body_bytes)`,
// printing `e.msg` / `e.pos`, or the exception type for non-JSONDecodeError
// failures) and hard-coded here; the vendor's generation is 3.13, whose C
// scanner words a trailing comma on its own ("Illegal trailing comma before
// end of object", at the comma: Modules/_json.c, gh-113149); those cases were
// generated with CPython 3.13.0, every other one gives 3.13.0 the same answer.
const text = (s: string): Buffer => Buffer.from(s, 'utf8');
const hex = (h: string): Buffer => Buffer.from(h, 'hex');

const CASES: Array<[string, Buffer, PythonJsonResult]> = [
  ['empty body', text(''), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  ['whitespace only', text(' \t\r\n '), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 5 }],
  ['form feed is not whitespace', text('\f1'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  [
    'non-breaking space is not whitespace',
    text('\u00a01'),
    { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 },
  ],
  [
    'lone {',
    text('{'),
    { ok: false, kind: 'decode', msg: 'Expecting property name enclosed in double quotes', pos: 1 },
  ],
  [
    '{ with whitespace',
    text('{  '),
    { ok: false, kind: 'decode', msg: 'Expecting property name enclosed in double quotes', pos: 3 },
  ],
  ['key without colon at EOF', text('{"a"'), { ok: false, kind: 'decode', msg: "Expecting ':' delimiter", pos: 4 }],
  ['key and colon, no value', text('{"a":'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 5 }],
  [
    'value without closing brace',
    text('{"a":1'),
    { ok: false, kind: 'decode', msg: "Expecting ',' delimiter", pos: 6 },
  ],
  [
    'missing colon points at the value',
    text('{"a" 1}'),
    { ok: false, kind: 'decode', msg: "Expecting ':' delimiter", pos: 5 },
  ],
  [
    'trailing comma in object (3.13 wording)',
    text('{"a":1 , }'),
    { ok: false, kind: 'decode', msg: 'Illegal trailing comma before end of object', pos: 7 },
  ],
  [
    'trailing comma in array (3.13 wording)',
    text('[1, ]'),
    { ok: false, kind: 'decode', msg: 'Illegal trailing comma before end of array', pos: 2 },
  ],
  ['two commas are no trailing comma', text('[1,,]'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 3 }],
  [
    'trailing comma in object, no space',
    text('{"a":1,}'),
    { ok: false, kind: 'decode', msg: 'Illegal trailing comma before end of object', pos: 6 },
  ],
  [
    'single-quoted key',
    text("{'a':1}"),
    { ok: false, kind: 'decode', msg: 'Expecting property name enclosed in double quotes', pos: 1 },
  ],
  [
    'unquoted key',
    text('{a:1}'),
    { ok: false, kind: 'decode', msg: 'Expecting property name enclosed in double quotes', pos: 1 },
  ],
  [
    'missing comma in object',
    text('{"a":1 "b":2}'),
    { ok: false, kind: 'decode', msg: "Expecting ',' delimiter", pos: 7 },
  ],
  ['missing comma in array', text('[1 2]'), { ok: false, kind: 'decode', msg: "Expecting ',' delimiter", pos: 3 }],
  ['extra data after object', text('{"a":1}x'), { ok: false, kind: 'decode', msg: 'Extra data', pos: 7 }],
  ['extra data after whitespace', text('{"a":1}  \n x'), { ok: false, kind: 'decode', msg: 'Extra data', pos: 11 }],
  ['two documents', text('{} {}'), { ok: false, kind: 'decode', msg: 'Extra data', pos: 3 }],
  ['lone [', text('['), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 1 }],
  ['unclosed nested array', text('[[1,2]'), { ok: false, kind: 'decode', msg: "Expecting ',' delimiter", pos: 6 }],
  ['unterminated string', text('"abc'), { ok: false, kind: 'decode', msg: 'Unterminated string starting at', pos: 0 }],
  [
    'unterminated string as key',
    text('{"abc'),
    { ok: false, kind: 'decode', msg: 'Unterminated string starting at', pos: 1 },
  ],
  [
    'unterminated string after escape',
    text('"ab\\"'),
    { ok: false, kind: 'decode', msg: 'Unterminated string starting at', pos: 0 },
  ],
  [
    'string ending in backslash',
    text('"ab\\'),
    { ok: false, kind: 'decode', msg: 'Unterminated string starting at', pos: 0 },
  ],
  ['raw newline in string', text('"a\nb"'), { ok: false, kind: 'decode', msg: 'Invalid control character at', pos: 2 }],
  [
    'raw NUL in string',
    text('{"a":"x\u0000"}'),
    { ok: false, kind: 'decode', msg: 'Invalid control character at', pos: 7 },
  ],
  ['raw tab in string', text('"\t"'), { ok: false, kind: 'decode', msg: 'Invalid control character at', pos: 1 }],
  ['DEL is allowed in strings', text('"\u007f"'), { ok: true, value: '\u007f' }],
  ['invalid escape \\x', text('"\\x41"'), { ok: false, kind: 'decode', msg: 'Invalid \\escape', pos: 1 }],
  ["invalid escape \\' ", text('"\\\'"'), { ok: false, kind: 'decode', msg: 'Invalid \\escape', pos: 1 }],
  ['short \\u escape', text('"\\u12"'), { ok: false, kind: 'decode', msg: 'Invalid \\uXXXX escape', pos: 2 }],
  [
    '\\u escape at end of input',
    text('"\\u0041'),
    { ok: false, kind: 'decode', msg: 'Invalid \\uXXXX escape', pos: 2 },
  ],
  ['non-hex \\u escape', text('"\\u00g1"'), { ok: false, kind: 'decode', msg: 'Invalid \\uXXXX escape', pos: 2 }],
  [
    'bad second half of a surrogate pair',
    text('"\\ud83d\\u12x4"'),
    { ok: false, kind: 'decode', msg: 'Invalid \\uXXXX escape', pos: 8 },
  ],
  ['surrogate pair escape', text('"\\ud83d\\ude00"'), { ok: true, value: '\ud83d\ude00' }],
  ['lone high surrogate escape', text('"\\ud800"'), { ok: true, value: '\ud800' }],
  ['lone low surrogate escape', text('"\\udc00x"'), { ok: true, value: '\udc00x' }],
  ['high surrogate escape + non-surrogate escape', text('"\\ud800\\u0041"'), { ok: true, value: '\ud800A' }],
  [
    'non-BMP chars count one position each',
    text('["\ud83d\ude00\ud83d\ude00", 1 2]'),
    { ok: false, kind: 'decode', msg: "Expecting ',' delimiter", pos: 9 },
  ],
  [
    'non-BMP char inside unterminated string',
    text('{"k":"\ud83d\ude00", "x": "\ud83d\ude00\n"}'),
    { ok: false, kind: 'decode', msg: 'Invalid control character at', pos: 17 },
  ],
  ['UTF-8 BOM is stripped', text('\ufeff{"a":1}'), { ok: true, value: { a: 1 } }],
  ['UTF-8 BOM then garbage', text('\ufeff{"a":}'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 5 }],
  ['double UTF-8 BOM', text('\ufeff\ufeff{}'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  [
    'UTF-16-LE with BOM',
    hex('fffe7b002200610022003a002200e9003dd800de22007d00'),
    { ok: true, value: { a: '\u00e9\ud83d\ude00' } },
  ],
  [
    'UTF-16-BE with BOM, error after non-BMP char',
    hex('feff005b0022d83dde00002200200031005d'),
    { ok: false, kind: 'decode', msg: "Expecting ',' delimiter", pos: 5 },
  ],
  [
    'UTF-16-LE without BOM (NUL pattern)',
    text('{\u0000"\u0000a\u0000"\u0000:\u00001\u0000,\u0000}\u0000'),
    { ok: false, kind: 'decode', msg: 'Illegal trailing comma before end of object', pos: 6 },
  ],
  ['UTF-16-BE without BOM (NUL pattern)', text('\u0000[\u00001\u0000]'), { ok: true, value: [1] }],
  [
    'UTF-32-LE without BOM',
    text('[\u0000\u0000\u00001\u0000\u0000\u0000,\u0000\u0000\u00002\u0000\u0000\u0000'),
    { ok: false, kind: 'decode', msg: "Expecting ',' delimiter", pos: 4 },
  ],
  ['UTF-32 with BOM', hex('fffe0000220000007800000022000000'), { ok: true, value: 'x' }],
  ['odd-length UTF-16', hex('fffe7b007d'), { ok: false, kind: 'unicode' } /* UnicodeDecodeError */],
  ['2-byte body with NUL is UTF-16', text('1\u0000'), { ok: true, value: 1 }],
  ['3-byte body with NULs is UTF-8', text('1\u0000\u0000'), { ok: false, kind: 'decode', msg: 'Extra data', pos: 1 }],
  ['invalid UTF-8 byte', hex('7b2261223a22ff227d'), { ok: false, kind: 'unicode' } /* UnicodeDecodeError */],
  ['truncated UTF-8 sequence', hex('22c3'), { ok: false, kind: 'unicode' } /* UnicodeDecodeError */],
  ['overlong UTF-8', hex('22c0af22'), { ok: false, kind: 'unicode' } /* UnicodeDecodeError */],
  ['UTF-8 above U+10FFFF', hex('22f490808022'), { ok: false, kind: 'unicode' } /* UnicodeDecodeError */],
  ['CESU surrogate bytes pass (surrogatepass)', hex('22eda08022'), { ok: true, value: '\ud800' }],
  [
    'surrogate pair as CESU bytes counts two positions',
    hex('5b22eda0bdedb8802220315d'),
    { ok: false, kind: 'decode', msg: "Expecting ',' delimiter", pos: 6 },
  ],
  [
    'invalid UTF-8 after a JSON error is still a unicode error',
    hex('7b7820ff'),
    { ok: false, kind: 'unicode' } /* UnicodeDecodeError */,
  ],
  ['NaN', text('NaN'), { ok: true, value: NaN }],
  ['Infinity and -Infinity', text('[Infinity,-Infinity]'), { ok: true, value: [Infinity, -Infinity] }],
  ['nan lowercase', text('nan'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  ['-NaN', text('-NaN'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  ['Infinity truncated', text('Infinit'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  ['leading zero', text('01'), { ok: false, kind: 'decode', msg: 'Extra data', pos: 1 }],
  ['leading zero in array', text('[01]'), { ok: false, kind: 'decode', msg: "Expecting ',' delimiter", pos: 2 }],
  ['lone minus', text('-'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  ['minus space digit', text('- 1'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  ['1. is 1 then extra data', text('1.'), { ok: false, kind: 'decode', msg: 'Extra data', pos: 1 }],
  ['1e is 1 then extra data', text('1e'), { ok: false, kind: 'decode', msg: 'Extra data', pos: 1 }],
  ['1e+ is 1 then extra data', text('[1e+]'), { ok: false, kind: 'decode', msg: "Expecting ',' delimiter", pos: 2 }],
  ['.5', text('.5'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  ['+1', text('+1'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  ['tru', text('tru'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  ['nul', text('nul'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  ['fals at end', text('[fals'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 1 }],
  ['True capitalised', text('True'), { ok: false, kind: 'decode', msg: 'Expecting value', pos: 0 }],
  ['int -0 is 0', text('[-0, -0.0, 0]'), { ok: true, value: [0, -0.0, 0] }],
  ['big integer', text('123456789012345678901234567890'), { ok: true, value: 1.2345678901234568e29 }],
  ['1e400 is inf', text('[1e400, -1e400, 1e-400]'), { ok: true, value: [Infinity, -Infinity, 0.0] }],
  ['duplicate keys: last wins', text('{"a":1,"b":2,"a":3}'), { ok: true, value: { a: 3, b: 2 } }],
  [
    'valid nested document',
    text('{"a":[1,2.5,{"b":null,"c":true,"d":false}],"e":"\\u00e9\\n"}'),
    { ok: true, value: { a: [1, 2.5, { b: null, c: true, d: false }], e: '\u00e9\n' } },
  ],
  ['escaped slash', text('"\\/"'), { ok: true, value: '/' }],
];

describe('parsePythonJson: CPython json.loads parity', () => {
  it.each(CASES)('%s', (_name, body, expected) => {
    expect(parsePythonJson(body)).toEqual(expected);
  });

  it('returns the integer -0 as 0 (Python int) but keeps float -0.0', () => {
    const r = parsePythonJson(text('{"i":-0,"f":-0.0,"e":-0e1}'));
    expect(r.ok).toBe(true);
    const v = (r as { value: Record<string, number> }).value;
    expect(Object.is(v.i, 0)).toBe(true);
    expect(Object.is(v.f, -0)).toBe(true);
    expect(Object.is(v.e, -0)).toBe(true);
    // Same through the exact scanner (NaN forces JSON.parse to fail).
    const r2 = parsePythonJson(text('[-0, NaN]'));
    expect(r2).toEqual({ ok: true, value: [0, NaN] });
    expect(Object.is((r2 as { value: number[] }).value[0], 0)).toBe(true);
  });
});

describe('integer digit limit (sys.int_info.default_max_str_digits = 4300)', () => {
  it('accepts a 4300-digit integer (sign not counted)', () => {
    expect(parsePythonJson(text(`-${'9'.repeat(4300)}`))).toEqual({ ok: true, value: -Infinity });
  });
  it('fails a 4301-digit integer with a non-JSONDecodeError (ValueError)', () => {
    expect(parsePythonJson(text(`[${'9'.repeat(4301)}]`))).toEqual({ ok: false, kind: 'unicode' });
  });
  it('the ValueError wins over a later syntax error, not over an earlier one', () => {
    expect(parsePythonJson(text(`[${'1'.repeat(4301)} 2`))).toEqual({ ok: false, kind: 'unicode' });
    expect(parsePythonJson(text(`[1 2, ${'1'.repeat(4301)}]`))).toEqual({
      ok: false,
      kind: 'decode',
      msg: "Expecting ',' delimiter",
      pos: 3,
    });
  });
  it('floats and digit strings have no limit', () => {
    expect(parsePythonJson(text(`0.${'9'.repeat(4301)}`))).toEqual({ ok: true, value: 1 });
    expect(parsePythonJson(text(`"${'1'.repeat(5000)}"`))).toEqual({ ok: true, value: '1'.repeat(5000) });
  });
  it('limit is configurable (0 disables it)', () => {
    expect(parsePythonJson(text('12345'), { maxIntDigits: 4 })).toEqual({ ok: false, kind: 'unicode' });
    expect(parsePythonJson(text('9'.repeat(5000)), { maxIntDigits: 0 })).toEqual({ ok: true, value: Infinity });
  });
});

describe('nesting depth (RecursionError -> non-JSONDecodeError failure)', () => {
  const nested = (n: number, inner = ''): Buffer => text('['.repeat(n) + inner + ']'.repeat(n));
  it('matches CPython 3.11 at module level when maxDepth = 995 (995 ok, 996 RecursionError)', () => {
    expect(parsePythonJson(nested(995), { maxDepth: 995 }).ok).toBe(true);
    expect(parsePythonJson(nested(996), { maxDepth: 995 })).toEqual({ ok: false, kind: 'unicode' });
    // exact scanner path (JSON.parse rejects NaN)
    expect(parsePythonJson(nested(995, 'NaN'), { maxDepth: 995 }).ok).toBe(true);
    expect(parsePythonJson(nested(996, 'NaN'), { maxDepth: 995 })).toEqual({ ok: false, kind: 'unicode' });
  });
  it('counts objects too, including empty ones', () => {
    const objs = (n: number): Buffer => text(`${'{"a":'.repeat(n - 1)}{}${'}'.repeat(n - 1)}`);
    expect(parsePythonJson(objs(10), { maxDepth: 10 }).ok).toBe(true);
    expect(parsePythonJson(objs(11), { maxDepth: 10 })).toEqual({ ok: false, kind: 'unicode' });
  });
  it('a syntax error before the limit is reached is still a JSONDecodeError', () => {
    expect(parsePythonJson(text(`[1 ${'['.repeat(2000)}`), { maxDepth: 995 })).toEqual({
      ok: false,
      kind: 'decode',
      msg: "Expecting ',' delimiter",
      pos: 3,
    });
  });
  it('default (CPython 3.12 C recursion limit) accepts 5000 levels and rejects 100000', () => {
    const deep = parsePythonJson(nested(5000));
    expect(deep.ok).toBe(true);
    let v = (deep as { value: unknown }).value;
    for (let i = 1; i < 5000; i++) v = (v as unknown[])[0];
    expect(v).toEqual([]);
    expect(parsePythonJson(nested(100000))).toEqual({ ok: false, kind: 'unicode' });
    expect(parsePythonJson(nested(100000, 'NaN'))).toEqual({ ok: false, kind: 'unicode' });
  });
});

describe('__proto__ keys are ordinary own properties', () => {
  const check = (body: string, expected: unknown): void => {
    const r = parsePythonJson(text(body));
    expect(r.ok).toBe(true);
    const v = (r as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.hasOwn(v, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(v, '__proto__')?.value).toEqual(expected);
    expect(Object.keys(v)).toContain('__proto__');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(({} as Record<string, unknown>).y).toBeUndefined();
  };
  it('via the JSON.parse fast path', () => {
    check('{"__proto__": {"x":1}}', { x: 1 });
  });
  it('via the exact scanner, last duplicate wins', () => {
    check('{"__proto__":1,"__proto__":{"y":[NaN]}}', { y: [NaN] });
  });
});

describe('API details', () => {
  it('accepts a plain Uint8Array view', () => {
    const bytes = new Uint8Array([0, 0x7b, 0x7d, 0]);
    expect(parsePythonJson(bytes.subarray(1, 3))).toEqual({ ok: true, value: {} });
  });
  it('duplicate keys keep the first position, like a Python dict', () => {
    const r = parsePythonJson(text('{"a":1,"b":2,"a":3}'));
    expect(Object.keys((r as { value: object }).value)).toEqual(['a', 'b']);
  });
  it('known limitation: JS orders integer-like keys first (Python keeps b, 1, a)', () => {
    const r = parsePythonJson(text('{"b":1,"1":2,"a":3}'));
    expect(Object.keys((r as { value: object }).value)).toEqual(['1', 'b', 'a']);
  });
});
