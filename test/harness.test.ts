import { afterEach, describe, expect, it } from 'vitest';
import { startOrgMock, type OrgMock } from '../src/index.js';
import { answer, useApp } from './helpers.js';

const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const GLOBEX = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const patchAcme = (key: string, name = 'x') => ({
  method: 'PATCH' as const,
  url: `/v1/org/${ACME}`,
  headers: { 'x-management-key': key, 'content-type': 'application/json' },
  payload: { name },
});

describe('startOrgMock', () => {
  const mocks: OrgMock[] = [];
  afterEach(async () => {
    await Promise.all(mocks.splice(0).map((m) => m.close()));
  });

  it('two instances on free ports are isolated; reset, requests, mintToken, inject and close work', async () => {
    const a = await startOrgMock();
    const b = await startOrgMock();
    mocks.push(a, b);
    expect(a.port).not.toBe(b.port);
    expect(a.url).toBe(`http://127.0.0.1:${a.port}`);

    const res = await fetch(`${a.url}/v1/org/${ACME}`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      body: '{"name":"In A"}',
    });
    expect(await res.json()).toEqual({ id: ACME, name: 'In A', expires_at: null });
    expect(a.requests({ vendor: 'junction' }).map((r) => r.status)).toEqual([200]);
    expect(b.requests()).toEqual([]);
    expect(b.app.orgmock.store.getOrg('junction', '', ACME)).toMatchObject({ name: 'Acme Health' });

    const minted = await a.mintToken('junction', GLOBEX, { expiresIn: 60 });
    const ok = await fetch(`${a.url}/v1/org/${GLOBEX}`, {
      method: 'PATCH',
      headers: { ...minted.headers, 'content-type': 'application/json' },
      body: '{"name":"Minted"}',
    });
    expect(ok.status).toBe(200);

    a.inject({ vendor: 'junction', error: 'internal', count: 1 });
    const failed = await fetch(`${a.url}/v1/org/${ACME}`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_test_acme_health' },
      body: '{}',
    });
    expect(failed.status).toBe(500);
    expect(await failed.text()).toBe('Internal Server Error');

    a.reset();
    expect(a.requests()).toEqual([]);
    expect(a.app.orgmock.store.getOrg('junction', '', ACME)).toMatchObject({ name: 'Acme Health' });
  });
});

describe('/__admin tokens, faults, state', () => {
  const make = useApp();

  it('POST /__admin/tokens mints a working Junction key; an expired one is refused', async () => {
    const { call, clock } = await make();
    const minted = answer(
      await call({
        method: 'POST',
        url: '/__admin/tokens',
        payload: { vendor: 'junction', identity: ACME, expiresIn: 60 },
      }),
    );
    expect(minted.status).toBe(201);
    const { token, headers, expiresIn } = minted.body as {
      token: string;
      headers: Record<string, string>;
      expiresIn: number;
    };
    expect(token).toMatch(/^mk_minted_/);
    expect(headers).toEqual({ 'X-Management-Key': token });
    expect(expiresIn).toBe(60);
    expect(answer(await call(patchAcme(token, 'Via minted'))).status).toBe(200);
    clock.advance(61_000);
    expect(answer(await call(patchAcme(token)))).toEqual({ status: 401, body: { detail: 'Invalid management key' } });

    const expired = answer(
      await call({
        method: 'POST',
        url: '/__admin/tokens',
        payload: { vendor: 'junction', identity: ACME, expiresIn: -1 },
      }),
    );
    expect(answer(await call(patchAcme((expired.body as { token: string }).token)))).toEqual({
      status: 401,
      body: { detail: 'Invalid management key' },
    });
  });

  it('POST /__admin/tokens: unknown vendor 400, unknown identity 404', async () => {
    const { call } = await make();
    expect(
      answer(await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor: 'nope', identity: 'x' } })).status,
    ).toBe(400);
    expect(
      answer(await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor: 'junction', identity: 'x' } })),
    ).toEqual({
      status: 404,
      body: { statusCode: 404, code: 'ORGMOCK_UNKNOWN_IDENTITY', error: 'Not Found', message: 'junction has no org x' },
    });
  });

  it('a fault answers with the named vendor error for its count, then stops', async () => {
    const { call } = await make();
    const added = answer(
      await call({
        method: 'POST',
        url: '/__admin/faults',
        payload: { vendor: 'junction', route: '/v1/org/:org_id', orgId: ACME, error: 'internal', count: 2 },
      }),
    );
    expect(added.status).toBe(201);
    expect(answer(await call({ method: 'GET', url: '/__admin/faults' })).body).toMatchObject({
      faults: [{ vendor: 'junction', remaining: 2 }],
    });
    for (let i = 0; i < 2; i++) {
      const res = await call(patchAcme('mk_test_acme_health'));
      expect(res.statusCode).toBe(500);
      expect(res.body).toBe('Internal Server Error');
    }
    expect(answer(await call(patchAcme('mk_test_acme_health'))).status).toBe(200);
    expect(answer(await call({ method: 'GET', url: '/__admin/faults' })).body).toEqual({ faults: [] });
  });

  it('a fault for another org id does not hit', async () => {
    const { call } = await make();
    await call({
      method: 'POST',
      url: '/__admin/faults',
      payload: { vendor: 'junction', orgId: GLOBEX, error: 'internal' },
    });
    expect(answer(await call(patchAcme('mk_test_acme_health'))).status).toBe(200);
  });

  it('a delay fault delays and then lets the request through', async () => {
    const { call } = await make();
    await call({ method: 'POST', url: '/__admin/faults', payload: { vendor: 'junction', delayMs: 150, count: 1 } });
    const started = Date.now();
    const res = await call(patchAcme('mk_test_acme_health'));
    expect(res.statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('faults: unknown error names and empty faults are refused; DELETE and reset clear them', async () => {
    const { call, app } = await make();
    const bad = answer(
      await call({ method: 'POST', url: '/__admin/faults', payload: { vendor: 'junction', error: 'nope' } }),
    );
    expect(bad).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        code: 'ORGMOCK_UNKNOWN_ERROR_NAME',
        error: 'Bad Request',
        message: 'unknown error "nope" for junction; one of internal, not-found, unauthorized',
      },
    });
    expect(answer(await call({ method: 'POST', url: '/__admin/faults', payload: { vendor: 'junction' } })).status).toBe(
      400,
    );
    await call({ method: 'POST', url: '/__admin/faults', payload: { vendor: 'junction', error: 'internal' } });
    expect(answer(await call({ method: 'DELETE', url: '/__admin/faults' })).status).toBe(204);
    await call({ method: 'POST', url: '/__admin/faults', payload: { vendor: 'junction', error: 'internal' } });
    app.orgmock.reset();
    expect(answer(await call(patchAcme('mk_test_acme_health'))).status).toBe(200);
  });

  it('GET /__admin/state shows every org as stored, per vendor', async () => {
    const { call } = await make();
    await call(patchAcme('mk_test_acme_health', 'Changed'));
    const all = answer(await call({ method: 'GET', url: '/__admin/state' }));
    expect((all.body as Record<string, unknown>).junction).toEqual({
      orgs: [
        { tenant: '', id: GLOBEX, data: { id: GLOBEX, name: 'Globex Labs', expires_at: '2027-01-01T00:00:00Z' } },
        { tenant: '', id: ACME, data: { id: ACME, name: 'Changed', expires_at: null } },
      ],
    });
    expect(answer(await call({ method: 'GET', url: '/__admin/state/junction' })).body).toEqual(
      (all.body as Record<string, unknown>).junction,
    );
    expect(answer(await call({ method: 'GET', url: '/__admin/state/nope' })).status).toBe(404);
  });

  it('the journal filters by vendor, path and status', async () => {
    const { call } = await make();
    await call(patchAcme('mk_test_acme_health'));
    await call(patchAcme('wrong'));
    const byStatus = answer(await call({ method: 'GET', url: '/__admin/requests?status=401' })).body as {
      requests: { status: number }[];
    };
    expect(byStatus.requests.map((r) => r.status)).toEqual([401]);
    const byPath = answer(await call({ method: 'GET', url: '/__admin/requests?path=/v1/org&vendor=junction' }))
      .body as { requests: unknown[] };
    expect(byPath.requests).toHaveLength(2);
    const none = answer(await call({ method: 'GET', url: '/__admin/requests?vendor=scalekit' })).body as {
      requests: unknown[];
    };
    expect(none.requests).toEqual([]);
  });
});

describe('CORS and OpenAPI', () => {
  const make = useApp();

  it('answers a preflight for PATCH with the origin reflected, credentials and every vendor header allowed', async () => {
    const { call } = await make();
    const res = await call({
      method: 'OPTIONS',
      url: `/v1/org/${ACME}`,
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'x-management-key,content-type',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
    expect(String(res.headers['access-control-allow-methods'])).toContain('PATCH');
    expect(String(res.headers['access-control-allow-methods'])).toContain('PUT');
    for (const h of [
      'Authorization',
      'X-Management-Key',
      'X-Vital-Org-Key',
      'X-App-Name',
      'CE-ClientId',
      'Content-Type',
    ]) {
      expect(String(res.headers['access-control-allow-headers'])).toContain(h);
    }
  });

  it('echoes an allowed origin on the actual vendor answer, errors included', async () => {
    const { call } = await make();
    const res = await call({
      ...patchAcme('wrong'),
      headers: { ...patchAcme('wrong').headers, origin: 'http://localhost:3000' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    // A cache must not hand this answer to another origin.
    expect(res.headers.vary).toBe('Origin');
  });

  it("adds no CORS headers for a client that sends no Origin (not a browser's cross-origin call)", async () => {
    const { call } = await make();
    const res = await call(patchAcme('wrong'));
    expect(res.statusCode).toBe(401);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    // Nor is an OPTIONS without Origin a preflight: it is a method the vendor's route does not serve (Starlette: 405).
    const options = await call({
      method: 'OPTIONS',
      url: `/v1/org/${ACME}`,
      headers: { 'access-control-request-method': 'PATCH' },
    });
    expect([
      options.statusCode,
      options.json(),
      Object.keys(options.headers).filter((h) => h.startsWith('access-control-')),
    ]).toEqual([405, { detail: 'Method Not Allowed' }, []]);
  });

  it('serves an OpenAPI document of the routes and a docs page', async () => {
    const { call } = await make();
    const doc = answer(await call({ method: 'GET', url: '/__admin/openapi.json' }));
    expect(doc.status).toBe(200);
    const spec = doc.body as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.paths['/v1/org/{org_id}']?.patch?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { properties: { name: { type: 'string' } }, required: ['name'] } } },
    });
    expect(spec.paths['/__admin/health']).toBeDefined();
    const page = await call({ method: 'GET', url: '/__admin/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });
});
