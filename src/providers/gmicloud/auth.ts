import type { FastifyRequest } from 'fastify';
import type { OrgMockContext } from '../../context.js';
import { bearerToken, headerValue } from '../../http/request.js';
import { gmiErrors } from './errors.js';
import type { User } from './model.js';
import { checkToken } from './sessions.js';

/** The user behind `Authorization: Bearer <accessToken>`, or the 401 that says why not. */
export async function authenticate(req: FastifyRequest, ctx: OrgMockContext): Promise<User> {
  const token = bearerToken(req);
  if (!token)
    throw gmiErrors
      .missingAccessToken()
      .because(
        req.headers.authorization ? 'the Authorization header is not "Bearer <token>"' : 'no Authorization header',
      );
  const checked = await checkToken(ctx, token, 'access');
  if (checked.ok) return checked.user;
  throw (checked.reason === 'expired' ? gmiErrors.expiredAccessToken() : gmiErrors.invalidAccessToken()).because(
    checked.detail,
  );
}

/** `CE-ClientId`: alphanumeric, fewer than 8 characters. */
export function clientId(req: FastifyRequest): string {
  const value = headerValue(req, 'ce-clientid');
  if (value === undefined || !/^[A-Za-z0-9]{1,7}$/.test(value))
    throw gmiErrors
      .invalidClientId()
      .because(
        value === undefined
          ? 'no CE-ClientId header'
          : `CE-ClientId ${JSON.stringify(value)} is not 1 to 7 letters or digits`,
      );
  return value;
}
