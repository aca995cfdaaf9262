import { describe, expect, it } from 'vitest';
import { decodeFirstValue, quoteChar, toPlain } from '../../src/providers/gmicloud/go-json.js';
import { parseGoUuid } from '../../src/providers/gmicloud/go-uuid.js';

/** Texts produced by Go 1.22 encoding/json `Decoder.Decode` on the same bytes. */
const decodeError = (text: string | Uint8Array) => {
  const r = decodeFirstValue(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  return r.ok ? 'ok' : r.eof ? 'EOF' : r.error;
};

describe("Go's encoding/json Decoder", () => {
  it('reports the syntax errors in its own words', () => {
    const cases: Array<[string, string]> = [
      ['x', "invalid character 'x' looking for beginning of value"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
      ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
      ['[1 2]', "invalid character '2' after array element"],
      ['[1,]', "invalid character ']' looking for beginning of value"],
      ['{"a":"\u0001"}', "invalid character '\\x01' in string literal"],
      ['{"a":"x\ny"}', "invalid character '\\n' in string literal"],
      ['{"a":"\\x"}', "invalid character 'x' in string escape code"],
      ['{"a":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
      ['{"a":-x}', "invalid character 'x' in numeric literal"],
      ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
      ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
      ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
      ['{"a":fals}', "invalid character '}' in literal false (expecting 'e')"],
      ['{"a":nul}', "invalid character '}' in literal null (expecting 'l')"],
      ['{"a":01}', "invalid character '1' after object key:value pair"],
      ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
      ['\\', "invalid character '\\\\' looking for beginning of value"],
    ];
    for (const [input, message] of cases) expect([input, decodeError(input)]).toEqual([input, message]);
  });

  it('quotes non-ASCII bytes as Latin-1 runes, escaping the ones Go does not print', () => {
    expect(decodeError(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe("invalid character 'ï' looking for beginning of value");
    expect(quoteChar(0x85)).toBe("'\\u0085'");
    expect(quoteChar(0xa0)).toBe("'\\u00a0'");
    expect(quoteChar(0x7f)).toBe("'\\x7f'");
    expect(quoteChar(0x09)).toBe("'\\t'");
  });

  it('EOF for nothing, unexpected EOF for a cut-off value, and ignores what follows the first value', () => {
    expect(decodeError('')).toBe('EOF');
    expect(decodeError(' \n')).toBe('EOF');
    expect(decodeError('{"a":')).toBe('unexpected EOF');
    expect(decodeError('"abc')).toBe('unexpected EOF');
    expect(decodeError('{} {')).toBe('ok');
    expect(decodeError('1x')).toBe('ok');
    expect(decodeError('[' .repeat(10001))).toBe("invalid character '[' exceeded max depth");
  });

  it('decodes strings the Go way: invalid UTF-8 and lone surrogates become U+FFFD', () => {
    const r = decodeFirstValue(Buffer.concat([Buffer.from('{"a":"x'), Buffer.from([0xe2, 0x82]), Buffer.from('y\\ud800\\u0041\\ud83d\\ude00","__proto__":[1,{"b":null}]}')]));
    expect(r.ok && toPlain(r.value)).toEqual(Object.fromEntries([['a', 'x\ufffd\ufffdy\ufffdA😀'], ['__proto__', [1, { b: null }]]]));
    expect(Object.getPrototypeOf(r.ok && toPlain(r.value))).toBe(Object.prototype);
  });
});

describe("google/uuid's Parse", () => {
  const ID = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';

  it('accepts the hyphenated, 32-digit, braced and urn forms, in any case', () => {
    for (const form of [ID, ID.toUpperCase(), ID.replaceAll('-', ''), `{${ID}}`, `urn:uuid:${ID}`, `UrN:UUID:${ID}`, `x${ID}y`]) {
      expect([form, parseGoUuid(form)]).toEqual([form, ID]);
    }
  });

  it('refuses everything else', () => {
    for (const form of ['', 'not-a-uuid', ID.slice(1), `${ID}0`, ID.replace(/-/g, '_'), `urn:uuix:${ID}`, ID.replace('a', 'g'), 'é'.repeat(18)]) {
      expect([form, parseGoUuid(form)]).toEqual([form, undefined]);
    }
  });
});
