import { describe, expect, it } from 'vitest';
import {
  decodeValue,
  goKind,
  PLAIN_DEPTH,
  quoteChar,
  readFirstValue,
  toPlain,
} from '../../src/providers/shared/go-json.js';

/** Texts produced by Go 1.22 encoding/json `Decoder.Decode` on the same bytes. */
const read = (text: string | Buffer) => readFirstValue(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));
const decodeError = (text: string | Buffer) => {
  const r = read(text);
  return r.kind === 'value' ? 'ok' : r.kind === 'empty' ? 'EOF' : r.message;
};
const decode = (text: string | Buffer) => {
  const r = read(text);
  if (r.kind !== 'value') throw new Error(`not a value: ${JSON.stringify(r)}`);
  return decodeValue(r.bytes);
};

describe("Go's encoding/json Decoder: the first value", () => {
  it('finds the first value without the whitespace around it and ignores what follows', () => {
    expect(read('  {"a": [1, 2]}  xyz')).toEqual({ kind: 'value', bytes: Buffer.from('{"a": [1, 2]}') });
    expect(read('{} {')).toEqual({ kind: 'value', bytes: Buffer.from('{}') });
    expect(read('[1]]')).toEqual({ kind: 'value', bytes: Buffer.from('[1]') });
    expect(read('5 ')).toEqual({ kind: 'value', bytes: Buffer.from('5') });
    expect(read('5x')).toEqual({ kind: 'value', bytes: Buffer.from('5') });
    expect(read('1x')).toEqual({ kind: 'value', bytes: Buffer.from('1') });
    expect(read('true')).toEqual({ kind: 'value', bytes: Buffer.from('true') });
    expect(read('"s"')).toEqual({ kind: 'value', bytes: Buffer.from('"s"') });
    expect(read('-1.5e+3')).toEqual({ kind: 'value', bytes: Buffer.from('-1.5e+3') });
  });

  it('empty and whitespace-only bodies are io.EOF', () => {
    expect(readFirstValue(undefined)).toEqual({ kind: 'empty' });
    expect(read('')).toEqual({ kind: 'empty' });
    expect(read(' \n')).toEqual({ kind: 'empty' });
    expect(read(' \r\n\t')).toEqual({ kind: 'empty' });
  });

  it.each([
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['[1 2]', "invalid character '2' after array element"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['{"a":"\u0001"}', "invalid character '\\x01' in string literal"],
    ['{"a":"x\ny"}', "invalid character '\\n' in string literal"],
    ['{"a":"\\x"}', "invalid character 'x' in string escape code"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"a":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
    ['{"a":-x}', "invalid character 'x' in numeric literal"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":1.x}', "invalid character 'x' after decimal point in numeric literal"],
    ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"a":1ex}', "invalid character 'x' in exponent of numeric literal"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":fals}', "invalid character '}' in literal false (expecting 'e')"],
    ['{"a":fx}', "invalid character 'x' in literal false (expecting 'a')"],
    ['{"a":nul}', "invalid character '}' in literal null (expecting 'l')"],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['\\', "invalid character '\\\\' looking for beginning of value"],
    ['{"a":', 'unexpected EOF'],
    ['{"a"', 'unexpected EOF'],
    ['[', 'unexpected EOF'],
    ['tr', 'unexpected EOF'],
    ['"abc', 'unexpected EOF'],
  ])('%s -> %s', (input, message) => {
    expect(read(input)).toEqual({ kind: 'error', message });
  });

  it('quotes bytes as Go does: non-ASCII ones as Latin-1 runes, escaping the ones Go does not print', () => {
    expect(decodeError(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe(
      "invalid character 'ï' looking for beginning of value",
    );
    expect(quoteChar(0x27)).toBe("'\\''");
    expect(quoteChar(0x22)).toBe("'\"'");
    expect(quoteChar(0x5c)).toBe("'\\\\'");
    expect(quoteChar(0x85)).toBe("'\\u0085'");
    expect(quoteChar(0xa0)).toBe("'\\u00a0'");
    expect(quoteChar(0xad)).toBe("'\\u00ad'");
    expect(quoteChar(0x7f)).toBe("'\\x7f'");
    expect(quoteChar(0x09)).toBe("'\\t'");
    expect(quoteChar(0xe9)).toBe("'é'");
  });

  it('refuses nesting beyond 10000', () => {
    expect(decodeError('['.repeat(10001))).toBe("invalid character '[' exceeded max depth");
    expect(decodeError('['.repeat(10000))).toBe('unexpected EOF');
    expect(decodeError('['.repeat(10000) + ']'.repeat(10000))).toBe('ok');
  });
});

describe("Go's encoding/json Decoder: the value", () => {
  it('decodes strings the Go way: invalid UTF-8 and lone surrogates become U+FFFD', () => {
    const v = decode(
      Buffer.concat([
        Buffer.from('{"a":"x'),
        Buffer.from([0xe2, 0x82]),
        Buffer.from('y\\ud800\\u0041\\ud83d\\ude00","__proto__":[1,{"b":null}]}'),
      ]),
    );
    expect(toPlain(v)).toEqual(
      Object.fromEntries([
        ['a', 'x\ufffd\ufffdy\ufffdA😀'],
        ['__proto__', [1, { b: null }]],
      ]),
    );
    expect(Object.getPrototypeOf(toPlain(v))).toBe(Object.prototype);
  });

  it('keeps keys in order, duplicates included, and numbers with their text', () => {
    expect(decode(' {"b":1.50,"a":true,"b":[null,"s",{}]} ')).toEqual({
      t: 'object',
      entries: [
        ['b', { t: 'number', v: 1.5, text: '1.50' }],
        ['a', { t: 'bool', v: true }],
        ['b', { t: 'array', items: [{ t: 'null' }, { t: 'string', v: 's' }, { t: 'object', entries: [] }] }],
      ],
    });
    expect(['null', '1', '"s"', 'false', '[]', '{}'].map((text) => goKind(decode(text)))).toEqual([
      'null',
      'number',
      'string',
      'bool',
      'array',
      'object',
    ]);
  });

  it('decodes and echoes a value nested as deep as Go allows without overflowing the stack', () => {
    const v = decode('['.repeat(10000) + ']'.repeat(10000));
    let plain = toPlain(v);
    let depth = 0;
    while (Array.isArray(plain) && plain.length > 0) {
      plain = plain[0];
      depth++;
    }
    // Containers below the echo depth come out as null.
    expect([depth, plain]).toEqual([PLAIN_DEPTH, null]);
    expect(() => JSON.stringify(toPlain(v))).not.toThrow();
  });
});
