import { describe, expect, it } from 'vitest';
import { answer, useApp } from './helpers.js';

const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('/__admin', () => {
  const make = useApp();

  it('health', async () => {
    const { call } = await make();
    expect(answer(await call({ method: 'GET', url: '/__admin/health' }))).toEqual({
      status: 200,
      body: { status: 'ok' },
    });
  });

  it('reset puts the store back to the fixtures and clears the journal', async () => {
    const { call, app } = await make();
    await call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { 'x-management-key': 'mk_test_acme_health' },
      payload: { name: 'Changed' },
    });
    expect(app.orgmock.store.getOrg('junction', '', ACME)).toMatchObject({ name: 'Changed' });
    expect(answer(await call({ method: 'POST', url: '/__admin/reset' }))).toEqual({
      status: 200,
      body: { status: 'reset' },
    });
    expect(app.orgmock.store.getOrg('junction', '', ACME)).toEqual({ id: ACME, name: 'Acme Health', expires_at: null });
    expect(answer(await call({ method: 'GET', url: '/__admin/requests' })).body).toEqual({ requests: [] });
  });

  it('journals vendor requests oldest first, with credentials masked', async () => {
    // Its own app: journal ids keep growing across resets, and this test reads them.
    const { call, clock } = await make({}, { fresh: true });
    await call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { 'x-management-key': 'mk_test_acme_health' },
      payload: { name: 'One' },
    });
    clock.advance(1000);
    await call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { 'x-vital-org-key': 'mk_wrong' },
      payload: { name: 'Two' },
    });
    await call({ method: 'GET', url: '/__admin/health' });
    const { body } = answer(await call({ method: 'GET', url: '/__admin/requests' }));
    const requests = (body as { requests: Record<string, unknown>[] }).requests;
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      id: 1,
      vendor: 'junction',
      method: 'PATCH',
      path: `/v1/org/${ACME}`,
      status: 200,
      time: '2026-01-01T00:00:00.000Z',
      requestBody: { name: 'One' },
      responseBody: { id: ACME, name: 'One', expires_at: null },
    });
    expect(requests[0]!.requestHeaders).toMatchObject({ 'x-management-key': '***' });
    expect(requests[1]).toMatchObject({
      id: 2,
      status: 401,
      time: '2026-01-01T00:00:01.000Z',
      requestBody: { name: 'Two' },
      responseBody: { detail: 'Invalid management key' },
    });
    expect(requests[1]!.requestHeaders).toMatchObject({ 'x-vital-org-key': '***' });
    expect(JSON.stringify(requests)).not.toContain('mk_test_acme_health');
    expect(JSON.stringify(requests)).not.toContain('mk_wrong');
  });

  it('masks secrets inside bodies and authorization headers', async () => {
    const { call } = await make();
    await call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { authorization: 'Bearer abc.def.ghi', cookie: 'session-token=xyz', 'content-type': 'application/json' },
      payload: { name: 'x', password: 'hunter2', nested: { client_secret: 's3', refreshToken: 'r' } },
    });
    const entry = (
      answer(await call({ method: 'GET', url: '/__admin/requests' })).body as {
        requests: { requestHeaders: Record<string, string>; requestBody: unknown }[];
      }
    ).requests[0]!;
    expect(entry.requestHeaders.authorization).toBe('Bearer ***');
    expect(entry.requestHeaders.cookie).toBe('***');
    expect(entry.requestBody).toEqual({
      name: 'x',
      password: '***',
      nested: { client_secret: '***', refreshToken: '***' },
    });
  });

  it('DELETE /__admin/requests clears the journal', async () => {
    const { call } = await make();
    await call({ method: 'PATCH', url: `/v1/org/${ACME}`, payload: { name: 'x' } });
    expect(answer(await call({ method: 'DELETE', url: '/__admin/requests' })).status).toBe(204);
    expect(answer(await call({ method: 'GET', url: '/__admin/requests' })).body).toEqual({ requests: [] });
  });

  it('an unknown path outside every vendor gets a 404 in the admin error shape', async () => {
    const { call } = await make();
    expect(answer(await call({ method: 'GET', url: '/nope' }))).toEqual({
      status: 404,
      body: {
        statusCode: 404,
        code: 'ORGMOCK_NOT_FOUND',
        error: 'Not Found',
        message: 'orgmock serves no route GET /nope',
      },
    });
  });

  it('two apps in one process share nothing', async () => {
    const a = await make();
    const b = await make();
    await a.call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { 'x-management-key': 'mk_test_acme_health' },
      payload: { name: 'Only A' },
    });
    expect(a.app.orgmock.store.getOrg('junction', '', ACME)).toMatchObject({ name: 'Only A' });
    expect(b.app.orgmock.store.getOrg('junction', '', ACME)).toMatchObject({ name: 'Acme Health' });
    expect(answer(await b.call({ method: 'GET', url: '/__admin/requests' })).body).toEqual({ requests: [] });
  });
});

describe('unknown vendor paths with a body the root cannot parse', () => {
  const make = useApp();
  it("still get the vendor's 404, not a Fastify 400", async () => {
    const { call } = await make();
    for (const payload of ['', '{bad']) {
      const res = await call({
        method: 'POST',
        url: '/v1/org/x/y',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(answer(res)).toEqual({ status: 404, body: { detail: 'Not Found' } });
    }
  });
});
