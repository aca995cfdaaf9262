/**
 * Go's `strconv.Quote` (what `%q` prints for a string or a byte slice), for the
 * Go stacks whose messages quote what a client sent: protojson's
 * `invalid escape code "\\ud800" in string`, strconv's
 * `parsing "abc": invalid syntax`, grpc-gateway's `could not find field "foo"`,
 * protovalidate-go's map keys in field paths (`metadata["a\tb"]`).
 *
 * Follows go/src/strconv/quote.go (appendQuotedWith / appendEscapedRune):
 * the input is read as UTF-8 bytes; a byte that does not start a valid
 * sequence is `\xNN`; `"` and `\` are escaped; a printable rune
 * (`strconv.IsPrint`: categories L, M, N, P, S and U+0020) is kept as is;
 * `\a \b \f \n \r \t \v` are named; other runes below U+0020 and U+007F are
 * `\xNN`, the rest `\uXXXX` or `\UXXXXXXXX`.
 */

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

export function isGoPrint(cp: number): boolean {
  if (cp < 0x7f) return cp >= 0x20;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

const NAMED: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
};

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * Length of the valid UTF-8 sequence at `i` (Go's utf8.DecodeRune), or 0 where
 * Go reads RuneError of width 1: overlongs, surrogates, > U+10FFFF, truncated.
 */
export function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => b[i + k] !== undefined && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function decodeAt(b: Uint8Array, i: number, len: number): number {
  const c = b[i]!;
  if (len === 1) return c;
  if (len === 2) return ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
  if (len === 3) return ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
  return ((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
}

/** One rune as appendEscapedRune writes it, with `"` as the quote. */
function escapeRune(cp: number): string {
  if (cp === 0x22) return '\\"';
  if (cp === 0x5c) return '\\\\';
  if (isGoPrint(cp)) return String.fromCodePoint(cp);
  const named = NAMED[cp];
  if (named) return named;
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex(cp, 2)}`;
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

/**
 * `strconv.Quote`. A JavaScript string is taken as its UTF-8 encoding (a lone
 * surrogate, which no Go string read from valid input holds, as U+FFFD).
 */
export function goQuote(input: string | Uint8Array): string {
  const b = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let out = '"';
  for (let i = 0; i < b.length; ) {
    const len = utf8SequenceLength(b, i);
    if (len === 0) {
      out += `\\x${hex(b[i]!, 2)}`;
      i++;
      continue;
    }
    out += escapeRune(decodeAt(b, i, len));
    i += len;
  }
  return `${out}"`;
}
