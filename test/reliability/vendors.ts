import type { InjectOptions, LightMyRequestResponse } from 'fastify';

/**
 * The default fixtures' identities and orgs, per vendor, and the login chains
 * that turn them into credentials. Kept here (not imported from each vendor's
 * own test helpers) so these cross-vendor tests read the fixtures as a user would.
 */

export type Call = (opts: InjectOptions) => Promise<LightMyRequestResponse>;
export type Headers = Record<string, string>;

export const VENDORS = ['junction', 'scalekit', 'gmicloud', 'razi', 'transmit'] as const;
export type Vendor = (typeof VENDORS)[number];

export const JUNCTION = {
  acme: '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  globex: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  acmeKey: 'mk_test_acme_health',
  globexKey: 'mk_test_globex',
} as const;

export const SCALEKIT = {
  dev: { env: 'env_58327482062864389', clientId: 'skc_58327482062864390', secret: 'test_secret_scalekit' },
  other: { env: 'env_70000000000000000', clientId: 'skc_70000000000000001', secret: 'test_secret_other' },
  acme: 'org_2123312131125533',
  globex: 'org_59615193906282635',
  initech: 'org_70000000000000002',
} as const;

export const GMI = {
  org: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  owner: { email: 'owner@gmi.example', password: 'owner-password' },
  member: { email: 'member@gmi.example', password: 'member-password' },
  outsider: { email: 'outsider@gmi.example', password: 'outsider-password' },
  clientId: 'web1',
} as const;

export const RAZI = {
  demo: 'orgmock-demo',
  other: 'other-app',
  acme: '281185056586736799',
  globex: '290000000000000001',
  machine: { clientId: 'mu_acme_client', clientSecret: 'mu_acme_secret' },
  otherMachine: { clientId: 'mu_other_client', clientSecret: 'mu_other_secret' },
  owner: { email: 'owner@razi.example', password: 'owner-password' },
  manager: { email: 'manager@razi.example', password: 'manager-password' },
  member: { email: 'member@razi.example', password: 'member-password' },
} as const;

export const TRANSMIT = {
  tenant: '6oi3tjkijshdfgekwjfwey9',
  acme: 'uovh59ypbxkea4ir9dnqp',
  admin: { client_id: 'transmit_admin_client', client_secret: 'transmit_admin_secret' },
  reader: { client_id: 'transmit_reader_client', client_secret: 'transmit_reader_secret' },
} as const;

export const JSON_TYPE = { 'content-type': 'application/json' };
export const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };
export const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });
export const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

async function ok(res: LightMyRequestResponse, what: string): Promise<Record<string, unknown>> {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as Record<string, unknown>;
}

export async function scalekitToken(
  call: Call,
  client: { clientId: string; secret: string } = SCALEKIT.dev,
): Promise<string> {
  const res = await call({
    method: 'POST',
    url: '/oauth/token',
    headers: FORM_TYPE,
    payload: form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.secret }),
  });
  return (await ok(res, 'scalekit token')).access_token as string;
}

/** GMI Cloud's two-step sign-in: the auth token, then the session's access and refresh tokens. */
export async function gmiSignIn(
  call: Call,
  user: { email: string; password: string } = GMI.owner,
  clientId = GMI.clientId,
) {
  const step1 = await ok(
    await call({ method: 'POST', url: '/me/auth-tokens', headers: JSON_TYPE, payload: user }),
    'gmi auth token',
  );
  const authToken = step1.authToken as string;
  const step2 = await ok(
    await call({
      method: 'POST',
      url: '/me/sessions',
      headers: { ...JSON_TYPE, 'ce-clientid': clientId },
      payload: { authToken },
    }),
    'gmi session',
  );
  return { authToken, accessToken: step2.accessToken as string, refreshToken: step2.refreshToken as string };
}

export async function raziMachineToken(
  call: Call,
  app: string = RAZI.demo,
  creds: { clientId: string; clientSecret: string } = RAZI.machine,
) {
  const res = await call({
    method: 'POST',
    url: '/v1/authentication/machine-users/access-token',
    headers: { ...JSON_TYPE, 'x-app-name': app },
    payload: creds,
  });
  return (await ok(res, 'razi machine token')).token as string;
}

/** Razi's sign-in: the session token of the body and the cookie a browser would send back. */
export async function raziSignIn(
  call: Call,
  user: { email: string; password: string } = RAZI.owner,
  app: string = RAZI.demo,
) {
  const res = await call({
    method: 'POST',
    url: '/v1/authentication/sessions',
    headers: { ...JSON_TYPE, 'x-app-name': app },
    payload: user,
  });
  const body = await ok(res, 'razi sign-in');
  const setCookie = res.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)!.split(';')[0]!;
  return { token: body.sessionToken as string, cookie };
}

export async function transmitToken(
  call: Call,
  creds: { client_id: string; client_secret: string } = TRANSMIT.admin,
): Promise<string> {
  const res = await call({
    method: 'POST',
    url: '/oidc/token',
    headers: FORM_TYPE,
    payload: form({ ...creds, grant_type: 'client_credentials' }),
  });
  return (await ok(res, 'transmit token')).access_token as string;
}

/** One valid update of one org per vendor: what a client that did everything right sends. */
export interface UpdateRequest {
  method: 'PATCH' | 'PUT';
  url: string;
  headers: Headers;
  payload: string;
}

export function updateRequest(vendor: Vendor, org: string, credential: Headers, value: string): UpdateRequest {
  const json = (body: unknown) => JSON.stringify(body);
  switch (vendor) {
    case 'junction':
      return {
        method: 'PATCH',
        url: `/v1/org/${org}`,
        headers: { ...JSON_TYPE, ...credential },
        payload: json({ name: value }),
      };
    case 'scalekit':
      return {
        method: 'PATCH',
        url: `/api/v1/organizations/${org}`,
        headers: { ...JSON_TYPE, ...credential },
        payload: json({ display_name: value }),
      };
    case 'gmicloud':
      return {
        method: 'PATCH',
        url: `/organizations/${org}`,
        headers: { ...JSON_TYPE, ...credential },
        payload: json({ name: value }),
      };
    case 'razi':
      return {
        method: 'PATCH',
        url: `/v1/authorization/organizations/${org}`,
        headers: { ...JSON_TYPE, ...credential },
        payload: json({ metadata: { last: value, [value]: 'written' } }),
      };
    case 'transmit':
      return {
        method: 'PUT',
        url: `/v1/organizations/${org}`,
        headers: { ...JSON_TYPE, ...credential },
        payload: json({ name: value }),
      };
  }
}
