import type { FastifyRequest } from 'fastify';
import type { OrgMockContext } from '../../context.js';
import { bearerToken } from '../../http/request.js';
import { transmitErrors } from './errors.js';
import { findApp } from './model.js';
import type { AccessTokenClaims } from './schemas.js';
import { isForThisApi, readAccessToken } from './tokens.js';

/** Either permission lets an admin access token update organizations. */
export const EDIT_PERMISSIONS = ['organizations:edit', 'orgs:edit'] as const;

/**
 * The admin access token of `Authorization: Bearer`. Missing, malformed,
 * expired, another vendor's, or issued to an app the store no longer has (a
 * token outlives a reset): Transmit's one 401, "Invalid token".
 */
export async function authenticate(req: FastifyRequest, { tokens, store }: OrgMockContext): Promise<AccessTokenClaims> {
  const token = bearerToken(req);
  if (token === undefined)
    throw transmitErrors
      .invalidToken()
      .because(
        req.headers.authorization ? 'the Authorization header is not "Bearer <token>"' : 'no Authorization header',
      );
  const read = await readAccessToken(tokens, token);
  if (!read.ok) throw transmitErrors.invalidToken().because(read.detail);
  const { claims } = read;
  if (!findApp(store, claims.client_id, claims.tid))
    throw transmitErrors
      .invalidToken()
      .because(`the token's app ${claims.client_id} no longer exists in tenant ${claims.tid} (reset or reseeded)`);
  if (!isForThisApi(claims)) throw transmitErrors.invalidToken().because('token audience is another resource');
  return claims;
}

export function requireAnyPermission(claims: AccessTokenClaims, wanted: readonly string[]): void {
  if (!claims.permissions.some((p) => wanted.includes(p)))
    throw transmitErrors
      .forbidden()
      .because(
        `app ${claims.client_id} has permissions [${claims.permissions.join(', ')}]; one of ${wanted.join(', ')} is required`,
      );
}
