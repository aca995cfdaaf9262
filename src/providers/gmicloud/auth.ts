import type { FastifyRequest } from 'fastify';
import type { OrgMockContext } from '../../context.js';
import { bearerToken, headerValue } from '../../http/request.js';
import { gmiErrors } from './errors.js';
import type { User } from './model.js';
import { checkToken } from './sessions.js';

/** The user behind `Authorization: Bearer <accessToken>`, or the 401 that says why not. */
export async function authenticate(req: FastifyRequest, ctx: OrgMockContext): Promise<User> {
  const token = bearerToken(req);
  if (!token) throw gmiErrors.missingAccessToken();
  const checked = await checkToken(ctx, token, 'access');
  if (checked.ok) return checked.user;
  throw checked.reason === 'expired' ? gmiErrors.expiredAccessToken() : gmiErrors.invalidAccessToken();
}

/** `CE-ClientId`: alphanumeric, fewer than 8 characters. */
export function clientId(req: FastifyRequest): string {
  const value = headerValue(req, 'ce-clientid');
  if (value === undefined || !/^[A-Za-z0-9]{1,7}$/.test(value)) throw gmiErrors.invalidClientId();
  return value;
}
