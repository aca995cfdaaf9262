import { describe, expect, it } from 'vitest';
import { formatUuidError, parseUuidLikePydantic, rustUuidParseStr } from '../../src/providers/junction/rust-uuid.js';

// Expected reasons are hard-coded. Apart from the long `invalid character` wording
// (uuid 1.20.0), each was checked against a real pydantic-core (TypeAdapter(uuid.UUID)).
const CHAR = (found: string, at: number) =>
  `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${found}\` at ${at}`;
const SIMPLE_LEN = (n: number) => `invalid length: expected length 32 for simple format, found ${n}`;
const GROUP_COUNT = (n: number) => `invalid group count: expected 5, found ${n}`;
const GROUP_LEN = (g: number, exp: number, n: number) =>
  `invalid group length in group ${g}: expected ${exp}, found ${n}`;

const CANON = '67e55044-10b1-426f-9247-bb680e5fe0c8';

describe('parseUuidLikePydantic — accepted forms', () => {
  const valid: Array<[string, string]> = [
    ['hyphenated lowercase', CANON],
    ['hyphenated uppercase', '67E55044-10B1-426F-9247-BB680E5FE0C8'],
    ['hyphenated mixed case', 'F9168C5E-CEB2-4faa-B6BF-329BF39FA1E4'],
    ['simple (32 hex)', '67e5504410b1426f9247bb680e5fe0c8'],
    ['braced', '{67e55044-10b1-426f-9247-bb680e5fe0c8}'],
    ['urn', 'urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8'],
    ['urn with uppercase body', 'urn:uuid:67E55044-10B1-426F-9247-BB680E5FE0C8'],
  ];
  for (const [name, input] of valid) {
    it(`accepts ${name}`, () => {
      const want = name === 'hyphenated mixed case' ? 'f9168c5e-ceb2-4faa-b6bf-329bf39fa1e4' : CANON;
      expect(parseUuidLikePydantic(input)).toEqual({ ok: true, uuid: want });
    });
  }

  it('accepts the nil uuid in simple form', () => {
    expect(parseUuidLikePydantic('00000000000000000000000000000000')).toEqual({
      ok: true,
      uuid: '00000000-0000-0000-0000-000000000000',
    });
  });
});

describe('parseUuidLikePydantic — rejected inputs', () => {
  const cases: Array<[string, string, string]> = [
    // --- basic ---
    ['not-a-uuid', 'not-a-uuid', CHAR('n', 1)],
    ['abc', 'abc', SIMPLE_LEN(3)],
    ['empty string', '', SIMPLE_LEN(0)],
    ['single bang', '!', CHAR('!', 1)],
    ['16 hex digits (no byte-slice fallback for str)', '0123456789abcdef', SIMPLE_LEN(16)],
    ['31 hex digits', '67e5504410b1426f9247bb680e5fe0c', SIMPLE_LEN(31)],
    ['33 hex digits', '67e5504410b1426f9247bb680e5fe0c88', SIMPLE_LEN(33)],
    ['leading space', ` ${CANON}`, CHAR(' ', 1)],
    ['trailing newline', `${CANON}\n`, CHAR('\n', 37)],
    // --- lengths 35 / 37 ---
    ['35 chars (group 3 short)', 'F9168C5E-CEB2-4faa-BBF-329BF39FA1E4', GROUP_LEN(3, 4, 3)],
    ['37 chars (last group long)', 'F9168C5E-CEB2-4faa-B6BF-329BF39FA1E45', GROUP_LEN(4, 12, 13)],
    ['36 digits, no hyphen', '231231212212423424324323477343246663', SIMPLE_LEN(36)],
    // --- wrong group length in each group ---
    ['group 0 short', '67e550-10b1-426f-9247-bb680e5fe0c8', GROUP_LEN(0, 8, 6)],
    ['1 hyphen (old 0.8 test case; now a group-count error)', '67e550-4105b1426f9247bb680e5fe0c', GROUP_COUNT(2)],
    ['group 0 long', '67e550441-0b1-426f-9247-bb680e5fe0c8', GROUP_LEN(0, 8, 9)],
    ['group 1 short', 'F9168C5E-CEB-24fa-eB6BFF32-BF39FA1E4', GROUP_LEN(1, 4, 3)],
    ['group 2 long', '67e55044-10b1-426f9-247-bb680e5fe0c8', GROUP_LEN(2, 4, 5)],
    ['group 3 long', 'F9168C5E-CEB2-4faa-B6BF1-02BF39FA1E4', GROUP_LEN(3, 4, 5)],
    ['group 4 short', '01020304-1112-2122-3132-41424344', GROUP_LEN(4, 12, 8)],
    ['group 4 short by one', '67e55044-10b1-426f-9247-bb680e5fe0c', GROUP_LEN(4, 12, 11)],
    ['empty groups', '----', GROUP_LEN(0, 8, 0)],
    // --- wrong group count ---
    ['2 groups', 'F9168C5E-CEB2F4faaFB6BFF329BF39FA1E4', GROUP_COUNT(2)],
    ['3 groups', 'F9168C5E-CEB2-4faaFB6BFF329BF39FA1E4', GROUP_COUNT(3)],
    ['4 groups', 'F9168C5E-CEB2-4faa-B6BFF329BF39FA1E4', GROUP_COUNT(4)],
    ['6 groups', `${CANON}-`, GROUP_COUNT(6)],
    ['leading hyphen, 6 groups', '-00000000-0000-0000-0000-00000000000', GROUP_COUNT(6)],
    ['prefix-truncated', 'F9168C5E-CEB2-4faa', GROUP_COUNT(3)],
    // --- bad char by position kind ---
    ['bad char in simple form', '67e5504410b1426%9247bb680e5fe0c8', CHAR('%', 16)],
    ['bad char in simple form (X)', '67e550X410b1426f9247bb680e5fe0cd', CHAR('X', 7)],
    ['bad char in first group', 'g7e55044-10b1-426f-9247-bb680e5fe0c8', CHAR('g', 1)],
    ['bad char in middle group', 'F9168C5E-CEB2-4faa-BGBF-329BF39FA1E4', CHAR('G', 21)],
    ['bad char at a hyphen position', 'F9168C5E-CEB2-4faaXB6BFF329BF39FA1E4', CHAR('X', 19)],
    ['bad char in last position', '67e55044-10b1-426f-9247-bb680e5fe0cz', CHAR('z', 36)],
    ['first bad char wins over later errors', 'zz-', CHAR('z', 1)],
    // --- non-ASCII (the crate scans bytes; `found` is the whole char) ---
    ['latin-1 char', 'é', CHAR('é', 1)],
    ['latin-1 char after hex', '00é', CHAR('é', 3)],
    ['U+0100 (beyond latin-1)', 'Ā', CHAR('Ā', 1)],
    ['U+012D (low byte is `-`)', '0ĭ', CHAR('ĭ', 2)],
    ['astral char at start', '😀0000000-0000-0000-0000-000000000000', CHAR('😀', 1)],
    ['astral char at end', '0000000-0000-0000-0000-0000000000😀', CHAR('😀', 34)],
    ['non-ASCII in 36-char hyphenated', '00000000-0000-0000-0000-0000000000é', CHAR('é', 35)],
    ['euro sign in simple form', '0000000000000000000000000000000€', CHAR('€', 32)],
    // --- braces ---
    ['{ without }', '{00000000-0000-0000-0000-000000000000', CHAR('{', 1)],
    ['lone {', '{', CHAR('{', 1)],
    ['lone }', '}', CHAR('}', 1)],
    ['empty braces', '{}', GROUP_COUNT(1)],
    ['braced simple is not accepted', '{00000000000000000000000000000000}', GROUP_COUNT(1)],
    ['38-byte braced: index is relative to the body', '{00000000-0000-00g0-0000-000000000000}', CHAR('g', 17)],
    ['39-byte braced: index counts the brace', '{00000000-0000-00g0-0000-0000000000000}', CHAR('g', 18)],
    [
      'braced with 13-digit last group (crate counts the braces)',
      '{00000000-0000-0000-0000-0000000000000}',
      GROUP_LEN(4, 12, 15),
    ],
    ['braced with 10-digit last group reported as 12', '{00000000-0000-0000-0000-0000000000}', GROUP_LEN(4, 12, 12)],
    ['braced group 1 short', '{00000000-000-00000-0000-000000000000}', GROUP_LEN(1, 4, 3)],
    ['nested braces (38 bytes)', '{{0000000-0000-0000-0000-0000000000}}', CHAR('{', 2)],
    ['extra closing brace', '{}}', CHAR('}', 2)],
    ['38 bytes but 37 chars (é is 2 bytes)', '{00000000-0000-0000-0000-0000000000é}', CHAR('é', 35)],
    ['39 bytes braced with é', '{00000000-0000-0000-0000-00000000000é}', CHAR('é', 37)],
    // --- urn ---
    ['bare urn prefix', 'urn:uuid:', GROUP_COUNT(1)],
    ['urn + simple is not accepted', 'urn:uuid:00000000000000000000000000000000', GROUP_COUNT(1)],
    ['urn + bad char (45 bytes: body-relative)', 'urn:uuid:00000000-g000-0000-0000-000000000000', CHAR('g', 10)],
    ['urn + bad char (46 bytes: counts prefix)', 'urn:uuid:00000000-g000-0000-0000-0000000000000', CHAR('g', 19)],
    ['urn + not-a-uuid', 'urn:uuid:not-a-uuid', CHAR('n', 10)],
    [
      'urn + short last group (crate counts prefix)',
      'urn:uuid:00000000-0000-0000-0000-00000000000',
      GROUP_LEN(4, 12, 20),
    ],
    ['urn + 4 groups', 'urn:uuid:00000000-0000-0000-0000', GROUP_COUNT(4)],
    ['uppercase URN prefix is not a prefix', 'URN:UUID:00000000-0000-0000-0000-000000000000', CHAR('U', 1)],
    ['urn without last colon', 'urn:uuid', CHAR('u', 1)],
    ['urn + non-ASCII', 'urn:uuid:00000000-0000-0000-0000-0000000000é', CHAR('é', 35)],
  ];

  for (const [name, input, reason] of cases) {
    it(`${name}: ${JSON.stringify(input)}`, () => {
      expect(parseUuidLikePydantic(input)).toEqual({ ok: false, reason });
    });
  }

  it('reproduces the examples from the Junction API verbatim', () => {
    expect(parseUuidLikePydantic('not-a-uuid')).toEqual({
      ok: false,
      reason: 'invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1',
    });
    expect(parseUuidLikePydantic('abc')).toEqual({
      ok: false,
      reason: 'invalid length: expected length 32 for simple format, found 3',
    });
  });

  it('maps a lone surrogate to U+FFFD (documented judgement call)', () => {
    expect(parseUuidLikePydantic('a\udc00b')).toEqual({ ok: false, reason: CHAR('\ufffd', 2) });
  });
});

describe('structured error and Display for every ErrorKind', () => {
  it('exposes the structured kind', () => {
    expect(rustUuidParseStr('{00000000-0000-0000-0000-0000000000000}')).toEqual({
      ok: false,
      error: { kind: 'GroupLength', group: 4, len: 15, index: 26 },
    });
    expect(rustUuidParseStr('urn:uuid:0000000-0000-0000-0000-000000000000')).toEqual({
      ok: false,
      error: { kind: 'GroupLength', group: 0, len: 7, index: 10 },
    });
  });

  it('formats each kind exactly', () => {
    expect(formatUuidError({ kind: 'Char', character: 'x', index: 3 })).toBe(CHAR('x', 3));
    expect(formatUuidError({ kind: 'SimpleLength', len: 5 })).toBe(SIMPLE_LEN(5));
    expect(formatUuidError({ kind: 'ByteLength', len: 3 })).toBe('invalid length: expected 16 bytes, found 3');
    expect(formatUuidError({ kind: 'GroupCount', count: 2 })).toBe(GROUP_COUNT(2));
    expect(formatUuidError({ kind: 'GroupLength', group: 1, len: 3, index: 10 })).toBe(GROUP_LEN(1, 4, 3));
    expect(formatUuidError({ kind: 'InvalidUTF8' })).toBe('non-UTF8 input');
    expect(formatUuidError({ kind: 'Other' })).toBe('failed to parse a UUID');
  });
});
