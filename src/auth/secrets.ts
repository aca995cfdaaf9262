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

// scrypt at a low cost: these are fixture passwords in a mock, and seeding (at start
// and on every reset) must stay fast.
const SCRYPT = { N: 1024, r: 8, p: 1 } as const;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, SCRYPT);
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export function passwordMatches(password: string, stored: string | null | undefined): boolean {
  if (!stored) return false;
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length, SCRYPT);
  return timingSafeEqual(actual, expected);
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
