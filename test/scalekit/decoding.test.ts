import { describe, expect, it } from 'vitest';
import { decodeMessage, runeCount, type FieldDescriptor } from '../../src/providers/scalekit/protojson.js';

// Go's encoding/json Decoder, which grpc-gateway reads a body with first, is tested in test/shared/go-json.test.ts.

describe('protojson decoding', () => {
  const fields: FieldDescriptor[] = [
    { number: 4, name: 'display_name', jsonName: 'displayName', kind: { type: 'string' } },
    {
      number: 5,
      name: 'region_code',
      jsonName: 'regionCode',
      kind: { type: 'enum', values: ['REGION_CODE_UNSPECIFIED', 'US', 'EU'] },
    },
    { number: 7, name: 'metadata', jsonName: 'metadata', kind: { type: 'map' } },
  ];
  const decode = (text: string | Buffer) => decodeMessage(Buffer.isBuffer(text) ? text : Buffer.from(text), fields);

  it('reads proto and JSON names, enum names and numbers, escapes and surrogate pairs', () => {
    const out = decode('{"displayName":"A\\u00e9\\ud83c\\udfe2\\n","region_code":2,"metadata":{"k\\"ey":"v"}}');
    expect(out).toEqual({
      ok: true,
      fields: new Map<string, unknown>([
        ['display_name', 'Aé🏢\n'],
        ['region_code', 'EU'],
        ['metadata', { 'k"ey': 'v' }],
      ]),
    });
  });

  it('keeps __proto__ a plain metadata key', () => {
    const out = decode('{"metadata":{"__proto__":"x"}}');
    expect(out.ok && (out.fields.get('metadata') as Record<string, string>)).toEqual(JSON.parse('{"__proto__":"x"}'));
    expect(Object.getPrototypeOf(out.ok && out.fields.get('metadata'))).toBe(Object.prototype);
  });

  it.each([
    ['{"metadata":{"a":"1","a":"2"}}', 'proto: (line 1:22): duplicate map key "a"'],
    ['{"displayName":true}', 'proto: (line 1:16): invalid value for string field displayName: true'],
    ['{"displayName":{"a":1}}', 'proto: (line 1:16): invalid value for string field displayName: {'],
    ['{"regionCode":"APAC"}', 'proto: (line 1:15): invalid value for enum field regionCode: "APAC"'],
    ['{"regionCode":9}', 'proto: (line 1:15): invalid value for enum field regionCode: 9'],
    ['{"metadata":"x"}', 'proto: syntax error (line 1:13): unexpected token "x"'],
    ['{"disp\\u006cayName":1}', 'proto: (line 1:21): invalid value for string field displayName: 1'],
    ['{"a\\u00e9":1}', 'proto: (line 1:2): unknown field "a\\u00e9"'],
    ['{"displayName":"\\ud800"}', 'proto: unexpected EOF'],
    [
      '{"displayName":"\\ud800\\u0041xyz"}',
      'proto: syntax error (line 1:16): invalid escape code "\\\\u0041" in string',
    ],
    ['{"displayName":"\\udc00abcdefg"}', 'proto: syntax error (line 1:16): invalid escape code "abcdef" in string'],
  ])('%s -> %s', (text, message) => {
    expect(decode(text)).toMatchObject({ ok: false, message });
  });

  it('counts columns in runes, an invalid byte as one', () => {
    expect(runeCount(Buffer.from('aé🏢'))).toBe(3);
    expect(runeCount(Buffer.from([0x61, 0xff, 0xe2, 0x82]))).toBe(4);
  });
});
