import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

export const ACME = '281185056586736799';
export const GLOBEX = '290000000000000001';
export const DEMO = 'orgmock-demo';
export const OTHER = 'other-app';
export const IDS = {
  machineUser: '281185056586736801',
  owner: '281185056586736811',
  manager: '281185056586736822',
  member: '281185056586736833',
  otherMachineUser: '290000000000000011',
};
export const TOKEN_URL = '/v1/authentication/machine-users/access-token';
export const SIGN_UP_URL = '/v1/authentication/users';
export const SIGN_IN_URL = '/v1/authentication/sessions';
export const orgUrl = (id: string) => `/v1/authorization/organizations/${id}`;
export const json = { 'content-type': 'application/json' };
export const demo = { 'x-app-name': DEMO, ...json };

export const USERS = {
  owner: { email: 'owner@razi.example', password: 'owner-password' },
  manager: { email: 'manager@razi.example', password: 'manager-password' },
  member: { email: 'member@razi.example', password: 'member-password' },
};

type Call = (opts: InjectOptions) => Promise<LightMyRequestResponse>;

export async function machineToken(
  call: Call,
  app = DEMO,
  clientId = 'mu_acme_client',
  clientSecret = 'mu_acme_secret',
): Promise<string> {
  const res = await call({
    method: 'POST',
    url: TOKEN_URL,
    headers: { 'x-app-name': app, ...json },
    payload: { clientId, clientSecret },
  });
  expect(res.statusCode).toBe(200);
  return JSON.parse(res.body).token;
}

/** Signs in and returns the `Cookie` header a browser would send back, and the token from the body. */
export async function signIn(call: Call, user: { email: string; password: string }, app = DEMO) {
  const res = await call({ method: 'POST', url: SIGN_IN_URL, headers: { 'x-app-name': app, ...json }, payload: user });
  expect(res.statusCode).toBe(200);
  return { cookie: cookieFrom(res), token: JSON.parse(res.body).sessionToken as string };
}

/** `name=value` of the Set-Cookie header, what a client echoes in its `Cookie` header. */
export function cookieFrom(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  expect(first).toBeDefined();
  return first!.split(';')[0]!;
}

/** Every Razi row of the store, to show that a rejected request wrote nothing. */
export function snapshot(app: FastifyInstance) {
  const db = app.orgmock.store.db;
  return {
    orgs: app.orgmock.store.listOrgs('razi'),
    identities: db.prepare("SELECT * FROM identities WHERE vendor = 'razi' ORDER BY tenant, id").all(),
    memberships: db
      .prepare("SELECT * FROM memberships WHERE vendor = 'razi' ORDER BY tenant, org_id, identity_id")
      .all(),
  };
}

export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}
