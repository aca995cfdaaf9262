/**
 * `uuid.Parse` of github.com/google/uuid, which the vendor's path parameter goes
 * through (`x-go-type: uuid.UUID` in its OpenAPI file). Lengths are in bytes, as
 * in Go. Accepted: the 36-character form in any case, 32 hex digits,
 * `urn:uuid:` + 36 characters (prefix in any case), and 38 characters whose first
 * and last are dropped unchecked (meant for `{...}`, but Go does not look).
 * Returns the canonical lower-case form, or undefined.
 */
export function parseGoUuid(input: string | Buffer): string | undefined {
  let s = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  switch (s.length) {
    case 36:
      break;
    case 45:
      if (s.subarray(0, 9).toString('latin1').toLowerCase() !== 'urn:uuid:') return undefined;
      s = s.subarray(9);
      break;
    case 38:
      s = s.subarray(1);
      break;
    case 32: {
      const hex = s.toString('latin1');
      return /^[0-9a-fA-F]{32}$/.test(hex) ? format(hex.toLowerCase()) : undefined;
    }
    default:
      return undefined;
  }
  const text = s.subarray(0, 36).toString('latin1');
  if (text[8] !== '-' || text[13] !== '-' || text[18] !== '-' || text[23] !== '-') return undefined;
  const hex = text.slice(0, 8) + text.slice(9, 13) + text.slice(14, 18) + text.slice(19, 23) + text.slice(24, 36);
  return /^[0-9a-fA-F]{32}$/.test(hex) ? format(hex.toLowerCase()) : undefined;
}

function format(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
