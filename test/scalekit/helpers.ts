import type { InjectOptions, LightMyRequestResponse } from 'fastify';

/** The default fixtures' two environments and what is in them. */
export const DEV = { env: 'env_58327482062864389', clientId: 'skc_58327482062864390', secret: 'test_secret_scalekit' };
export const OTHER = { env: 'env_70000000000000000', clientId: 'skc_70000000000000001', secret: 'test_secret_other' };
export const ACME = 'org_2123312131125533';
export const GLOBEX = 'org_59615193906282635';
export const INITECH = 'org_70000000000000002';

export const FEATURES = (sso: boolean, dirSync: boolean, domainVerification: boolean, sessionPolicy: boolean) => ({
  features: [
    { name: 'sso', enabled: sso },
    { name: 'dir_sync', enabled: dirSync },
    { name: 'domain_verification', enabled: domainVerification },
    { name: 'session_policy', enabled: sessionPolicy },
  ],
});

/** Acme as the API writes it, before any change. */
export const ACME_ORG = {
  id: ACME,
  create_time: '2024-01-05T14:48:00Z',
  update_time: '2024-01-05T14:48:00Z',
  display_name: 'Acme Corp',
  region_code: 'US',
  external_id: 'my_unique_id',
  metadata: { someKey: 'someValue' },
  settings: FEATURES(true, false, true, false),
  slug: 'acme',
  logo_url: 'https://cdn.example.com/acme-logo.png',
};

export const GLOBEX_ORG = {
  id: GLOBEX,
  create_time: '2025-02-15T06:23:44.560Z',
  update_time: '2025-02-15T06:23:44.560Z',
  display_name: 'Globex',
  region_code: 'US',
  metadata: {},
  settings: FEATURES(false, false, false, false),
};

export const INITECH_ORG = {
  id: INITECH,
  create_time: '2025-06-01T09:30:00Z',
  update_time: '2025-06-01T09:30:00Z',
  display_name: 'Initech',
  region_code: 'EU',
  external_id: 'initech',
  metadata: { plan: 'enterprise' },
  settings: FEATURES(false, false, false, false),
  slug: 'initech',
};

const ERROR_INFO = 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo';

/** A gateway error body with Scalekit's ErrorInfo. */
export function status(
  code: number,
  message: string,
  errorCode: string,
  violations?: { field: string; description: string; constraint: string }[],
) {
  return {
    code,
    message,
    details: [
      {
        '@type': ERROR_INFO,
        error_code: errorCode,
        ...(violations ? { validation_error_info: { field_violations: violations } } : {}),
      },
    ],
  };
}

export const TOKEN_EMPTY = status(16, 'Token empty', 'UNAUTHENTICATED');

type Call = (opts: InjectOptions) => Promise<LightMyRequestResponse>;

export const form = { 'content-type': 'application/x-www-form-urlencoded' };
export const json = { 'content-type': 'application/json' };

/** An access token from `/oauth/token`, as a client gets one. */
export async function accessToken(call: Call, client = DEV): Promise<string> {
  const res = await call({
    method: 'POST',
    url: '/oauth/token',
    headers: form,
    payload: `grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.secret}`,
  });
  if (res.statusCode !== 200) throw new Error(`token: ${res.statusCode} ${res.body}`);
  return (JSON.parse(res.body) as { access_token: string }).access_token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The JWT's claims, unverified. */
export function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}
