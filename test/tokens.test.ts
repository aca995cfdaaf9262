import { describe, expect, it } from 'vitest';
import { TokenService } from '../src/auth/tokens.js';
import { fixedClock } from '../src/clock.js';

const START = '2026-01-01T00:00:00.000Z';
const startSec = Date.parse(START) / 1000;

function service() {
  const clock = fixedClock(START);
  return { clock, tokens: new TokenService('test-secret', clock) };
}

describe('TokenService.verify remembers verified tokens', () => {
  it('keeps accepting a token it verified, and still expires it on time', async () => {
    const { clock, tokens } = service();
    const token = await tokens.sign({ scope: 'a' }, { issuer: 'orgmock:x', subject: 's', expiresIn: 60 });
    const first = await tokens.verify(token, 'orgmock:x');
    expect(first).toEqual({ ok: true, claims: expect.objectContaining({ scope: 'a', sub: 's', exp: startSec + 60 }) });
    clock.advance(59_999);
    expect(await tokens.verify(token, 'orgmock:x')).toEqual(first);
    clock.advance(1);
    expect(await tokens.verify(token, 'orgmock:x')).toEqual({
      ok: false,
      reason: 'expired',
      detail: 'token expired 0 s ago',
    });
    clock.advance(42_000);
    expect(await tokens.verify(token, 'orgmock:x')).toEqual({
      ok: false,
      reason: 'expired',
      detail: 'token expired 42 s ago',
    });
  });

  it('accepts an already verified token only for the issuer and audience it was verified for', async () => {
    const { tokens } = service();
    const token = await tokens.sign({}, { issuer: 'orgmock:x', subject: 's', expiresIn: 60, audience: 'api' });
    expect((await tokens.verify(token, 'orgmock:x', 'api')).ok).toBe(true);
    expect(await tokens.verify(token, 'orgmock:y', 'api')).toEqual({
      ok: false,
      reason: 'invalid',
      detail: 'the token was issued by "orgmock:x", not orgmock:y: a token of another vendor',
    });
    expect(await tokens.verify(token, 'orgmock:x', 'other')).toEqual({
      ok: false,
      reason: 'invalid',
      detail: 'the token is for audience "api", not other',
    });
    expect((await tokens.verify(token, 'orgmock:x', 'api')).ok).toBe(true);
  });

  it('checks not-before again on every call, even when the clock goes back', async () => {
    const { clock, tokens } = service();
    const token = await tokens.sign({ nbf: startSec + 10 }, { issuer: 'orgmock:x', subject: 's', expiresIn: 60 });
    expect(await tokens.verify(token, 'orgmock:x')).toEqual(expect.objectContaining({ ok: false, reason: 'invalid' }));
    clock.advance(10_000);
    expect((await tokens.verify(token, 'orgmock:x')).ok).toBe(true);
    clock.set(START);
    expect(await tokens.verify(token, 'orgmock:x')).toEqual(expect.objectContaining({ ok: false, reason: 'invalid' }));
  });

  it('shares one frozen claims object between callers, so none can change what the next one sees', async () => {
    const { tokens } = service();
    const token = await tokens.sign({ role: 'admin' }, { issuer: 'orgmock:x', subject: 's', expiresIn: 60 });
    const first = await tokens.verify(token, 'orgmock:x');
    expect(() => {
      if (first.ok) (first.claims as Record<string, unknown>).role = 'changed';
    }).toThrow(TypeError);
    expect(await tokens.verify(token, 'orgmock:x')).toEqual({
      ok: true,
      claims: expect.objectContaining({ role: 'admin' }),
    });
  });

  it('does not remember a tampered token as valid', async () => {
    const { tokens } = service();
    const token = await tokens.sign({}, { issuer: 'orgmock:x', subject: 's', expiresIn: 60 });
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await tokens.verify(tampered, 'orgmock:x')).toEqual(
      expect.objectContaining({ ok: false, reason: 'invalid' }),
    );
    expect(await tokens.verify(tampered, 'orgmock:x')).toEqual(
      expect.objectContaining({ ok: false, reason: 'invalid' }),
    );
  });
});
