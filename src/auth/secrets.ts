import { hash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** API keys and client secrets are stored hashed, so the store never holds them in clear. */
export function hashSecret(secret: string): string {
  // The one-shot `crypto.hash` (Node 20.12) is several times cheaper than a Hash object, and Junction hashes its key on every request.
  return hash('sha256', secret, 'hex');
}

export function secretMatches(secret: string, storedHash: string | null | undefined): boolean {
  if (!storedHash) return false;
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Passwords are stored salted and hashed with SHA-256: the store never holds them
 * in clear, which is all a mock's fixture passwords need. A slow hash (scrypt, as
 * stores written before kept them, still accepted below) was most of the time a
 * start or a reset spent seeding.
 */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `sha256$${salt.toString('hex')}$${saltedHash(salt, password).toString('hex')}`;
}

// The cost stores written by earlier versions used.
const SCRYPT = { N: 1024, r: 8, p: 1 } as const;

export function passwordMatches(password: string, stored: string | null | undefined): boolean {
  if (!stored) return false;
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (!saltHex || !hashHex) return false;
  const salt = Buffer.from(saltHex, 'hex');
  const expected = Buffer.from(hashHex, 'hex');
  let actual: Buffer;
  if (scheme === 'sha256') actual = saltedHash(salt, password);
  else if (scheme === 'scrypt') actual = scryptSync(password, salt, expected.length, SCRYPT);
  else return false;
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function saltedHash(salt: Buffer, password: string): Buffer {
  return hash('sha256', Buffer.concat([salt, Buffer.from(password, 'utf8')]), 'buffer');
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
