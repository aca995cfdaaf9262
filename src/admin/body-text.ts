/**
 * A body's bytes as text, whatever the client claimed: UTF-8 unless its first
 * bytes say UTF-16 or UTF-32 (a BOM, or the NUL pattern of ASCII text, as
 * Python's `json.detect_encoding` reads them). The journal masks what it shows,
 * so it must read a UTF-16 password as the text it is, not as bytes with NULs.
 */
export function bodyText(body: Buffer): string {
  const b = body;
  const n = b.length;
  if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.toString('utf8', 3);
  if (n >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return utf32(b.subarray(4), true);
  if (n >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return utf32(b.subarray(4), false);
  if (n >= 2 && b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (n >= 2 && b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  if (n >= 4) {
    if (b[0] === 0 && b[1] === 0 && b[2] === 0) return utf32(b, false);
    if (b[0] !== 0 && b[1] === 0 && b[2] === 0 && b[3] === 0) return utf32(b, true);
    if (b[0] === 0) return new TextDecoder('utf-16be').decode(b);
    if (b[1] === 0) return new TextDecoder('utf-16le').decode(b);
  } else if (n === 2) {
    if (b[0] === 0) return new TextDecoder('utf-16be').decode(b);
    if (b[1] === 0) return new TextDecoder('utf-16le').decode(b);
  }
  return b.toString('utf8');
}

function utf32(b: Buffer, littleEndian: boolean): string {
  let out = '';
  for (let i = 0; i + 4 <= b.length; i += 4) {
    const cp = littleEndian ? b.readUInt32LE(i) : b.readUInt32BE(i);
    out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
  }
  return out;
}
