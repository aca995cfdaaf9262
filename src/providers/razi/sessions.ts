import type { FastifyReply } from 'fastify';
import type { TokenService, VerifyFailure } from '../../auth/tokens.js';
import { newId } from './model.js';
import type { MachineUserToken, Session } from './schemas.js';

/** Tokens of another vendor carry another issuer, so Razi refuses them. */
const ISSUER = 'orgmock:razi';
/** What the vendor's docs show for a machine-user token. */
export const MACHINE_TOKEN_TTL = 43199;
/** Razi does not publish its session lifetime; orgmock keeps a session one day. */
export const SESSION_TTL = 86400;
export const SESSION_COOKIE = 'session-token';

/**
 * What a Razi JWT carries besides iss/sub/iat/exp/jti: the app it was issued
 * under, whether it stands for a machine user or a user's session, and the
 * session's id. `sub` is the machine user's or user's id.
 */
export type TokenClaims =
  | { kind: 'machine'; app: string; sub: string }
  | { kind: 'session'; app: string; sub: string; sid: string };

export async function issueMachineToken(
  tokens: TokenService,
  app: string,
  machineUserId: string,
  expiresIn = MACHINE_TOKEN_TTL,
): Promise<MachineUserToken> {
  const token = await tokens.sign({ kind: 'machine', app }, { issuer: ISSUER, subject: machineUserId, expiresIn });
  return { token, expiresInSeconds: expiresIn };
}

export async function issueSession(
  tokens: TokenService,
  app: string,
  userId: string,
  expiresIn = SESSION_TTL,
): Promise<Session> {
  const sessionId = newId();
  const sessionToken = await tokens.sign(
    { kind: 'session', app, sid: sessionId },
    { issuer: ISSUER, subject: userId, expiresIn },
  );
  return { sessionId, sessionToken, userId };
}

/**
 * HttpOnly so page scripts cannot read it, SameSite=Lax, Path=/ so every Razi
 * route receives it. Not Secure: orgmock serves plain http on localhost, where a
 * Secure cookie would never be sent back.
 */
export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: SESSION_TTL });
}

export async function readToken(
  tokens: TokenService,
  token: string,
): Promise<{ ok: true; claims: TokenClaims } | { ok: false; reason: VerifyFailure; detail: string }> {
  const result = await tokens.verify(token, ISSUER);
  if (!result.ok) return result;
  const { kind, app, sub, sid } = result.claims as Record<string, unknown>;
  const notOurs = { ok: false, reason: 'invalid', detail: 'the token is not a Razi access or session token' } as const;
  if (typeof app !== 'string' || typeof sub !== 'string') return notOurs;
  if (kind === 'machine') return { ok: true, claims: { kind, app, sub } };
  if (kind === 'session' && typeof sid === 'string') return { ok: true, claims: { kind, app, sub, sid } };
  return notOurs;
}
