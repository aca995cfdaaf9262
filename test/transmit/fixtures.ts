import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { decodeJwt } from 'jose';
import type { TransmitFixtures } from '../../src/providers/transmit/schemas.js';

export const ORG = 'uovh59ypbxkea4ir9dnqp';
export const TENANT = '6oi3tjkijshdfgekwjfwey9';
export const ADMIN = { client_id: 'transmit_admin_client', client_secret: 'transmit_admin_secret' };
export const READER = { client_id: 'transmit_reader_client', client_secret: 'transmit_reader_secret' };
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
export const JSON_TYPE = { 'content-type': 'application/json' };

/** Acme exactly as fixtures/transmit.json seeds it. */
export const ACME = {
  organization_id: ORG,
  app_ids: ['zl2trg3sanjsd63qs7se'],
  name: 'Acme',
  domains: ['acme.com'],
  created_at: 1735689600000,
  updated_at: 1751328000000,
  enabled: true,
  managed_organizations_by_app: {},
  managing_organization_id: '',
  logo_url: 'https://acme.com/logo.png',
  alias_name: 'acme',
  domain: 'acme.com',
};

/** 2026-01-01T00:00:00.000Z, the test clock's start. */
export const NOW = 1767225600000;

type Call = (opts: InjectOptions) => Promise<LightMyRequestResponse>;

export function form(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

export async function accessToken(call: Call, creds = ADMIN, extra: Record<string, string> = {}): Promise<string> {
  const res = await call({
    method: 'POST',
    url: '/oidc/token',
    headers: FORM,
    payload: form({ ...creds, grant_type: 'client_credentials', ...extra }),
  });
  if (res.statusCode !== 200) throw new Error(`token request failed: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body).access_token as string;
}

export function claimsOf(token: string) {
  return decodeJwt(token);
}

/** Two tenants: Acme's (with an `orgs:edit` app) and Globex's, whose org Acme's apps must not reach. */
export const TWO_TENANTS: TransmitFixtures = {
  tenants: [
    {
      tenant_id: TENANT,
      organizations: [ACME],
      apps: [
        { ...ADMIN, app_id: 'm4nag3m3ntapp0admin01', name: 'Acme management app', permissions: ['organizations:edit'] },
        {
          client_id: 'orgs_editor_client',
          client_secret: 'orgs_editor_secret',
          app_id: 'orgseditorapp0000001',
          name: 'Editor',
          permissions: ['orgs:edit', 'users:read'],
        },
      ],
    },
    {
      tenant_id: 'gl0bextenant000000000',
      organizations: [
        { organization_id: 'gl0bex0rg00000000000a', app_ids: [], name: 'Globex', enabled: false, domain: 'globex.com' },
      ],
      apps: [
        {
          client_id: 'globex_admin',
          client_secret: 'globex_secret',
          app_id: 'gl0bexadminapp000001',
          name: 'Globex admin',
          permissions: ['organizations:edit'],
        },
      ],
    },
  ],
};
