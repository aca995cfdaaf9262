import type { FastifyRequest } from 'fastify';
import type { OrgMockContext } from '../../context.js';
import { mediaType } from '../../http/request.js';
import { oauthErrors } from './errors.js';
import { TOKEN_SCOPE, TOKEN_TTL, issueAccessToken } from './auth.js';
import { authenticateClient, findClient } from './model.js';
import type { TokenResponse } from './schemas.js';

/**
 * `POST /oauth/token` with the client-credentials grant (RFC 6749 4.4). The
 * client authenticates with `client_id`/`client_secret` in the form, as the
 * vendor's guides show, or with HTTP Basic (RFC 6749 2.3.1), as generic OAuth
 * libraries do by default.
 */
export async function clientCredentialsToken(req: FastifyRequest, ctx: OrgMockContext): Promise<TokenResponse> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') throw oauthErrors.notForm();
  const form = new URLSearchParams(req.rawBody?.toString('utf8') ?? '');
  const param = (name: string): string | undefined => {
    const all = form.getAll(name);
    if (all.length > 1) throw oauthErrors.repeated(name);
    return all[0] || undefined;
  };

  const grant = param('grant_type');
  if (!grant) throw oauthErrors.missing('grant_type');
  if (grant !== 'client_credentials') throw oauthErrors.unsupportedGrantType(grant);

  const basic = basicCredentials(req.headers.authorization);
  const formId = param('client_id');
  const formSecret = param('client_secret');
  if (basic && (formId !== undefined || formSecret !== undefined)) throw oauthErrors.twoClientAuthentications();
  if (basic === null)
    throw oauthErrors.invalidClient(true).because('the Authorization header is not valid Basic credentials');
  const clientId = basic ? basic.id : formId;
  const clientSecret = basic ? basic.secret : formSecret;
  if (!clientId) throw oauthErrors.missing('client_id');
  if (!clientSecret) throw oauthErrors.missing('client_secret');

  const client = authenticateClient(ctx.store, clientId, clientSecret);
  if (!client)
    throw oauthErrors
      .invalidClient(basic !== undefined)
      .because(findClient(ctx.store, clientId) ? `wrong client_secret for ${clientId}` : `no API client ${clientId}`);
  // `scope` is accepted (the vendor's guides send `openid profile email`) and the grant is always `openid`.
  param('scope');
  return {
    access_token: await issueAccessToken(ctx, client),
    token_type: 'Bearer',
    expires_in: TOKEN_TTL,
    scope: TOKEN_SCOPE,
  };
}

/** `Authorization: Basic` credentials; undefined without that header, null when it cannot be read. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined | null {
  if (!header || !/^\s*basic(\s|$)/i.test(header)) return undefined;
  const m = /^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  const decoded = m ? Buffer.from(m[1]!, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  // RFC 6749 2.3.1: both parts are form-urlencoded before being joined.
  const formUnescape = (s: string) => {
    try {
      return decodeURIComponent(s.replaceAll('+', ' '));
    } catch {
      return undefined;
    }
  };
  const id = formUnescape(decoded.slice(0, colon));
  const secret = formUnescape(decoded.slice(colon + 1));
  return id === undefined || secret === undefined ? null : { id, secret };
}
