/**
 * `POST /oidc/token` for the client credentials grant, checked in the order
 * oidc-provider checks a token request: content type, duplicate parameters,
 * client authentication (`client_secret_post` or `client_secret_basic`), grant
 * type, resource indicator.
 */
import type { FastifyRequest } from 'fastify';
import type { Store } from '../../store/store.js';
import { mediaType } from '../../http/request.js';
import { oauthErrors } from './errors.js';
import { authenticateApp, findApp, type StoredApp } from './model.js';

const FORM = 'application/x-www-form-urlencoded';
const SINGLE_VALUED = ['grant_type', 'client_id', 'client_secret', 'resource', 'scope'] as const;
/** Grants Transmit's OIDC server knows; a management app may use only the last one. */
const KNOWN_GRANTS = new Set([
  'authorization_code',
  'refresh_token',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'client_credentials',
]);

export interface ClientCredentialsRequest {
  app: StoredApp;
  resource?: string;
}

export function checkTokenRequest(req: FastifyRequest, store: Store): ClientCredentialsRequest {
  const params = readParams(req);
  const app = authenticateClient(req, params, store);
  const grantType = params.get('grant_type');
  if (grantType === undefined) throw oauthErrors.invalidRequest("missing required parameter 'grant_type'");
  if (!KNOWN_GRANTS.has(grantType))
    throw oauthErrors.unsupportedGrantType().because(`grant_type ${grantType} is not one oidc-provider knows`);
  if (grantType !== 'client_credentials')
    throw oauthErrors
      .unauthorizedClient()
      .because(`app ${app.clientId} may use only client_credentials, not ${grantType}`);
  const resource = params.get('resource');
  if (resource !== undefined) checkResource(resource);
  return { app, ...(resource !== undefined && { resource }) };
}

/** Parameters by name; an empty value counts as absent, as it does for oidc-provider. */
function readParams(req: FastifyRequest): Map<string, string> {
  // With no Content-Type at all the body is simply empty; any other type is refused.
  if (req.contentType !== undefined && mediaType(req) !== FORM) {
    throw oauthErrors.invalidRequest(`only ${FORM} content-type bodies are supported on POST ${req.url.split('?')[0]}`);
  }
  const all = new URLSearchParams(req.rawBody?.toString('utf8') ?? '');
  const params = new Map<string, string>();
  for (const name of SINGLE_VALUED) {
    const values = all.getAll(name).filter((v) => v !== '');
    if (values.length > 1) throw oauthErrors.invalidRequest(`'${name}' parameter must not be provided twice`);
    if (values.length === 1) params.set(name, values[0]!);
  }
  return params;
}

function authenticateClient(req: FastifyRequest, params: Map<string, string>, store: Store): StoredApp {
  let clientId = params.get('client_id');
  let secret = params.get('client_secret');
  const header = req.headers.authorization;
  if (header !== undefined) {
    const basic = readBasic(header);
    if (clientId !== undefined && clientId !== basic.clientId)
      throw oauthErrors.invalidRequest('mismatch in body and authorization client ids');
    if (secret !== undefined)
      throw oauthErrors.invalidRequest('client authentication must only be provided using one mechanism');
    ({ clientId, secret } = basic);
  }
  if (clientId === undefined) throw oauthErrors.invalidRequest('no client authentication mechanism provided');
  const app = secret === undefined ? undefined : authenticateApp(store, clientId, secret);
  if (!app)
    throw oauthErrors
      .invalidClient()
      .because(
        secret === undefined
          ? `no client_secret for ${clientId}`
          : findApp(store, clientId)
            ? `wrong client_secret for ${clientId}`
            : `no app with client_id ${clientId}`,
      );
  return app;
}

/** RFC 6749 section 2.3.1: base64 of `urlencoded(id):urlencoded(secret)`. */
function readBasic(header: string): { clientId: string; secret: string } {
  const parts = header.split(' ');
  if (parts.length !== 2 || parts[0]!.toLowerCase() !== 'basic')
    throw oauthErrors.invalidRequest('invalid authorization header value format');
  const decoded = Buffer.from(parts[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) throw oauthErrors.invalidRequest('invalid authorization header value format');
  try {
    const formUnescape = (s: string) => decodeURIComponent(s.replace(/\+/g, '%20'));
    return { clientId: formUnescape(decoded.slice(0, colon)), secret: formUnescape(decoded.slice(colon + 1)) };
  } catch {
    throw oauthErrors.invalidRequest(
      'client_id and client_secret in the authorization header are not properly encoded',
    );
  }
}

/** RFC 8707: an absolute URI without a fragment. Any such URI is accepted as the token's audience. */
function checkResource(resource: string): void {
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    throw oauthErrors.invalidTarget('resource indicator must be an absolute URI');
  }
  if (url.hash !== '' || resource.includes('#'))
    throw oauthErrors.invalidTarget('resource indicator must not contain a fragment component');
}
