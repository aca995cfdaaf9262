import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TokenService } from '../../auth/tokens.js';
import { AccessTokenClaims } from './schemas.js';
import type { StoredApp } from './model.js';

/** Transmit's client access tokens are valid for one hour. */
export const TOKEN_TTL = 3600;
const ISSUER = 'orgmock:transmit';
/** The `aud` of a token requested without a `resource`, per Transmit's token reference. */
const DEFAULT_AUDIENCE = 'userid-api';
/** Compiled once: every authenticated request checks its token's claims. */
const claimsCheck = TypeCompiler.Compile(AccessTokenClaims);

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** The JWT the token endpoint hands a management app, carrying its permissions. */
export async function issueAccessToken(
  tokens: TokenService,
  app: StoredApp,
  { expiresIn = TOKEN_TTL, resource }: { expiresIn?: number; resource?: string } = {},
): Promise<IssuedToken> {
  const scope = app.permissions.join(' ');
  const claims: AccessTokenClaims = {
    tid: app.tenantId,
    app_id: app.appId,
    app_name: app.name,
    client_id: app.clientId,
    roles: [],
    permissions: app.permissions,
    scope,
  };
  const access_token = await tokens.sign(claims, {
    issuer: ISSUER,
    subject: app.clientId,
    expiresIn,
    audience: resource ?? DEFAULT_AUDIENCE,
  });
  return { access_token, token_type: 'Bearer', expires_in: expiresIn, scope };
}

/** The claims of a valid, unexpired token this vendor issued; undefined for anything else. */
/** The token's claims, or why it is refused (in plain words, for the journal). */
export async function readAccessToken(
  tokens: TokenService,
  token: string,
): Promise<{ ok: true; claims: AccessTokenClaims } | { ok: false; detail: string }> {
  const result = await tokens.verify(token, ISSUER);
  if (!result.ok) return result;
  if (!claimsCheck.Check(result.claims))
    return { ok: false, detail: 'the token is not a Transmit admin access token (its claims do not fit)' };
  return { ok: true, claims: result.claims };
}

/**
 * Whether a token's audience is Transmit's own API: the default one (a token
 * requested without `resource`), or a resource naming the API's base, `/cis`, on
 * any host (the vendor's regional hosts, or orgmock's own address). A token a
 * client requested for another resource (its own API) is not for this one.
 */
export function isForThisApi(claims: AccessTokenClaims): boolean {
  const aud = (claims as { aud?: unknown }).aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  return audiences.some((a) => typeof a === 'string' && (a === DEFAULT_AUDIENCE || namesTheApi(a)));
}

function namesTheApi(resource: string): boolean {
  try {
    return new URL(resource).pathname.replace(/\/+$/, '') === '/cis';
  } catch {
    return false;
  }
}
