import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFirstValue } from '../../src/providers/shared/go-json.js';
import {
  decodeMessage,
  decodeMessageFast,
  type Decoded,
  type FieldDescriptor,
} from '../../src/providers/scalekit/protojson.js';
import { fcOptions, runs } from '../reliability/arbitraries.js';

const fields: FieldDescriptor[] = [
  { number: 4, name: 'display_name', jsonName: 'displayName', kind: { type: 'string' } },
  {
    number: 5,
    name: 'region_code',
    jsonName: 'regionCode',
    kind: { type: 'enum', values: ['REGION_CODE_UNSPECIFIED', 'US', 'EU'] },
  },
  { number: 7, name: 'metadata', jsonName: 'metadata', kind: { type: 'map' } },
  { number: 10, name: 'logo_url', jsonName: 'logoUrl', kind: { type: 'string' } },
];

/** What grpc-gateway makes of a body: Go's Decoder first, then protojson. */
function exact(body: Buffer): Decoded | { ok: 'empty' } | { ok: 'go-error' } {
  const value = readFirstValue(body);
  if (value.kind === 'empty') return { ok: 'empty' };
  if (value.kind === 'error') return { ok: 'go-error' };
  return decodeMessage(value.bytes, fields);
}

/** Null four times in five. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: arb, weight: 1 });
const ws = fc.constantFrom('', ' ', '\n', '\t', '\r\n  ');
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', 'a":b', 'x\\u0041', '__proto__', 'US', 'EU'),
);
/** A JSON string as a client may write it: JSON.stringify's, or with escapes it never writes. */
const stringLiteral = fc.oneof(
  text.map((s) => JSON.stringify(s)),
  fc.constantFrom('"\\ud800"', '"\\ud83d\\ude00"', '"a\\u00e9"', '"\\/"', '"\\"x\\":"', '"US"', '"EU"'),
);
const scalar = fc.oneof(
  stringLiteral,
  fc.constantFrom('null', 'true', '0', '1', '1.0', '2', '1e0', '[]', '{}', '["a"]'),
);
const key = fc.oneof(
  fc.constantFrom(...fields.flatMap((f) => [f.name, f.jsonName]), '__proto__', 'constructor', 'unknown'),
  text,
);
const object = (k: fc.Arbitrary<string>, v: fc.Arbitrary<string>) =>
  fc
    .array(fc.tuple(ws, k, ws, ws, v, ws), { maxLength: 6 })
    .map(
      (entries) =>
        `{${entries.map(([a, name, b, c, value, d]) => `${a}${JSON.stringify(name)}${b}:${c}${value}${d}`).join(',')}}`,
    );
const metadata = object(text, scalar);
/** Mostly well-formed: each field once under either name with a value of its type; now and then one entry twice. */
const joined = (entries: Array<readonly [string, string]>, twice: number | null) =>
  fc.tuple(...entries.map(() => fc.tuple(ws, ws, ws, ws))).map((spaces) => {
    const list = entries.map(([name, value], i) => {
      const [a, b, c, d] = spaces[i]!;
      return `${a}${JSON.stringify(name)}${b}:${c}${value}${d}`;
    });
    if (twice !== null && list.length > 0) list.push(list[twice % list.length]!);
    return `{${list.join(',')}}`;
  });
/** Mostly printable text, sometimes anything. */
const likelyString = fc.oneof(
  { arbitrary: fc.string({ maxLength: 12 }).map((t) => JSON.stringify(t)), weight: 6 },
  stringLiteral,
);
const stringMap = fc
  .tuple(
    fc.uniqueArray(fc.tuple(fc.constantFrom('abc', 'tier', '__proto__', 'a":b', 'x\\y', '123'), stringLiteral), {
      selector: ([k]) => k,
      maxLength: 4,
    }),
    rarely(fc.nat()),
  )
  .chain(([entries, twice]) => joined(entries, twice));
const literalOf = (f: FieldDescriptor): fc.Arbitrary<string> => {
  const absent = fc.constant('null');
  if (f.kind.type === 'map') return fc.oneof({ arbitrary: stringMap, weight: 4 }, absent);
  if (f.kind.type === 'enum')
    return fc.oneof(fc.constantFrom(...f.kind.values.map((v) => JSON.stringify(v))), stringLiteral, absent);
  return fc.oneof({ arbitrary: likelyString, weight: 4 }, absent);
};
const likely = fc
  .tuple(
    fc
      .uniqueArray(fc.constantFrom(...fields), { selector: (f) => f.number, maxLength: fields.length })
      .chain((fs) => fc.tuple(...fs.map((f) => fc.tuple(fc.constantFrom(f.name, f.jsonName), literalOf(f))))),
    rarely(fc.nat()),
  )
  .chain(([entries, twice]) => joined(entries, twice));
const body = fc
  .tuple(
    ws,
    fc.oneof({ arbitrary: likely, weight: 3 }, object(key, fc.oneof(scalar, metadata))),
    ws,
    fc.constantFrom('', '', '', '', '', '', 'x', '{}', '\u00ff'),
  )
  .map(([a, o, b, tail]) => `${a}${o}${b}${tail}`);
/** Now and then a byte that is not UTF-8 on its own. */
const bytes = fc.tuple(body, fc.nat(), rarely(fc.constantFrom(0xff, 0xc3, 0xed, 0xef))).map(([t, at, byte]) => {
  const b = Buffer.from(t);
  if (byte === null || b.length === 0) return b;
  const i = at % b.length;
  return Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
});

describe('protojson fast path', () => {
  it('takes the common bodies', () => {
    const got = decodeMessageFast(
      Buffer.from(' {"display_name":"Acme","metadata":{"tier":"gold"}, "logoUrl" : null}\n'),
      fields,
    );
    expect(got).toEqual(
      new Map<string, unknown>([
        ['display_name', 'Acme'],
        ['metadata', { tier: 'gold' }],
      ]),
    );
    expect(decodeMessageFast(Buffer.from('{"regionCode":"EU","displayName":"A\\"b\\n"}'), fields)).toEqual(
      new Map([
        ['region_code', 'EU'],
        ['display_name', 'A"b\n'],
      ]),
    );
  });

  it.each([
    ['a repeated key', '{"display_name":"a","display_name":"b"}'],
    ['a field under both names', '{"display_name":"a","displayName":"b"}'],
    ['a repeated map key', '{"metadata":{"abc":"1","abc":"2"}}'],
    ['a \\u escape', '{"display_name":"\\ud800"}'],
    ['an enum number', '{"regionCode":1}'],
    ['an unknown field', '{"display_name":"a","id":"x"}'],
    ['a wrong type', '{"display_name":1}'],
    ['a null map value', '{"metadata":{"abc":null}}'],
    ['bytes after the value', '{"display_name":"a"} x'],
    ['an empty body', ''],
    ['an array', '[]'],
  ])('leaves %s to the exact decoder', (_, text) => {
    expect(decodeMessageFast(Buffer.from(text), fields)).toBeUndefined();
  });

  it('leaves invalid UTF-8 to the exact decoder', () => {
    expect(
      decodeMessageFast(Buffer.from([0x7b, 0x22, 0x64, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), fields),
    ).toBeUndefined();
  });

  it('decodes whatever it takes exactly as Go and protojson do', () => {
    let taken = 0;
    fc.assert(
      fc.property(bytes, (b) => {
        const fast = decodeMessageFast(b, fields);
        if (fast === undefined) return;
        taken++;
        const slow = exact(b);
        expect(slow).toEqual({ ok: true, fields: fast });
        const meta = fast.get('metadata');
        if (meta !== undefined) expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
      }),
      fcOptions(runs(3000, 100_000)),
    );
    // The property says nothing if the fast path never answers.
    expect(taken).toBeGreaterThan(runs(3000, 100_000) / 8);
  });
});
