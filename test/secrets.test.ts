import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordMatches } from '../src/auth/secrets.js';

describe('stored passwords', () => {
  it('are salted and hashed, never in clear, and match only their password', () => {
    const a = hashPassword('owner-password');
    const b = hashPassword('owner-password');
    expect(a).not.toContain('owner-password');
    expect(a).not.toBe(b);
    expect([passwordMatches('owner-password', a), passwordMatches('owner-password', b)]).toEqual([true, true]);
    expect(passwordMatches('owner-passwore', a)).toBe(false);
    expect(passwordMatches('', a)).toBe(false);
  });

  it('kept by an earlier orgmock in a file store (scrypt) still match', () => {
    const salt = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const old = `scrypt$${salt.toString('hex')}$${scryptSync('s3cret', salt, 32, { N: 1024, r: 8, p: 1 }).toString('hex')}`;
    expect([passwordMatches('s3cret', old), passwordMatches('s3creT', old)]).toEqual([true, false]);
  });

  it('a stored value of another shape matches nothing', () => {
    for (const stored of [null, undefined, '', 'plain', 'md5$aa$bb', 'sha256$$', 'sha256$zz$', 'scrypt$00$']) {
      expect(passwordMatches('x', stored)).toBe(false);
    }
  });
});
