/**
 * Byte-faithful re-implementation of how pydantic v2 turns a `str` into a
 * `uuid.UUID`, including the exact text of the `uuid_parsing` error reason
 * (`ctx.error`, and the suffix of `msg` after "Input should be a valid UUID, ").
 *
 * Sources (read, not guessed):
 *  - pydantic-core `src/validators/uuid.rs` (`UuidValidator::get_uuid`):
 *      * a `str` input goes straight to `Uuid::parse_str(s)` — no pre-checks,
 *        no special case for length 16, no trimming; the reason is
 *        `e.to_string()` (the crate's `Display`).
 *      * a `bytes` input: if it is UTF-8 and `Uuid::parse_str` accepts it, done;
 *        otherwise `Uuid::from_slice(bytes)` (16 raw bytes, else
 *        "invalid length: expected 16 bytes, found N"). The parse_str error is
 *        discarded on that path. Junction's ids come as `str` (path and JSON):
 *        only that branch is mirrored here.
 *  - pydantic-core 2.41.5 (the one bundled with pydantic 2.12, the vendor's
 *    generation) declares `uuid = "1.18.1"` (Cargo.toml line 46) and its
 *    Cargo.lock pins uuid 1.18.1. Its parser and error texts are those of
 *    1.20.0 (`git diff v1.18.1 v1.20.0 -- src/error.rs src/parser.rs` changes
 *    only formatting of an unrelated arm), which is what is reproduced here.
 *  - uuid crate (`uuid-rs/uuid`), 1.x parser:
 *      * `src/parser.rs`: `Uuid::parse_str(input)` =
 *        `try_parse(input.as_bytes()).map(Uuid::from_bytes).map_err(InvalidUuid::into_err)`.
 *      * `try_parse` dispatches purely on the BYTE length:
 *        32 -> simple; 36 -> hyphenated; 38 and `{..}` -> braced hyphenated;
 *        45 and `urn:uuid:` (lowercase, case-sensitive) -> urn hyphenated;
 *        anything else fails with `InvalidUuid(input)`. (`{simple}` and
 *        `urn:uuid:simple` are NOT accepted.) `parse_hyphenated(s)` requires `-`
 *        at bytes 8, 13, 18, 23 and hex elsewhere, and fails with
 *        `InvalidUuid(s)` — for the braced/urn shapes `s` is the 36-byte BODY.
 *      * `src/error.rs` `InvalidUuid::into_err` re-scans the rejected slice to
 *        build the diagnostic (see `intoErr`); `Display` texts are in
 *        `formatUuidError`.
 *
 * Version sensitivity (from the uuid-rs issue tracker):
 *  - early 1.x printed "followed by [0-9a-zA-Z]" (issue #655, Jan 2023, fixed).
 *  - after issue #862 (Mar 2026) the Char message became the short
 *    "invalid character: found `x` at N" — uuid 1.23.0 (in pydantic-core 2.46.4)
 *    already has it; later still (PR #882) indexes became 0-based and the
 *    simple-length message changed. The Junction API answers with the long
 *    "expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]"
 *    text, consistent with 1.20.0 above; `error.rs` was read at a commit with
 *    that wording (ErrorKind: ParseChar, ParseSimpleLength, ParseByteLength,
 *    ParseGroupCount, ParseGroupLength, ParseInvalidUTF8, ParseOther, plus the
 *    non-parsing Nil / InvalidSystemTime, which are not reproduced).
 *  - Cross-check: apart from that Char wording, every reason produced here was
 *    compared with a real pydantic-core 2.46.4 (uuid 1.23.0) on ~30k generated
 *    str inputs and 5k bytes inputs: identical (after substituting the wording).
 *
 * Consequences of the above (all reproduced, all covered by tests):
 *  - Char index is 1-based and counts BYTES of the slice given to `into_err`,
 *    plus the length of a `{` / `urn:uuid:` prefix that `into_err` itself strips.
 *    So for a 38-byte `{...}` or 45-byte `urn:uuid:...` input the index is
 *    relative to the body ("{00000000-0000-00g0-0000-000000000000}" -> `g` at 17)
 *    while for any other length it is relative to the whole input
 *    ("{00000000-0000-00g0-0000-0000000000000}" -> `g` at 18).
 *    Every byte before the first bad character is ASCII, so within the scanned
 *    slice byte and character positions agree; `found` is the full (possibly
 *    multi-byte / astral) character. The byte length still matters for the
 *    shape: "{00000000-0000-0000-0000-0000000000é}" is 37 chars but 38 bytes.
 *  - `into_err` recognises `{...}` at ANY length and `urn:uuid:` at ANY length;
 *    only un-prefixed all-hex input gets the "simple format" length error,
 *    prefixed all-hex input gets "invalid group count: expected 5, found 1".
 *  - Last-group length is `input.len() - 24` over the whole slice, so with a
 *    prefix stripped by `into_err` it over-counts by 2 / 9 (crate bug,
 *    reproduced: "{00000000-0000-0000-0000-0000000000}" -> "... expected 12, found 12").
 *  - `InvalidUTF8` and `Other` cannot be produced from a (valid) `str`; they are
 *    only reachable through byte inputs / other crate entry points. Their texts
 *    are still provided by `formatUuidError`.
 *
 * JS strings may contain lone UTF-16 surrogates, which no Python `str` coming
 * from an HTTP path can (uvicorn percent-decodes with errors="replace"). We
 * encode with `TextEncoder`, which maps a lone surrogate to U+FFFD — the same
 * character uvicorn would have produced. (Judgement call: pydantic itself would
 * reject a surrogate-carrying str earlier with `string_unicode`.)
 */

export type UuidParse = { ok: true; uuid: string /* canonical lowercase hyphenated */ } | { ok: false; reason: string };

/** The crate's `ErrorKind` variants that parsing can yield (uuid 1.20.0 names, minus the `Parse` prefix). */
export type RustUuidError =
  | { kind: 'Char'; character: string; index: number }
  | { kind: 'SimpleLength'; len: number }
  | { kind: 'ByteLength'; len: number }
  | { kind: 'GroupCount'; count: number }
  | { kind: 'GroupLength'; group: number; len: number; index: number }
  | { kind: 'InvalidUTF8' }
  | { kind: 'Other' };

const GROUP_EXPECTED = [8, 4, 4, 4, 12] as const;
const BLOCK_STARTS = [0, 9, 14, 19, 24] as const;
const URN_PREFIX = 'urn:uuid:';
const CH_LBRACE = 0x7b;
const CH_RBRACE = 0x7d;
const CH_HYPHEN = 0x2d;

/** `impl fmt::Display for uuid::Error` (uuid 1.20.0). */
export function formatUuidError(e: RustUuidError): string {
  switch (e.kind) {
    case 'Char':
      return `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${e.character}\` at ${e.index}`;
    case 'SimpleLength':
      return `invalid length: expected length 32 for simple format, found ${e.len}`;
    case 'ByteLength':
      return `invalid length: expected 16 bytes, found ${e.len}`;
    case 'GroupCount':
      return `invalid group count: expected 5, found ${e.count}`;
    case 'GroupLength':
      return `invalid group length in group ${e.group}: expected ${GROUP_EXPECTED[e.group]}, found ${e.len}`;
    case 'InvalidUTF8':
      return 'non-UTF8 input';
    case 'Other':
      return 'failed to parse a UUID';
  }
}

/** Hex value of an ASCII byte, or -1 (the crate's `HEX_TABLE` with 0xff sentinel). */
function hexVal(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x61 + 10;
  if (b >= 0x41 && b <= 0x46) return b - 0x41 + 10;
  return -1;
}

function isAsciiHexDigit(b: number): boolean {
  return hexVal(b) !== -1;
}

function startsWithUrn(b: Uint8Array): boolean {
  if (b.length < URN_PREFIX.length) return false;
  for (let i = 0; i < URN_PREFIX.length; i++) {
    if (b[i] !== URN_PREFIX.charCodeAt(i)) return false;
  }
  return true;
}

/** 16 bytes -> canonical lowercase hyphenated text. */
function formatHyphenated(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += (bytes[i] as number).toString(16).padStart(2, '0');
  }
  return out;
}

/**
 * Outcome of the crate's const `try_parse`: the 16 bytes, or the byte slice
 * wrapped in `InvalidUuid(..)` that `into_err` will later diagnose.
 */
type TryParse = { ok: true; bytes: number[] } | { ok: false; invalid: Uint8Array };

/** `parse_simple(s)`: exactly 32 hex digits; on failure `InvalidUuid(s)`. */
function parseSimple(s: Uint8Array): TryParse {
  if (s.length !== 32) return { ok: false, invalid: s };
  const buf: number[] = [];
  for (let i = 0; i < 16; i++) {
    const h1 = hexVal(s[2 * i] as number);
    const h2 = hexVal(s[2 * i + 1] as number);
    if (h1 < 0 || h2 < 0) return { ok: false, invalid: s };
    buf.push((h1 << 4) | h2);
  }
  return { ok: true, bytes: buf };
}

/** `parse_hyphenated(s)`: 36 bytes, `-` at 8/13/18/23, hex elsewhere; on failure `InvalidUuid(s)`. */
function parseHyphenated(s: Uint8Array): TryParse {
  if (s.length !== 36) return { ok: false, invalid: s };
  if (s[8] !== CH_HYPHEN || s[13] !== CH_HYPHEN || s[18] !== CH_HYPHEN || s[23] !== CH_HYPHEN) {
    return { ok: false, invalid: s };
  }
  const positions = [0, 4, 9, 14, 19, 24, 28, 32];
  const buf: number[] = [];
  for (const p of positions) {
    const h1 = hexVal(s[p] as number);
    const h2 = hexVal(s[p + 1] as number);
    const h3 = hexVal(s[p + 2] as number);
    const h4 = hexVal(s[p + 3] as number);
    if (h1 < 0 || h2 < 0 || h3 < 0 || h4 < 0) return { ok: false, invalid: s };
    buf.push((h1 << 4) | h2, (h3 << 4) | h4);
  }
  return { ok: true, bytes: buf };
}

/**
 * `try_parse(input)`: dispatch on byte length only. IMPORTANT: for the 38-byte
 * braced and 45-byte urn shapes the error carries the INNER 36-byte slice, so
 * `into_err` then reports positions relative to the body, without the prefix
 * (e.g. "{00000000-0000-00g0-0000-000000000000}" -> "found `g` at 17").
 */
function tryParse(b: Uint8Array): TryParse {
  switch (b.length) {
    case 32:
      return parseSimple(b);
    case 36:
      return parseHyphenated(b);
    case 38:
      if (b[0] === CH_LBRACE && b[37] === CH_RBRACE) return parseHyphenated(b.subarray(1, 37));
      break;
    case 45:
      if (startsWithUrn(b)) return parseHyphenated(b.subarray(9));
      break;
  }
  // "Any other shaped input is immediately invalid"
  return { ok: false, invalid: b };
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * `InvalidUuid::into_err` (uuid 1.20.0 `src/error.rs`), applied to the slice
 * that `try_parse` rejected (the whole input, or the body of a 38/45-byte
 * braced/urn input).
 */
function intoErr(bytes: Uint8Array): RustUuidError {
  // `std::str::from_utf8(self.0)`; `input_str.len()` below is the byte length.
  if (!isValidUtf8(bytes)) return { kind: 'InvalidUTF8' };

  // match input_str.as_bytes() { [b'{', s @ .., b'}'] => (s, 1, false),
  //   [b'u',b'r',b'n',b':',b'u',b'u',b'i',b'd',b':', s @ ..] => (s, 9, false), s => (s, 0, true) }
  let offset: number;
  let simple: boolean;
  if (bytes.length >= 2 && bytes[0] === CH_LBRACE && bytes[bytes.length - 1] === CH_RBRACE) {
    offset = 1;
    simple = false;
  } else if (startsWithUrn(bytes)) {
    offset = URN_PREFIX.length;
    simple = false;
  } else {
    offset = 0;
    simple = true;
  }
  const end = offset === 1 ? bytes.length - 1 : bytes.length;
  // The stripped slice is ASCII-delimited, so it is valid UTF-8 on its own.
  const uuidStr = utf8Decoder.decode(bytes.subarray(offset, end));

  let hyphenCount = 0;
  const groupBounds = [0, 0, 0, 0];

  // `for (index, character) in uuid_str.char_indices()` — index is a BYTE offset.
  let byteIndex = 0;
  for (const character of uuidStr) {
    const cp = character.codePointAt(0) as number;
    const width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    const byte = cp & 0xff; // `character as u8`
    if (cp - byte > 0) {
      // Multibyte char (code point > U+00FF)
      return { kind: 'Char', character, index: byteIndex + offset + 1 };
    } else if (byte === CH_HYPHEN) {
      if (hyphenCount < 4) groupBounds[hyphenCount] = byteIndex;
      hyphenCount += 1;
    } else if (!isAsciiHexDigit(byte)) {
      // `byte as char` — identical to `character` for code points <= U+00FF
      return { kind: 'Char', character: String.fromCodePoint(byte), index: byteIndex + offset + 1 };
    }
    byteIndex += width;
  }

  if (hyphenCount === 0 && simple) {
    return { kind: 'SimpleLength', len: bytes.length };
  } else if (hyphenCount !== 4) {
    return { kind: 'GroupCount', count: hyphenCount + 1 };
  } else {
    for (let i = 0; i < 4; i++) {
      if (groupBounds[i] !== (BLOCK_STARTS[i + 1] as number) - 1) {
        return {
          kind: 'GroupLength',
          group: i,
          len: (groupBounds[i] as number) - (BLOCK_STARTS[i] as number),
          index: offset + (BLOCK_STARTS[i] as number) + 1,
        };
      }
    }
    // "The last group must be too long" — note: length of the WHOLE input (prefix included).
    return {
      kind: 'GroupLength',
      group: 4,
      len: bytes.length - BLOCK_STARTS[4],
      index: offset + BLOCK_STARTS[4] + 1,
    };
  }
}

const utf8Encoder = new TextEncoder();
/** The form nearly every client sends, which `parse_str` gives back unchanged: no need to walk it byte by byte. */
const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `Uuid::parse_str` with the structured error. */
export function rustUuidParseStr(input: string): { ok: true; uuid: string } | { ok: false; error: RustUuidError } {
  if (input.length === 36 && CANONICAL.test(input)) return { ok: true, uuid: input };
  const bytes = utf8Encoder.encode(input);
  const parsed = tryParse(bytes);
  if (parsed.ok) return { ok: true, uuid: formatHyphenated(parsed.bytes) };
  return { ok: false, error: intoErr(parsed.invalid) };
}

/**
 * What pydantic v2 does with a `str` for a `uuid.UUID` field (e.g. a FastAPI
 * path parameter): `Uuid::parse_str`, reason = the error's Display text.
 */
export function parseUuidLikePydantic(input: string): UuidParse {
  const r = rustUuidParseStr(input);
  return r.ok ? r : { ok: false, reason: formatUuidError(r.error) };
}
