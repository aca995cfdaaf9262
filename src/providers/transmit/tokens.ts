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
export async function readAccessToken(tokens: TokenService, token: string): Promise<AccessTokenClaims | undefined> {
  const result = await tokens.verify(token, ISSUER);
  if (!result.ok || !claimsCheck.Check(result.claims)) return undefined;
  return result.claims;
}
