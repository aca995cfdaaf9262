import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';
import { scalekit } from '../../src/providers/scalekit/index.js';
import {
  checkFixtures,
  getOrganizationByExternalId,
  updateOrganizationByExternalId,
} from '../../src/providers/scalekit/model.js';
import { verifyAccessToken, tokenFromAuthorization } from '../../src/providers/scalekit/auth.js';
import { ScalekitError } from '../../src/providers/scalekit/scalekit-error.js';
import { refuseInvalid, requestValidator } from '../../src/providers/scalekit/validation.js';
import type { ScalekitFixtures } from '../../src/providers/scalekit/schemas.js';
import { ACME, ACME_ORG, DEV, INITECH, OTHER, accessToken, bearer, claims, json, status } from './helpers.js';

describe('Scalekit provider', () => {
  const make = useApp();

  describe('mintToken', () => {
    it('POST /__admin/tokens issues what /oauth/token would', async () => {
      const { call } = await make();
      const res = answer(
        await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor: 'scalekit', identity: DEV.clientId } }),
      );
      const minted = res.body as { token: string; headers: Record<string, string> };
      expect(res).toEqual({
        status: 201,
        body: {
          vendor: 'scalekit',
          identity: DEV.clientId,
          token: expect.any(String),
          headers: { authorization: `Bearer ${minted.token}` },
          expiresIn: 86399,
        },
      });
      expect(claims(minted.token)).toMatchObject({
        iss: 'orgmock:scalekit',
        client_id: DEV.clientId,
        environment_id: DEV.env,
      });
      const patch = await call({
        method: 'PATCH',
        url: `/api/v1/organizations/${ACME}`,
        headers: { ...minted.headers, ...json },
        payload: '{"display_name":"Minted"}',
      });
      expect(answer(patch)).toMatchObject({ status: 200, body: { organization: { display_name: 'Minted' } } });
    });

    it('checks the tenant when given, and knows only its clients', async () => {
      const { app } = await make();
      await expect(scalekit.mintToken!(app.orgmock, OTHER.clientId, { tenant: OTHER.env })).resolves.toMatchObject({
        expiresIn: 86399,
      });
      await expect(scalekit.mintToken!(app.orgmock, OTHER.clientId, { tenant: DEV.env })).rejects.toThrow(
        `scalekit has no client ${OTHER.clientId} in environment ${DEV.env}`,
      );
      await expect(scalekit.mintToken!(app.orgmock, 'skc_1', {})).rejects.toThrow('scalekit has no client skc_1');
    });
  });

  describe('faults', () => {
    it('answer in the gateway format with the mapped status', async () => {
      const { call } = await make();
      const token = await accessToken(call);
      const cases: [string, number, unknown][] = [
        ['internal', 500, status(13, 'internal error', 'INTERNAL')],
        ['unavailable', 503, status(14, 'service unavailable', 'UNAVAILABLE')],
        ['not-found', 404, status(5, 'organization not found', 'NOT_FOUND')],
        ['unauthorized', 401, status(16, 'Invalid token', 'UNAUTHENTICATED')],
        ['forbidden', 403, status(7, 'Insufficient permissions', 'PERMISSION_DENIED')],
        ['rate-limited', 429, status(8, 'rate limit exceeded', 'RESOURCE_EXHAUSTED')],
      ];
      for (const [error, code, body] of cases) {
        expect(
          answer(
            await call({ method: 'POST', url: '/__admin/faults', payload: { vendor: 'scalekit', error, count: 1 } }),
          ).status,
        ).toBe(201);
        const res = await call({
          method: 'PATCH',
          url: `/api/v1/organizations/${ACME}`,
          headers: { ...bearer(token), ...json },
          payload: '{}',
        });
        expect(answer(res)).toEqual({ status: code, body });
      }
      expect(
        answer(
          await call({
            method: 'POST',
            url: '/__admin/faults',
            payload: { vendor: 'scalekit', route: '/oauth/token', error: 'invalid-client', count: 1 },
          }),
        ).status,
      ).toBe(201);
      const tokenRes = await call({
        method: 'POST',
        url: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=client_credentials',
      });
      expect(answer(tokenRes)).toEqual({
        status: 401,
        body: {
          error: 'invalid_client',
          error_description: 'client authentication failed: unknown client or wrong secret',
        },
      });
    });
  });

  describe('the service without a transport (for the gRPC side)', () => {
    it('verifyAccessToken gives the environment, or code 16', async () => {
      const { app, call } = await make();
      const token = await accessToken(call, OTHER);
      await expect(verifyAccessToken(app.orgmock, tokenFromAuthorization(`bearer ${token}`))).resolves.toBe(OTHER.env);
      await expect(verifyAccessToken(app.orgmock, undefined)).rejects.toMatchObject({
        grpcCode: 16,
        message: 'Token empty',
        errorCode: 'UNAUTHENTICATED',
      });
      await expect(verifyAccessToken(app.orgmock, 'x.y.z')).rejects.toBeInstanceOf(ScalekitError);
    });

    it('by external_id; refusals are ScalekitErrors carrying code, error_code and violations', async () => {
      const { app } = await make();
      const { store, clock } = app.orgmock;
      expect(getOrganizationByExternalId(store, DEV.env, 'my_unique_id')).toEqual(ACME_ORG);
      expect(
        updateOrganizationByExternalId(store, clock, DEV.env, 'my_unique_id', { display_name: 'By external id' }),
      ).toMatchObject({ id: ACME, display_name: 'By external id' });
      expect(() => getOrganizationByExternalId(store, DEV.env, 'initech')).toThrow(
        expect.objectContaining({ grpcCode: 5, errorCode: 'NOT_FOUND' }),
      );
      // Validation comes before the model, as the vendor's protovalidate interceptor does.
      const validator = await requestValidator(app.orgmock);
      expect(await validator.ref('get', { external_id: '' })).toEqual([
        {
          field: 'external_id',
          description: 'value length must be at least 1 characters',
          constraint: 'string.min_len',
        },
      ]);
      await expect(refuseInvalid(validator.update({ id: INITECH }, { display_name: '' }))).rejects.toThrow(
        expect.objectContaining({
          grpcCode: 3,
          errorCode: 'INVALID_ARGUMENT',
          fieldViolations: [
            {
              field: 'organization.display_name',
              description: 'value length must be at least 1 characters',
              constraint: 'string.min_len',
            },
          ],
        }),
      );
    });
  });

  describe('fixtures', () => {
    const org = (id: string, extra: object = {}) => ({
      id,
      display_name: 'X',
      create_time: '2024-01-01T00:00:00Z',
      ...extra,
    });
    const env = (id: string, clients: string[], organizations: object[]) => ({
      id,
      clients: clients.map((client_id) => ({ client_id, client_secret: 's' })),
      organizations,
    });

    it('the defaults pass', async () => {
      const { app } = await make();
      expect(checkFixtures(app.orgmock.fixtures.scalekit as ScalekitFixtures)).toEqual([]);
    });

    it('reports duplicates, bad times and organizations the API would refuse', () => {
      const fixtures = {
        environments: [
          env(
            'env_1',
            ['skc_1'],
            [
              org('org_1', { external_id: 'e', slug: 'a' }),
              org('org_2', {
                external_id: 'e',
                slug: 'a',
                create_time: 'yesterday',
                display_name: '',
                logo_url: `http://${'x'.repeat(1018)}`,
                metadata: { k: 'v' },
              }),
            ],
          ),
          env('env_1', ['skc_1'], [org('org_1')]),
        ],
      } as ScalekitFixtures;
      expect(checkFixtures(fixtures)).toEqual([
        'external_id e is used twice in env_1',
        'slug a is used twice in env_1',
        'org_2: create_time is not an RFC 3339 time: yesterday',
        'org_2: display_name: value length must be at least 1 characters',
        'org_2: metadata["k"]: value length must be at least 3 characters',
        'org_2: logo_url: value length must be at most 1024 characters',
        'environment env_1 is listed twice',
        'client skc_1 is listed twice',
        'organization org_1 is listed twice',
      ]);
    });

    it('an app with other fixtures serves them', async () => {
      const fixtures = { scalekit: { environments: [env('env_9', ['skc_9'], [org('org_9', { region_code: 'EU' })])] } };
      const { call } = await make({ fixtures });
      const token = await accessToken(call, { env: 'env_9', clientId: 'skc_9', secret: 's' });
      const res = await call({ method: 'GET', url: '/api/v1/organizations/org_9', headers: bearer(token) });
      expect(answer(res)).toEqual({
        status: 200,
        body: {
          organization: {
            id: 'org_9',
            create_time: '2024-01-01T00:00:00Z',
            update_time: '2024-01-01T00:00:00Z',
            display_name: 'X',
            region_code: 'EU',
            metadata: {},
            settings: {
              features: ['sso', 'dir_sync', 'domain_verification', 'session_policy'].map((name) => ({
                name,
                enabled: false,
              })),
            },
          },
        },
      });
    });
  });

  it('reset puts the organizations back and keeps issued tokens working', async () => {
    const { call, app } = await make();
    const token = await accessToken(call);
    await call({
      method: 'PATCH',
      url: `/api/v1/organizations/${ACME}`,
      headers: { ...bearer(token), ...json },
      payload: '{"display_name":"Changed"}',
    });
    await call({ method: 'POST', url: '/__admin/reset' });
    expect(app.orgmock.store.getOrg('scalekit', DEV.env, ACME)).toMatchObject({ display_name: 'Acme Corp' });
    const res = await call({ method: 'GET', url: `/api/v1/organizations/${ACME}`, headers: bearer(token) });
    expect(answer(res)).toEqual({ status: 200, body: { organization: ACME_ORG } });
  });

  it('the journal masks the client secret and the bearer token', async () => {
    const { call } = await make();
    const token = await accessToken(call);
    await call({ method: 'GET', url: `/api/v1/organizations/${ACME}`, headers: bearer(token) });
    const journal = answer(await call({ method: 'GET', url: '/__admin/requests?vendor=scalekit' })).body as {
      requests: { path: string; requestBody: unknown; requestHeaders: Record<string, string>; responseBody: unknown }[];
    };
    const [tokenCall, getCall] = journal.requests;
    expect(JSON.stringify(tokenCall)).not.toContain(DEV.secret);
    expect(JSON.stringify(tokenCall)).not.toContain(token);
    expect(getCall!.requestHeaders.authorization).toBe('Bearer ***');
  });

  it('the OpenAPI document lists the routes under the scalekit tag', async () => {
    const { call } = await make();
    const doc = answer(await call({ method: 'GET', url: '/__admin/openapi.json' })).body as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    expect(doc.paths['/oauth/token']?.post?.tags).toEqual(['scalekit']);
    expect(Object.keys(doc.paths['/api/v1/organizations/{id}'] ?? {}).sort()).toEqual(
      expect.arrayContaining(['delete', 'get', 'patch']),
    );
    expect(doc.paths['/api/v1/organizations/{id}']?.patch?.tags).toEqual(['scalekit']);
  });
});
