import type { OrgMockContext } from '../../context.js';
import { scalekitErrors } from './scalekit-error.js';
import { findClient, type ApiClient } from './model.js';

/**
 * Scalekit's access tokens: JWTs orgmock signs for one API client, scoped to
 * the client's environment. Nothing here knows HTTP: the REST routes and a gRPC
 * server both read the `authorization` header (or metadata) and call
 * verifyAccessToken.
 */

const ISSUER = 'orgmock:scalekit';
/** The vendor's documented lifetime: 24 hours less a second. */
export const TOKEN_TTL = 86399;
export const TOKEN_SCOPE = 'openid';

export interface AccessTokenClaims {
  client_id: string;
  environment_id: string;
  scope: string;
}

export async function issueAccessToken(
  ctx: Pick<OrgMockContext, 'tokens'>,
  client: ApiClient,
  expiresIn = TOKEN_TTL,
): Promise<string> {
  const claims: AccessTokenClaims = {
    client_id: client.clientId,
    environment_id: client.environmentId,
    scope: TOKEN_SCOPE,
  };
  return ctx.tokens.sign({ ...claims }, { issuer: ISSUER, subject: client.clientId, expiresIn });
}

/**
 * The token of an `authorization` value: `Bearer <token>`, scheme in any case.
 * Anything else (no header, another scheme, an empty token) counts as no token,
 * which the vendor answers with "Token empty".
 */
export function tokenFromAuthorization(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = value === undefined ? null : /^\s*bearer\s+(\S+)\s*$/i.exec(value);
  return m?.[1];
}

/**
 * The environment a token gives access to. No token: "Token empty"; an
 * expired one: "Token expired"; a malformed, forged, foreign (another vendor's)
 * token, or one whose client is gone since a reset: "Invalid token". All code 16.
 */
export async function verifyAccessToken(
  ctx: Pick<OrgMockContext, 'tokens' | 'store'>,
  token: string | undefined,
): Promise<string> {
  if (!token) throw scalekitErrors.tokenEmpty().because('no "Authorization: Bearer <token>"');
  const result = await ctx.tokens.verify(token, ISSUER);
  if (!result.ok)
    throw (result.reason === 'expired' ? scalekitErrors.tokenExpired() : scalekitErrors.tokenInvalid()).because(
      result.detail,
    );
  const { client_id: clientId, environment_id: env } = result.claims as Partial<AccessTokenClaims>;
  if (typeof clientId !== 'string' || typeof env !== 'string' || !findClient(ctx.store, clientId, env))
    throw scalekitErrors.tokenInvalid();
  return env;
}
