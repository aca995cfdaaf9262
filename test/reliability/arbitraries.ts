import fc from 'fast-check';
import type { Headers } from './vendors.js';

/** `ORGMOCK_HEAVY=1` runs every property and load many times more. */
export const HEAVY = Boolean(process.env.ORGMOCK_HEAVY);
export const runs = (light: number, heavy: number) => Number(process.env.ORGMOCK_FUZZ_RUNS) || (HEAVY ? heavy : light);

/** fast-check's options; a failure prints its seed, which ORGMOCK_FUZZ_SEED replays. */
export function fcOptions(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.ORGMOCK_FUZZ_SEED;
  return { numRuns, ...(seed ? { seed: Number(seed) } : {}) };
}

/** Keys that rewrite a prototype when code copies them carelessly, and names a pollution would set. */
const DANGEROUS_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'polluted',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
];

const str = (maxLength = 30) => fc.string({ unit: 'binary', maxLength });

/** Any JSON value, unicode strings included. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
  fc.constantFrom(null, '', ' ', 0, -1, 1.5, true, false, [], {}, 'null', '0', 'true'),
  str(200),
);

/**
 * JSON text written by hand, so that `__proto__` stays a key in the text (an
 * object literal would make it a prototype) and so that numbers and escapes
 * JSON.stringify never writes (`1e400`, lone surrogates) appear.
 */
function jsonText(fields: string[]): fc.Arbitrary<string> {
  const key = fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), fc.constantFrom(...fields), str(10));
  const leaf = fc.oneof(
    fc.constantFrom(
      'null',
      'true',
      'false',
      '0',
      '-0',
      '1e400',
      '-1e-400',
      '12345678901234567890',
      '0.1',
      '1E2',
      '-0.0',
    ),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
    str().map((s) => JSON.stringify(s)),
    fc.constantFrom(
      '"\\ud800"',
      '"\\udfff x"',
      '"\\u0000"',
      '"\\ud83d\\ude00"',
      '"\u2028\u2029"',
      '"\\/"',
      '"\\"',
      '"a\\u00e9"',
    ),
  );
  const { value } = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }).map((a) => `[${a.join(',')}]`),
    object: fc
      .array(fc.tuple(key, tie('value')), { maxLength: 5 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  }));
  return value;
}

/** Bodies that try to set `polluted` on Object.prototype by every route a careless copy or merge offers. */
function pollutionJson(fields: string[]): fc.Arbitrary<string> {
  const payloads = (f: string) => [
    '{"__proto__":{"polluted":"yes"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    `{"${f}":{"__proto__":{"polluted":"yes"}}}`,
    `{"${f}":{"constructor":{"prototype":{"polluted":"yes"}}}}`,
    `{"${f}":"x","__proto__":{"${f}":"y","polluted":"yes"}}`,
    `{"__proto__":{"__proto__":{"polluted":"yes"}},"${f}":"x"}`,
    `[{"__proto__":{"polluted":"yes"}}]`,
    `{"${f}":[{"__proto__":{"polluted":"yes"}}]}`,
    `{"${f}":{"prototype":{"polluted":"yes"},"polluted":"yes"}}`,
  ];
  return fc.constantFrom(...fields).chain((f) => fc.constantFrom(...payloads(f)));
}

function pollutionForm(fields: string[]): fc.Arbitrary<string> {
  const payloads = (f: string) => [
    '__proto__[polluted]=yes',
    'constructor[prototype][polluted]=yes',
    `${f}[__proto__][polluted]=yes`,
    `${f}[constructor][prototype][polluted]=yes`,
    '__proto__.polluted=yes',
    `${f}=x&__proto__=y`,
    '__proto__=%7B%22polluted%22%3A1%7D',
  ];
  return fc.constantFrom(...fields).chain((f) => fc.constantFrom(...payloads(f)));
}

/** Nesting thousands deep, bare or under a known field: a recursive decoder or copy overflows its stack. */
function deepJson(fields: string[]): fc.Arbitrary<string> {
  return fc
    .record({
      depth: fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 200, max: 60_000 })),
      open: fc.constantFrom('[', '{"a":', '{"__proto__":', ...fields.map((f) => `{"${f}":`)),
      under: fc.option(fc.constantFrom(...fields), { nil: undefined }),
    })
    .map(({ depth, open, under }) => {
      const close = open === '[' ? ']' : '}';
      const nested = open.repeat(depth) + (open === '[' ? '' : '1') + close.repeat(depth);
      return under === undefined ? nested : `{"${under}":${nested}}`;
    });
}

/** A known field holding a long string: ASCII, accented, astral, control or escaped characters. */
function hugeJson(fields: string[]): fc.Arbitrary<string> {
  return fc
    .record({
      field: fc.constantFrom(...fields),
      unit: fc.constantFrom('a', 'é', '😀', '\u0000', ' ', '\\n', '\\ud800', '\\u00e9', '<script>', '\u202e'),
      length: fc.integer({ min: 1_000, max: 120_000 }),
    })
    .map(({ field, unit, length }) => {
      const escaped = unit.startsWith('\\') ? unit : JSON.stringify(unit).slice(1, -1);
      return `{"${field}":"${escaped.repeat(Math.ceil(length / escaped.length))}"}`;
    });
}

/** Broken JSON: cut short, with a stray byte, trailing commas, comments, NaN, a BOM, duplicate keys. */
function brokenJson(fields: string[]): fc.Arbitrary<string | Buffer> {
  return fc.oneof(
    fc.tuple(jsonText(fields), fc.nat()).map(([t, n]) => t.slice(0, t.length === 0 ? 0 : n % t.length)),
    fc
      .constantFrom(...fields)
      .chain((f) =>
        fc.constantFrom<string | Buffer>(
          `{"${f}":"x",}`,
          `{"${f}":NaN}`,
          `{"${f}":Infinity}`,
          `{"${f}":-Infinity}`,
          `{/*c*/"${f}":"x"}`,
          `\uFEFF{"${f}":"x"}`,
          `{"${f}":"x","${f}":1}`,
          `{'${f}':'x'}`,
          `{${f}:"x"}`,
          `{"${f}":"\\x41"}`,
          `{"${f}":"a\tb"}`,
          `{"${f}":01}`,
          `{"${f}":.5}`,
          `{"${f}":"x"}{"${f}":"y"}`,
          `{"${f}":"x"} trailing`,
          '{',
          '}',
          '[',
          '"',
          'null',
          'true',
          '0',
          '""',
          '[]',
          '{}',
          ' ',
          '\n',
          '\0',
          Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
          Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
          Buffer.from([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d]),
          Buffer.from(`{"${f}":"\xc3\x28"}`, 'latin1'),
        ),
      ),
  );
}

function formText(fields: string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    fc.constantFrom(...fields),
    fc.constantFrom(...fields).map((f) => `${f}[]`),
    fc.constantFrom(...fields).map((f) => `${f}[0]`),
    fc.constantFrom(...fields).map((f) => `${f}[a][b]`),
    fc.constantFrom(...DANGEROUS_KEYS),
    str(10).map(encodeURIComponent),
  );
  const value = fc.oneof(
    str(40).map(encodeURIComponent),
    fc.constantFrom('', '%zz', '%', '+', '%00', 'a%20b', '%E2%82%AC', '%FF'),
    str(10),
  );
  return fc
    .array(fc.tuple(key, value, fc.boolean()), { maxLength: 8 })
    .map((pairs) => pairs.map(([k, v, withEq]) => (withEq ? `${k}=${v}` : k)).join('&'));
}

export interface BodyCase {
  kind: string;
  payload?: string | Buffer;
  contentType?: string;
}

export interface BodySpec {
  /** How this route's clients encode bodies. */
  encoding: 'json' | 'form';
  /** A body the route accepts, so that many requests get past every check and write. */
  valid: fc.Arbitrary<Record<string, unknown>>;
  /** Known fields and values for them, valid ones most of the time, so requests get past the decoding and the checks. */
  fields: Record<string, fc.Arbitrary<unknown>>;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=UTF-16',
  'application/json; charset=latin1',
  'application/json;charset="utf-8"',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'text/plain',
  'text/html',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'application/grpc',
  '*/*',
  '',
  ' ',
  'json',
  'application/',
  ';',
  'application/json; charset=',
  'application/json; boundary=x; charset=utf-8; q=1',
  'application/json, text/plain',
  'application/json; charset=utf-32',
  'application/json; charset=ebcdic',
  'text/plain; charset=utf-8',
];

/** Header text a real HTTP/1.1 parser lets through: visible ASCII, obs-text, tabs. */
const headerChar = fc
  .oneof(
    { weight: 20, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
    { weight: 1, arbitrary: fc.constant(0x09) },
  )
  .map((c) => String.fromCharCode(c));
export const headerValue = fc.string({ unit: headerChar, maxLength: 60 }).map((s) => s.trim());

const contentTypeArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<string | undefined>(undefined, ...CONTENT_TYPES) },
  { weight: 1, arbitrary: headerValue },
);

export function bodyArb(spec: BodySpec): fc.Arbitrary<BodyCase> {
  const names = Object.keys(spec.fields);
  const natural = spec.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
  const withType = (
    kind: string,
    payload: fc.Arbitrary<string | Buffer | undefined>,
    preferred: string | undefined = natural,
  ) =>
    fc
      .tuple(
        payload,
        fc.oneof({ weight: 4, arbitrary: fc.constant(preferred) }, { weight: 1, arbitrary: contentTypeArb }),
      )
      .map(([p, contentType]): BodyCase => ({ kind, payload: p, contentType }));
  const encode = (r: Record<string, unknown>) =>
    spec.encoding === 'json'
      ? JSON.stringify(r)
      : new URLSearchParams(
          Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]),
        ).toString();
  const record = fc.record(spec.fields, { requiredKeys: [] });
  const nearValid = fc
    .tuple(
      record,
      fc.option(fc.dictionary(fc.constantFrom(...DANGEROUS_KEYS, ...names), anyValue, { maxKeys: 2 }), {
        freq: 4,
        nil: undefined,
      }),
    )
    .map(([r, extra]) => encode(extra ? { ...extra, ...r } : r));
  return fc.oneof(
    { weight: 6, arbitrary: withType('valid', spec.valid.map(encode)) },
    { weight: 6, arbitrary: withType('near-valid', nearValid) },
    { weight: 3, arbitrary: withType('json', jsonText(names), 'application/json') },
    {
      weight: 2,
      arbitrary: withType('pollution', spec.encoding === 'json' ? pollutionJson(names) : pollutionForm(names)),
    },
    { weight: 1, arbitrary: withType('pollution-json', pollutionJson(names), 'application/json') },
    { weight: 1, arbitrary: withType('deep', deepJson(names), 'application/json') },
    { weight: 1, arbitrary: withType('huge', hugeJson(names), 'application/json') },
    { weight: 2, arbitrary: withType('broken', brokenJson(names), 'application/json') },
    { weight: 2, arbitrary: withType('form', formText(names), 'application/x-www-form-urlencoded') },
    {
      weight: 1,
      arbitrary: withType(
        'bytes',
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        'application/octet-stream',
      ),
    },
    { weight: 1, arbitrary: withType('empty', fc.constantFrom(undefined, '', ' ')) },
  );
}

/** Path ids: the valid ones most of the time, then variants, random text, encodings routers trip on, and very long ones. */
export function idArb(valid: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 8, arbitrary: fc.constantFrom(...valid) },
      { weight: 1, arbitrary: fc.constantFrom(...valid).map((v) => v.toUpperCase()) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...valid), str(3)).map(([v, s]) => encodeURIComponent(v + s)) },
      { weight: 2, arbitrary: str(40).map(encodeURIComponent) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '%zz',
          '%',
          '%2F',
          'a%2Fb',
          '%00',
          '%C0%AF',
          '%E2%80%AE',
          '%F0%9F%98%80',
          '%ED%A0%80',
          '__proto__',
          'constructor',
          'prototype',
          'null',
          'undefined',
          '-1',
          '0',
          '1e3',
          '%20',
          "'",
          '(x)',
          '*',
          '!',
          '~',
          ';a=b',
          ',',
          '$',
          '@',
          ':',
          'a:b',
          '%5B%5D',
          '..a',
          'a..',
          '%25',
          '%2525',
        ),
      },
      { weight: 1, arbitrary: fc.integer({ min: 100, max: 9000 }).map((n) => 'a'.repeat(n)) },
    )
    .filter((id) => id !== '' && !/^(\.|%2e){1,2}$/i.test(id));
}

/** A query string now and then, some of them aimed at the query parser's prototype. */
export const queryArb = fc.option(
  fc.oneof(
    fc.constantFrom(
      '?__proto__[polluted]=1',
      '?constructor[prototype][polluted]=1',
      '?a=1&a=2',
      '?%zz',
      '?',
      '?__proto__=x',
    ),
    str(20).map((s) => `?q=${encodeURIComponent(s)}`),
  ),
  { freq: 5, nil: '' },
);

const HEADER_NAMES = [
  'authorization',
  'cookie',
  'x-app-name',
  'ce-clientid',
  'x-management-key',
  'x-vital-org-key',
  'accept',
  'accept-encoding',
  'content-encoding',
  'x-forwarded-for',
  'origin',
  'x-http-method-override',
  'x-requested-with',
  'connect-protocol-version',
  'grpc-timeout',
  'x-grpc-web',
  'accept-charset',
  'if-match',
  'range',
  'x-request-id',
];
const headerName = fc
  .oneof(fc.constantFrom(...HEADER_NAMES), fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/))
  .filter(
    (n) =>
      ![
        'host',
        'content-length',
        'transfer-encoding',
        'connection',
        'content-type',
        'expect',
        'upgrade',
        'keep-alive',
      ].includes(n),
  );

/** Authorization values that are almost right: schemes without tokens, base64 noise, a valid token cut or flipped. */
export function authorizationArb(validTokens: readonly string[]): fc.Arbitrary<string> {
  const token = validTokens.length > 0 ? fc.constantFrom(...validTokens) : fc.constant('x.y.z');
  return fc.oneof(
    headerValue,
    fc.constantFrom(
      'Bearer',
      'Bearer ',
      'bearer  x',
      'Basic',
      'Basic !!!',
      'Basic Og==',
      'Token x',
      'Bearer null',
      'Bearer undefined',
    ),
    headerValue.map((v) => `Bearer ${v}`),
    headerValue.map((v) => `Basic ${Buffer.from(v).toString('base64')}`),
    fc.tuple(token, fc.nat()).map(([t, n]) => `Bearer ${t.slice(0, n % t.length)}`),
    fc.tuple(token, fc.nat(), fc.constantFrom('A', '-', '_', '.', '')).map(([t, n, c]) => {
      const i = n % t.length;
      return `Bearer ${t.slice(0, i)}${c}${t.slice(i + 1)}`;
    }),
    token.map((t) => `Bearer ${t}.`),
    token.map((t) => `Bearer ${t} ${t}`),
  );
}

export interface HeaderSpec {
  /** Valid credential headers; most requests carry one of them. */
  credentials: readonly Headers[];
  /** Headers this vendor reads, with values to try (valid and not). */
  vendorHeaders: Record<string, fc.Arbitrary<string>>;
}

export function headersArb(spec: HeaderSpec): fc.Arbitrary<Headers> {
  const credential =
    spec.credentials.length > 0
      ? fc.option(fc.constantFrom(...spec.credentials), { freq: 4, nil: undefined })
      : fc.constant(undefined);
  const vendorNames = Object.keys(spec.vendorHeaders);
  const vendor =
    vendorNames.length > 0
      ? fc
          .record(spec.vendorHeaders, { requiredKeys: [] })
          .chain((h) => fc.subarray(Object.keys(h)).map((keep) => Object.fromEntries(keep.map((k) => [k, h[k]!]))))
      : fc.constant({});
  return fc
    .tuple(fc.dictionary(headerName, headerValue, { maxKeys: 4 }), credential, vendor)
    .map(([random, cred, own]) => ({ ...random, ...(cred ?? {}), ...own }));
}

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
