import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { answer, useApp } from '../helpers.js';

type Call = (opts: InjectOptions) => Promise<LightMyRequestResponse>;
const json = (res: LightMyRequestResponse) => JSON.parse(res.body) as Record<string, unknown>;
const exportOf = async (call: Call) => json(await call({ method: 'GET', url: '/__admin/export' }));
const seed = (call: Call, vendor: string, payload: unknown, method: 'POST' | 'PUT' = 'POST') =>
  call({ method, url: `/__admin/state/${vendor}`, payload: payload as InjectOptions['payload'] });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

const J_ORG = '0a0b0c0d-1111-4222-8333-444455556666';
const G_ORG = 'b1eebc99-9c0b-4ef8-bb6d-6bb9bd380a22';
const G_OWNER = '6d9c3b1e-7a2f-4c4e-9b1d-0f6e2a8c4b09';

describe('seeding at runtime: what is seeded works at once through the real flow of each vendor', () => {
  const make = useApp();

  it('Junction: a seeded org and key; the key updates the org', async () => {
    const { call } = await make();
    const res = await seed(call, 'junction', {
      orgs: [{ id: J_ORG, name: 'Seeded', expires_at: null }],
      management_keys: [{ key: 'mk_seeded', org_id: J_ORG }],
    });
    expect(res.statusCode).toBe(200);
    const patch = await call({
      method: 'PATCH',
      url: `/v1/org/${J_ORG}`,
      headers: { 'x-management-key': 'mk_seeded', 'content-type': 'application/json' },
      payload: { name: 'Renamed' },
    });
    expect(answer(patch)).toEqual({ status: 200, body: { id: J_ORG, name: 'Renamed', expires_at: null } });
    // The fixtures' records are still there (upsert, not replace).
    const old = await call({
      method: 'PATCH',
      url: '/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      payload: { name: 'Still here' },
    });
    expect(old.statusCode).toBe(200);
  });

  it('Scalekit: a seeded environment and client get a token that updates the seeded org', async () => {
    const { call } = await make();
    const res = await seed(call, 'scalekit', {
      environments: [
        {
          id: 'env_900',
          clients: [{ client_id: 'skc_901', client_secret: 'seeded-secret' }],
          organizations: [{ id: 'org_902', display_name: 'Seeded Org', create_time: '2025-01-01T00:00:00Z' }],
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    const token = await call({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ grant_type: 'client_credentials', client_id: 'skc_901', client_secret: 'seeded-secret' }),
    });
    expect(token.statusCode).toBe(200);
    const patch = await call({
      method: 'PATCH',
      url: '/api/v1/organizations/org_902',
      headers: { authorization: `Bearer ${json(token).access_token}`, 'content-type': 'application/json' },
      payload: { display_name: 'Renamed' },
    });
    expect(patch.statusCode).toBe(200);
    expect((json(patch).organization as { display_name: string }).display_name).toBe('Renamed');
  });

  it('GMI Cloud: a seeded owner signs in and renames the seeded org; a seeded member is refused', async () => {
    const { call } = await make();
    const res = await seed(call, 'gmicloud', {
      organizations: [{ id: G_ORG, name: 'Seeded' }],
      users: [
        {
          id: G_OWNER,
          email: 'boss@seed.example',
          password: 'pw-boss',
          organizations: [{ orgId: G_ORG, orgRole: 'org_owner' }],
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    const signIn = async (email: string, password: string) => {
      const auth = await call({ method: 'POST', url: '/me/auth-tokens', payload: { email, password } });
      expect(auth.statusCode).toBe(201);
      const session = await call({
        method: 'POST',
        url: '/me/sessions',
        headers: { 'ce-clientid': 'web1' },
        payload: { authToken: json(auth).authToken },
      });
      expect(session.statusCode).toBe(201);
      return json(session).accessToken as string;
    };
    const access = await signIn('boss@seed.example', 'pw-boss');
    const patch = await call({
      method: 'PATCH',
      url: `/organizations/${G_ORG}`,
      headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json' },
      payload: { name: 'Renamed' },
    });
    expect(patch.statusCode).toBe(200);
    const exported = (await exportOf(call)).gmicloud as { organizations: { id: string; name: string }[] };
    expect(exported.organizations).toContainEqual({ id: G_ORG, name: 'Renamed' });

    // The same user upserted with a lesser role: the role cache sees it at once.
    await seed(call, 'gmicloud', {
      users: [
        {
          id: G_OWNER,
          email: 'boss@seed.example',
          password: 'pw-boss',
          organizations: [{ orgId: G_ORG, orgRole: 'org_member' }],
        },
      ],
    });
    const refused = await call({
      method: 'PATCH',
      url: `/organizations/${G_ORG}`,
      headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json' },
      payload: { name: 'Again' },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('Razi: a seeded app is served at once; its machine user and user update the seeded org', async () => {
    const { call } = await make();
    const res = await seed(call, 'razi', {
      apps: [
        {
          name: 'seeded-app',
          orgs: [{ id: '300000000000000001', name: 'Seeded', metadata: {} }],
          machineUsers: [
            {
              id: '300000000000000002',
              clientId: 'mu_seed',
              clientSecret: 'mu_seed_secret',
              orgIds: ['300000000000000001'],
            },
          ],
          users: [
            {
              id: '300000000000000003',
              email: 'owner@seed.example',
              password: 'pw-owner',
              firstName: 'S',
              lastName: 'O',
              memberships: [{ orgId: '300000000000000001', role: 'ORG_OWNER' }],
            },
          ],
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    const app = { 'x-app-name': 'seeded-app', 'content-type': 'application/json' };
    const token = await call({
      method: 'POST',
      url: '/v1/authentication/machine-users/access-token',
      headers: app,
      payload: { clientId: 'mu_seed', clientSecret: 'mu_seed_secret' },
    });
    expect(token.statusCode).toBe(200);
    const patch = await call({
      method: 'PATCH',
      url: '/v1/authorization/organizations/300000000000000001',
      headers: { ...app, authorization: `Bearer ${json(token).token}` },
      payload: { metadata: { a: 'b' } },
    });
    expect(answer(patch)).toEqual({ status: 200, body: { message: 'Organization Data Updated' } });
    const session = await call({
      method: 'POST',
      url: '/v1/authentication/sessions',
      headers: app,
      payload: { email: 'owner@seed.example', password: 'pw-owner' },
    });
    expect(session.statusCode).toBe(200);
    // Upserting one org into the existing app keeps its users and machine users.
    await seed(call, 'razi', {
      apps: [{ name: 'seeded-app', orgs: [{ id: '300000000000000009', name: 'Two', metadata: {} }] }],
    });
    const razi = (await exportOf(call)).razi as {
      apps: { name: string; orgs: unknown[]; users: unknown[]; machineUsers: unknown[] }[];
    };
    const seeded = razi.apps.find((a) => a.name === 'seeded-app')!;
    expect([seeded.orgs.length, seeded.users.length, seeded.machineUsers.length]).toEqual([2, 1, 1]);
    expect(seeded.orgs).toContainEqual({ id: '300000000000000001', name: 'Seeded', metadata: { a: 'b' } });
  });

  it('Transmit: a seeded tenant and app get a token that updates the seeded organization', async () => {
    const { call } = await make();
    const res = await seed(call, 'transmit', {
      tenants: [
        {
          tenant_id: 'seededtenant0000001',
          organizations: [
            {
              organization_id: 'seededorg0000000001',
              app_ids: [],
              name: 'Seeded',
              enabled: true,
              domain: 'seed.example',
            },
          ],
          apps: [
            {
              client_id: 'seeded_client',
              client_secret: 'seeded_secret',
              app_id: 'seededapp0000000001',
              name: 'Seeded app',
              permissions: ['organizations:edit'],
            },
          ],
        },
      ],
    });
    expect(answer(res)).toMatchObject({ status: 200 });
    const token = await call({
      method: 'POST',
      url: '/oidc/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ grant_type: 'client_credentials', client_id: 'seeded_client', client_secret: 'seeded_secret' }),
    });
    expect(token.statusCode).toBe(200);
    const put = await call({
      method: 'PUT',
      url: '/v1/organizations/seededorg0000000001',
      headers: { authorization: `Bearer ${json(token).access_token}`, 'content-type': 'application/json' },
      payload: { name: 'Renamed' },
    });
    expect(put.statusCode).toBe(200);
    expect((json(put).result as { name: string }).name).toBe('Renamed');
  });
});

describe('seeding: bodies that do not fit change nothing', () => {
  const make = useApp();

  const cases: [string, unknown, string][] = [
    ['junction', { orgs: [{ id: J_ORG, name: 'ok', expires_at: null }, {}, { id: J_ORG, name: 3 }] }, 'orgs[1].id'],
    ['junction', { orgs: [{ id: J_ORG, name: 'ok', expires_at: null }], extra: [] }, 'extra'],
    ['junction', { management_keys: [{ key: 'mk_x', org_id: J_ORG }] }, ''],
    [
      'gmicloud',
      { users: [{ id: G_OWNER, email: 'x@y.z', password: 'p', organizations: [{ orgId: G_ORG }] }] },
      'users[0].organizations[0].orgRole',
    ],
    [
      'razi',
      { apps: [{ name: 'orgmock-demo', orgs: [{ id: '1', name: 'x', metadata: { k: 1 } }] }] },
      'apps[0].orgs[0].metadata.k',
    ],
    ['scalekit', { environments: [{ id: 'nope' }] }, 'environments[0].id'],
    ['transmit', [], ''],
  ];
  for (const [vendor, body, path] of cases) {
    it(`${vendor} ${JSON.stringify(body).slice(0, 60)} → 400 at ${path || 'the document'}`, async () => {
      const { call } = await make();
      const before = await exportOf(call);
      const res = await seed(call, vendor, body);
      const out = answer(res);
      expect(out.status).toBe(400);
      const err = out.body as { code: string; message: string };
      expect(err.code).toBe('ORGMOCK_INVALID_FIXTURES');
      if (path) expect(err.message.startsWith(`${path}: `)).toBe(true);
      else expect(err.message).not.toMatch(/^\w+(\[\d+\]|\.\w+)*: /);
      expect(await exportOf(call)).toEqual(before);
      const put = await seed(call, vendor, body, 'PUT');
      expect(put.statusCode).toBe(400);
      expect(await exportOf(call)).toEqual(before);
    });
  }

  it('names the first problem in the words of the issue (orgs[2].name: expected string)', async () => {
    const { call } = await make();
    const res = await seed(call, 'junction', {
      orgs: [
        { id: J_ORG, name: 'a', expires_at: null },
        { id: J_ORG, name: 'b', expires_at: null },
        { id: J_ORG, name: 7, expires_at: null },
      ],
    });
    expect(answer(res).body).toEqual({
      statusCode: 400,
      code: 'ORGMOCK_INVALID_FIXTURES',
      error: 'Bad Request',
      message: 'orgs[2].name: expected string',
    });
  });

  it('an unknown vendor is a 404 that lists the vendors', async () => {
    const { call } = await make();
    const res = await seed(call, 'nope', {});
    expect(answer(res).status).toBe(404);
    expect((answer(res).body as { message: string }).message).toContain('junction');
  });
});

describe('replace, delete, export, schema', () => {
  const make = useApp();

  it('PUT replaces the vendor; the old credentials stop working', async () => {
    const { call } = await make();
    const res = await seed(call, 'junction', { orgs: [{ id: J_ORG, name: 'Only', expires_at: null }] }, 'PUT');
    expect(answer(res)).toEqual({
      status: 200,
      body: { orgs: [{ id: J_ORG, name: 'Only', expires_at: null }], management_keys: [] },
    });
    const old = await call({
      method: 'PATCH',
      url: '/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      payload: { name: 'x' },
    });
    expect(old.statusCode).toBe(401);
    // Other vendors are untouched.
    expect(((await exportOf(call)).gmicloud as { users: unknown[] }).users).toHaveLength(3);
  });

  it('DELETE removes the org and its keys; GMI roles in it go too', async () => {
    const { call } = await make();
    const acme = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    expect((await call({ method: 'DELETE', url: `/__admin/state/junction/orgs/${acme}` })).statusCode).toBe(204);
    const junction = (await exportOf(call)).junction as { orgs: { id: string }[]; management_keys: { key: string }[] };
    expect(junction.orgs.map((o) => o.id)).not.toContain(acme);
    expect(junction.management_keys.map((k) => k.key)).toEqual(['mk_test_globex']);
    expect((await call({ method: 'DELETE', url: `/__admin/state/junction/orgs/${acme}` })).statusCode).toBe(404);

    const gmiOrg = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
    expect((await call({ method: 'DELETE', url: `/__admin/state/gmicloud/orgs/${gmiOrg}` })).statusCode).toBe(204);
    const gmi = (await exportOf(call)).gmicloud as { users: { organizations: unknown[] }[] };
    expect(gmi.users.map((u) => u.organizations)).toEqual([[], [], []]);
  });

  it('export of the defaults holds every fixture record (orgs and credentials, secrets included)', async () => {
    const { call } = await make();
    const { readFileSync } = await import('node:fs');
    const exported = await exportOf(call);
    const sorted = (doc: unknown) =>
      JSON.parse(JSON.stringify(doc), (_k, v) =>
        Array.isArray(v) ? [...v].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))) : v,
      );
    for (const vendor of ['junction', 'gmicloud', 'razi', 'transmit']) {
      const file = JSON.parse(readFileSync(join('fixtures', `${vendor}.json`), 'utf8')) as unknown;
      expect(sorted(exported[vendor]), vendor).toEqual(sorted(file));
    }
  });

  it('export, then start from it: the same state (after changes through vendor routes and seeding)', async () => {
    const { call } = await make();
    await seed(call, 'razi', { apps: [{ name: 'lonely-app' }] });
    await seed(call, 'scalekit', { environments: [{ id: 'env_1', name: 'empty' }] });
    await call({
      method: 'PATCH',
      url: '/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      payload: { name: 'Changed' },
    });
    const exported = await exportOf(call);
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-export-'));
    for (const [vendor, data] of Object.entries(exported))
      writeFileSync(join(dir, `${vendor}.json`), JSON.stringify(data));
    const second = await make({ fixturesDir: dir });
    expect(await exportOf(second.call)).toEqual(exported);
  });

  it('GET /__admin/schema/:vendor is a JSON Schema that the fixtures file fits', async () => {
    const { call } = await make();
    const res = answer(await call({ method: 'GET', url: '/__admin/schema/gmicloud' }));
    expect(res.status).toBe(200);
    const schema = res.body as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema).toMatchObject({ type: 'object', required: ['organizations', 'users'] });
    expect((await call({ method: 'GET', url: '/__admin/schema/nope' })).statusCode).toBe(404);
  });
});
