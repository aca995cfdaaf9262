import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';
import { transmit } from '../../src/providers/transmit/index.js';
import { hashSecret } from '../../src/auth/secrets.js';
import { ACME, ADMIN, JSON_TYPE, NOW, ORG, READER, TENANT, TWO_TENANTS, claimsOf } from './fixtures.js';

const URL = `/v1/organizations/${ORG}`;

describe('Transmit provider', () => {
  const make = useApp();

  describe('mintToken (POST /__admin/tokens)', () => {
    it("issues what the app's client credentials would get", async () => {
      const { call } = await make();
      const res = await call({
        method: 'POST',
        url: '/__admin/tokens',
        payload: { vendor: 'transmit', identity: ADMIN.client_id },
      });
      const { status, body } = answer(res);
      expect(status).toBe(201);
      const minted = body as { token: string; headers: Record<string, string>; expiresIn: number };
      expect(minted).toEqual({
        vendor: 'transmit',
        identity: ADMIN.client_id,
        token: expect.any(String),
        headers: { authorization: `Bearer ${minted.token}` },
        expiresIn: 3600,
      });
      expect(claimsOf(minted.token)).toMatchObject({
        tid: TENANT,
        client_id: ADMIN.client_id,
        permissions: ['organizations:edit'],
        aud: 'userid-api',
      });
      const put = await call({
        method: 'PUT',
        url: URL,
        headers: { ...minted.headers, ...JSON_TYPE },
        payload: { name: 'Minted' },
      });
      expect(answer(put)).toEqual({ status: 200, body: { result: { ...ACME, name: 'Minted', updated_at: NOW } } });
    });

    it('a negative expiresIn gives an already-expired token', async () => {
      const { call, app } = await make();
      const minted = await transmit.mintToken!(app.orgmock, ADMIN.client_id, { expiresIn: -1 });
      expect(minted.expiresIn).toBe(-1);
      const put = await call({
        method: 'PUT',
        url: URL,
        headers: { ...minted.headers, ...JSON_TYPE },
        payload: { name: 'x' },
      });
      expect(answer(put)).toEqual({ status: 401, body: { message: 'Invalid token', error_code: 401 } });
    });

    it("a reader's token is refused with 403", async () => {
      const { call, app } = await make();
      const minted = await transmit.mintToken!(app.orgmock, READER.client_id, {});
      const put = await call({
        method: 'PUT',
        url: URL,
        headers: { ...minted.headers, ...JSON_TYPE },
        payload: { name: 'x' },
      });
      expect(answer(put)).toEqual({ status: 403, body: { message: 'Forbidden resource', error_code: 403 } });
    });

    it('an unknown client id, or one of another tenant, is an error', async () => {
      const { app } = await make({ fixtures: { transmit: TWO_TENANTS } });
      await expect(transmit.mintToken!(app.orgmock, 'ghost', {})).rejects.toThrow(
        "transmit: no app with client_id 'ghost'",
      );
      await expect(transmit.mintToken!(app.orgmock, 'globex_admin', { tenant: TENANT })).rejects.toThrow(
        `transmit: no app with client_id 'globex_admin' in tenant '${TENANT}'`,
      );
      const globex = await transmit.mintToken!(app.orgmock, 'globex_admin', { tenant: 'gl0bextenant000000000' });
      expect(claimsOf(globex.token).tid).toBe('gl0bextenant000000000');
    });
  });

  describe('faults', () => {
    it('every named fault answers in the NestJS envelope', () => {
      const bodies = Object.fromEntries(
        Object.entries(transmit.faults).map(([name, f]) => {
          const e = f();
          return [name, { status: e.status, body: e.body }];
        }),
      );
      expect(bodies).toEqual({
        internal: { status: 500, body: { message: 'Internal server error', error_code: 500 } },
        unavailable: { status: 503, body: { message: 'Service Unavailable', error_code: 503 } },
        'rate-limited': { status: 429, body: { message: 'ThrottlerException: Too Many Requests', error_code: 429 } },
        'not-found': { status: 404, body: { message: 'Organization not found', error_code: 404 } },
        unauthorized: { status: 401, body: { message: 'Invalid token', error_code: 401 } },
        forbidden: { status: 403, body: { message: 'Forbidden resource', error_code: 403 } },
      });
    });

    it('an injected fault fails the PUT and writes nothing', async () => {
      const { call, app } = await make();
      const minted = await transmit.mintToken!(app.orgmock, ADMIN.client_id, {});
      const added = await call({
        method: 'POST',
        url: '/__admin/faults',
        payload: { vendor: 'transmit', route: '/v1/organizations', error: 'unavailable', count: 1 },
      });
      expect(added.statusCode).toBe(201);
      const failed = await call({
        method: 'PUT',
        url: URL,
        headers: { ...minted.headers, ...JSON_TYPE },
        payload: { name: 'x' },
      });
      expect(answer(failed)).toEqual({ status: 503, body: { message: 'Service Unavailable', error_code: 503 } });
      expect(app.orgmock.store.getOrg('transmit', TENANT, ORG)).toEqual(ACME);
      const next = await call({
        method: 'PUT',
        url: URL,
        headers: { ...minted.headers, ...JSON_TYPE },
        payload: { name: 'x' },
      });
      expect(answer(next).status).toBe(200);
    });
  });

  describe('fixtures and store', () => {
    it('client secrets are stored only as hashes', async () => {
      const { app } = await make();
      const row = app.orgmock.store.findIdentity('transmit', 'app', ADMIN.client_id);
      expect(row).toMatchObject({ tenant: TENANT, secretHash: hashSecret(ADMIN.client_secret) });
      expect(JSON.stringify(row)).not.toContain(ADMIN.client_secret);
    });

    it('the default organization is seeded as the issue lists it', async () => {
      const { app } = await make();
      expect(app.orgmock.store.listOrgs('transmit')).toEqual([
        { vendor: 'transmit', tenant: TENANT, id: ORG, data: ACME },
      ]);
    });

    it('reset puts the organization back', async () => {
      const { call, app } = await make();
      const minted = await transmit.mintToken!(app.orgmock, ADMIN.client_id, {});
      await call({
        method: 'PUT',
        url: URL,
        headers: { ...minted.headers, ...JSON_TYPE },
        payload: { name: 'Changed' },
      });
      await call({ method: 'POST', url: '/__admin/reset' });
      expect(app.orgmock.store.getOrg('transmit', TENANT, ORG)).toEqual(ACME);
    });

    it('checkFixtures reports duplicate ids', () => {
      const app = TWO_TENANTS.tenants[0]!.apps[0]!;
      expect(
        transmit.checkFixtures!({
          tenants: [
            { tenant_id: 'a', organizations: [ACME, ACME], apps: [app] },
            { tenant_id: 'a', organizations: [], apps: [app] },
          ],
        }),
      ).toEqual([
        `organization ${ORG} is listed twice in tenant a`,
        'tenant a is listed twice',
        `client_id ${app.client_id} is used by two apps`,
      ]);
    });
  });

  it('the journal masks the client secret, the issued token and the bearer header', async () => {
    const { call } = await make();
    const token = await call({
      method: 'POST',
      url: '/oidc/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `client_id=${ADMIN.client_id}&client_secret=${ADMIN.client_secret}&grant_type=client_credentials`,
    });
    const accessToken = JSON.parse(token.body).access_token as string;
    await call({
      method: 'PUT',
      url: URL,
      headers: { authorization: `Bearer ${accessToken}`, ...JSON_TYPE },
      payload: { name: 'x' },
    });
    const { body } = answer(await call({ method: 'GET', url: '/__admin/requests?vendor=transmit' }));
    const [tokenCall, putCall] = (body as { requests: Record<string, unknown>[] }).requests;
    expect(tokenCall).toMatchObject({
      method: 'POST',
      path: '/oidc/token',
      status: 200,
      requestBody: { client_id: ADMIN.client_id, client_secret: '***', grant_type: 'client_credentials' },
      responseBody: { access_token: '***', token_type: 'Bearer', expires_in: 3600, scope: 'organizations:edit' },
    });
    expect(putCall).toMatchObject({
      method: 'PUT',
      path: URL,
      status: 200,
      requestHeaders: { authorization: 'Bearer ***' },
    });
    expect(JSON.stringify(body)).not.toContain(ADMIN.client_secret);
    expect(JSON.stringify(body)).not.toContain(accessToken);
  });

  it('the OpenAPI document shows both routes under both bases, tagged transmit', async () => {
    const { call } = await make();
    const doc = JSON.parse((await call({ method: 'GET', url: '/__admin/openapi.json' })).body);
    for (const path of ['/oidc/token', '/cis/oidc/token']) expect(doc.paths[path].post.tags).toEqual(['transmit']);
    for (const path of ['/v1/organizations/{organization_id}', '/cis/v1/organizations/{organization_id}']) {
      expect(doc.paths[path].put.tags).toEqual(['transmit']);
      expect(Object.keys(doc.paths[path].put.responses)).toEqual(['200', '400', '401', '403', '404', '413']);
    }
  });
});
