import type { OrgMockContext } from '../../context.js';
import type { JWTPayload } from '../../auth/tokens.js';
import { getUser, VENDOR, type User } from './model.js';
import type { SessionResponse } from './schemas.js';

const ISSUER = `orgmock:${VENDOR}`;

/** Lifetimes in seconds (the vendor does not publish its own). */
const AUTH_TOKEN_TTL = 5 * 60;
export const ACCESS_TOKEN_TTL = 60 * 60;
const REFRESH_TOKEN_TTL = 30 * 24 * 60 * 60;

/**
 * The three JWTs of the sign-in chain differ by `tokenType`, so none can stand
 * in for another (an auth token is no access token, a refresh token no auth token).
 */
type TokenType = 'auth' | 'access' | 'refresh';

export type Checked =
  | { ok: true; user: User; claims: JWTPayload }
  | { ok: false; reason: 'malformed' | 'expired' | 'invalid'; detail: string };

export async function issueAuthToken(ctx: OrgMockContext, user: User): Promise<string> {
  return ctx.tokens.sign(
    { userId: user.id, tokenType: 'auth', is2FARequired: false },
    { issuer: ISSUER, subject: user.id, expiresIn: AUTH_TOKEN_TTL },
  );
}

/** An access and refresh pair, both bound to the device's CE-ClientId. */
export async function issueSession(
  ctx: OrgMockContext,
  user: User,
  clientId: string,
  accessTtl = ACCESS_TOKEN_TTL,
): Promise<SessionResponse> {
  const claims = { userId: user.id, clientId };
  const [accessToken, refreshToken] = await Promise.all([
    ctx.tokens.sign({ ...claims, tokenType: 'access' }, { issuer: ISSUER, subject: user.id, expiresIn: accessTtl }),
    ctx.tokens.sign(
      { ...claims, tokenType: 'refresh' },
      { issuer: ISSUER, subject: user.id, expiresIn: REFRESH_TOKEN_TTL },
    ),
  ]);
  return { accessToken, refreshToken };
}

/** Verifies one of this vendor's tokens of the given type and finds its (still existing) user. */
export async function checkToken(ctx: OrgMockContext, token: string, type: TokenType): Promise<Checked> {
  const verified = await ctx.tokens.verify(token, ISSUER);
  if (!verified.ok) return verified;
  const { claims } = verified;
  if (claims.tokenType !== type || typeof claims.userId !== 'string')
    return {
      ok: false,
      reason: 'invalid',
      detail: `this is ${typeof claims.tokenType === 'string' ? `an ${claims.tokenType}` : 'another kind of'} token; an ${type} token is required here`,
    };
  const user = getUser(ctx.store, claims.userId);
  return user
    ? { ok: true, user, claims }
    : {
        ok: false,
        reason: 'invalid',
        detail: `the token's user ${claims.userId} no longer exists (reset or reseeded)`,
      };
}
