import { describe, expect, it } from 'vitest';
import { goQuote, isGoPrint } from '../../src/providers/shared/go-quote.js';

/**
 * Expected texts are Go's `strconv.Quote` (src/strconv/quote.go at go1.20.4: appendEscapedRune from
 * line 68, with appendQuotedWith above it and IsPrint further down): a byte that starts no valid UTF-8
 * sequence is \xNN, `\a \b \f \n \r \t \v` are named, other runes below U+0020 and U+007F are \xNN,
 * runes IsPrint refuses (categories other than L, M, N, P, S, and spaces other than U+0020) are \uXXXX
 * or \UXXXXXXXX, everything printable is kept as it is.
 */
describe("Go's strconv.Quote", () => {
  it('names the seven C escapes and escapes the quote and the backslash', () => {
    expect(goQuote('\x07\b\f\n\r\t\v')).toBe('"\\a\\b\\f\\n\\r\\t\\v"');
    expect(goQuote('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(goQuote("it's")).toBe('"it\'s"');
  });

  it('other controls and DEL as \\xNN', () => {
    expect(goQuote('\x00\x01\x1b\x1f\x7f')).toBe('"\\x00\\x01\\x1b\\x1f\\x7f"');
  });

  it('keeps printable text of any script, marks and symbols as they are', () => {
    expect(goQuote('café ✓ 日本 😀 e\u0301 ﷺ')).toBe('"café ✓ 日本 😀 e\u0301 ﷺ"');
    expect(goQuote('\ufffd')).toBe('"\ufffd"');
  });

  it('non-printable runes as \\u or \\U: C1 controls, other spaces, format characters, private use, tags, unassigned', () => {
    expect(goQuote('\u0085')).toBe('"\\u0085"');
    expect(goQuote('a\u00a0b')).toBe('"a\\u00a0b"');
    expect(goQuote('\u00ad')).toBe('"\\u00ad"');
    expect(goQuote('\u200b\u200e\u2028\u2029\u3000\ufeff')).toBe('"\\u200b\\u200e\\u2028\\u2029\\u3000\\ufeff"');
    expect(goQuote('\ue000')).toBe('"\\ue000"');
    expect(goQuote('\u{e0041}')).toBe('"\\U000e0041"');
    expect(goQuote('\u{10fffd}')).toBe('"\\U0010fffd"');
    expect(goQuote('\u0378')).toBe('"\\u0378"');
  });

  it('bytes that start no valid UTF-8 sequence as \\xNN, each on its own', () => {
    expect(goQuote(Buffer.from([0x61, 0xff, 0x62]))).toBe('"a\\xffb"');
    expect(goQuote(Buffer.from([0xe2, 0x82]))).toBe('"\\xe2\\x82"');
    expect(goQuote(Buffer.from([0xc0, 0x80]))).toBe('"\\xc0\\x80"'); // overlong
    expect(goQuote(Buffer.from([0xed, 0xa0, 0x80]))).toBe('"\\xed\\xa0\\x80"'); // a surrogate
    expect(goQuote(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe('"\\xf4\\x90\\x80\\x80"'); // above U+10FFFF
    expect(goQuote(Buffer.from('é', 'utf8'))).toBe('"é"');
  });

  it('IsPrint: ASCII space yes, every other space no', () => {
    expect(isGoPrint(0x20)).toBe(true);
    expect([0x09, 0xa0, 0x1680, 0x2000, 0x202f].map(isGoPrint)).toEqual([false, false, false, false, false]);
  });
});
