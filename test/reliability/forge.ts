import { SignJWT } from 'jose';

/** Ways to forge a JWT from a real one, as an attacker holding one token could. */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (jwt: string) => jwt.split('.') as [string, string, string];
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(parts(jwt)[1], 'base64url').toString('utf8')) as Record<string, unknown>;

/** One character of the signature changed (in the middle: the last one may carry only padding bits). */
export function tamperSignature(jwt: string): string {
  const [h, p, s] = parts(jwt);
  const i = Math.floor(s.length / 2);
  return `${h}.${p}.${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
}

/** The same claims under `alg: none`, with no signature, or with the original one left on. */
export function algNone(jwt: string, keepSignature = false): string {
  const [, p, s] = parts(jwt);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${p}.${keepSignature ? s : ''}`;
}

/** Claims changed (another tenant, more rights, a later expiry), the original signature kept. */
export function withClaims(jwt: string, patch: Record<string, unknown>): string {
  const [h, , s] = parts(jwt);
  return `${h}.${b64({ ...claimsOf(jwt), ...patch })}.${s}`;
}

/** The same claims signed again, with a key or an algorithm of the attacker's choice. */
export async function resign(jwt: string, secret: string, alg: 'HS256' | 'HS384' | 'HS512' = 'HS256'): Promise<string> {
  return new SignJWT(claimsOf(jwt)).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}
