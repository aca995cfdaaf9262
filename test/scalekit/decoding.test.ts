import { describe, expect, it } from 'vitest';
import { goQuoteChar, readGoJsonValue } from '../../src/providers/scalekit/go-json.js';
import { decodeMessage, runeCount, type FieldDescriptor } from '../../src/providers/scalekit/protojson.js';

const goError = (text: string | Buffer) => readGoJsonValue(Buffer.isBuffer(text) ? text : Buffer.from(text));

describe("Go encoding/json's Decoder, as grpc-gateway reads a body", () => {
  it('finds the first value and ignores what follows', () => {
    expect(goError('  {"a": [1, 2]}  xyz')).toEqual({ kind: 'value', bytes: Buffer.from('{"a": [1, 2]}') });
    expect(goError('5 ')).toEqual({ kind: 'value', bytes: Buffer.from('5') });
    expect(goError('5x')).toEqual({ kind: 'value', bytes: Buffer.from('5') });
    expect(goError('true')).toEqual({ kind: 'value', bytes: Buffer.from('true') });
    expect(goError('"s"')).toEqual({ kind: 'value', bytes: Buffer.from('"s"') });
    expect(goError('-1.5e+3')).toEqual({ kind: 'value', bytes: Buffer.from('-1.5e+3') });
  });

  it('empty and whitespace-only bodies are io.EOF', () => {
    expect(goError('')).toEqual({ kind: 'empty' });
    expect(goError(' \r\n\t')).toEqual({ kind: 'empty' });
  });

  it.each([
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":nul}', "invalid character '}' in literal null (expecting 'l')"],
    ['{"a":fx}', "invalid character 'x' in literal false (expecting 'a')"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"a":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
    ['{"a":-x}', "invalid character 'x' in numeric literal"],
    ['{"a":1.x}', "invalid character 'x' after decimal point in numeric literal"],
    ['{"a":1ex}', "invalid character 'x' in exponent of numeric literal"],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ['{"a"', 'unexpected EOF'],
    ['[', 'unexpected EOF'],
    ['tr', 'unexpected EOF'],
    ['"abc', 'unexpected EOF'],
  ])('%s -> %s', (text, message) => {
    expect(goError(text)).toEqual({ kind: 'error', message });
  });

  it('shows bytes as Go quotes them', () => {
    expect(goError(Buffer.from('{"a":"\x01"}'))).toEqual({ kind: 'error', message: "invalid character '\\x01' in string literal" });
    expect(goError(Buffer.from('{"a":"\n"}'))).toEqual({ kind: 'error', message: "invalid character '\\n' in string literal" });
    expect(goError(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toEqual({ kind: 'error', message: "invalid character 'ï' looking for beginning of value" });
    expect(goQuoteChar(0x27)).toBe(`'\\''`);
    expect(goQuoteChar(0x22)).toBe(`'"'`);
    expect(goQuoteChar(0x5c)).toBe(`'\\\\'`);
    expect(goQuoteChar(0x85)).toBe(`'\\u0085'`);
  });

  it('refuses nesting beyond 10000', () => {
    expect(goError('['.repeat(10001))).toEqual({ kind: 'error', message: "invalid character '[' exceeded max depth" });
    expect(goError('['.repeat(10000))).toEqual({ kind: 'error', message: 'unexpected EOF' });
  });
});

describe('protojson decoding', () => {
  const fields: FieldDescriptor[] = [
    { number: 4, name: 'display_name', jsonName: 'displayName', kind: { type: 'string' } },
    { number: 5, name: 'region_code', jsonName: 'regionCode', kind: { type: 'enum', values: ['REGION_CODE_UNSPECIFIED', 'US', 'EU'] } },
    { number: 7, name: 'metadata', jsonName: 'metadata', kind: { type: 'map' } },
  ];
  const decode = (text: string | Buffer) => decodeMessage(Buffer.isBuffer(text) ? text : Buffer.from(text), fields);

  it('reads proto and JSON names, enum names and numbers, escapes and surrogate pairs', () => {
    const out = decode('{"displayName":"A\\u00e9\\ud83c\\udfe2\\n","region_code":2,"metadata":{"k\\"ey":"v"}}');
    expect(out).toEqual({ ok: true, fields: new Map<string, unknown>([['display_name', 'Aé🏢\n'], ['region_code', 'EU'], ['metadata', { 'k"ey': 'v' }]]) });
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
    ['{"displayName":"\\ud800\\u0041xyz"}', 'proto: syntax error (line 1:16): invalid escape code "\\\\u0041" in string'],
    ['{"displayName":"\\udc00abcdefg"}', 'proto: syntax error (line 1:16): invalid escape code "abcdef" in string'],
  ])('%s -> %s', (text, message) => {
    expect(decode(text)).toMatchObject({ ok: false, message });
  });

  it('counts columns in runes, an invalid byte as one', () => {
    expect(runeCount(Buffer.from('aé🏢'))).toBe(3);
    expect(runeCount(Buffer.from([0x61, 0xff, 0xe2, 0x82]))).toBe(4);
  });
});
