import type { FastifyRequest } from 'fastify';
import type { OrgMockContext } from '../../context.js';
import { bearerToken, headerValue } from '../../http/request.js';
import { raziErrors } from './errors.js';
import { KIND, identityExists } from './model.js';
import { SESSION_COOKIE, readToken } from './sessions.js';

/** The app named by `X-App-Name`, one of `apps` (the seeded ones): every Razi call is scoped to one. */
export function requireApp(req: FastifyRequest, apps: { has(name: string): boolean }): string {
  const name = headerValue(req, 'x-app-name');
  if (!name) throw raziErrors.missingAppName().because('no X-App-Name header');
  if (!apps.has(name)) throw raziErrors.unknownApp(name).because(`no app named ${JSON.stringify(name)} is seeded`);
  return name;
}

export interface Caller {
  kind: 'machine' | 'session';
  id: string;
}

/**
 * An `Authorization` header, when sent, is the only credential read: a client
 * that sends one means it, and a browser's ambient cookie must not change who it
 * acts as. The `session-token` cookie counts only without that header.
 */
function presentedToken(req: FastifyRequest): string {
  if (req.headers.authorization) {
    const token = bearerToken(req);
    if (!token) throw raziErrors.notBearer().because('the Authorization header is not "Bearer <token>"');
    return token;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie)
    throw raziErrors.missingCredentials().because('neither an Authorization header nor a session-token cookie');
  return cookie;
}

export async function authenticate(req: FastifyRequest, ctx: OrgMockContext, app: string): Promise<Caller> {
  const result = await readToken(ctx.tokens, presentedToken(req));
  if (!result.ok)
    throw (result.reason === 'expired' ? raziErrors.expiredToken() : raziErrors.invalidToken()).because(result.detail);
  const { claims } = result;
  if (claims.app !== app)
    throw raziErrors.otherAppToken().because(`X-App-Name ${app}: the token was issued for ${claims.app}`);
  // A token outlives a reset of the store; its holder may be gone.
  const kind = claims.kind === 'machine' ? KIND.machineUser : KIND.user;
  if (!identityExists(ctx.store, app, claims.sub, kind))
    throw raziErrors
      .invalidToken()
      .because(
        `the token's ${kind.replace('_', ' ')} ${claims.sub} no longer exists in app ${app} (reset or reseeded)`,
      );
  return { kind: claims.kind, id: claims.sub };
}
