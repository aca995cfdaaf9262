import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';

const TRANSMIT_ORG = '/v1/organizations/uovh59ypbxkea4ir9dnqp';
const ADMIN = {
  client_id: 'transmit_admin_client',
  client_secret: 'transmit_admin_secret',
  grant_type: 'client_credentials',
};

describe('Transmit: a token is good only for the API it was minted for (its resource, the audience)', () => {
  const make = useApp();

  async function tokenFor(call: Awaited<ReturnType<ReturnType<typeof useApp>>>['call'], resource?: string) {
    const res = await call({
      method: 'POST',
      url: '/oidc/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...ADMIN, ...(resource ? { resource } : {}) }).toString(),
    });
    expect(res.statusCode).toBe(200);
    return (res.json() as { access_token: string }).access_token;
  }

  const put = (token: string) => ({
    method: 'PUT' as const,
    url: TRANSMIT_ORG,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: '{"name":"Renamed"}',
  });

  it('the default audience and the Transmit API itself are accepted, under /cis as well', async () => {
    const { call } = await make();
    for (const resource of [
      undefined,
      'https://api.transmitsecurity.io/cis',
      'https://api.transmitsecurity.io/cis/',
      'https://api.eu.transmitsecurity.io/cis',
      'http://localhost:4545/cis',
    ]) {
      const token = await tokenFor(call, resource);
      expect({ resource, status: (await call(put(token))).statusCode }).toEqual({ resource, status: 200 });
      expect({ resource, status: (await call({ ...put(token), url: `/cis${TRANSMIT_ORG}` })).statusCode }).toEqual({
        resource,
        status: 200,
      });
    }
  });

  it('a token minted for another resource is refused as an invalid token', async () => {
    const { call, app } = await make();
    for (const resource of [
      'https://my-api.example.com',
      'https://api.transmitsecurity.io/other',
      'https://evil.example/cis/x',
      'urn:my:api',
    ]) {
      const token = await tokenFor(call, resource);
      expect({ resource, ...answer(await call(put(token))) }).toEqual({
        resource,
        status: 401,
        body: { message: 'Invalid token', error_code: 401 },
      });
    }
    expect(app.orgmock.journal.list({ status: 401 }).at(-1)?.reason).toMatch(/audience/);
  });
});

describe('Scalekit /oauth/token answers every method but POST with the OAuth error body', () => {
  const make = useApp();

  it('unusual methods included (OPTIONS without preflight, TRACE, PROPFIND, SEARCH...)', async () => {
    const { call } = await make();
    for (const method of [
      'GET',
      'PUT',
      'PATCH',
      'DELETE',
      'OPTIONS',
      'TRACE',
      'PROPFIND',
      'SEARCH',
      'LOCK',
      'MKCOL',
      'COPY',
    ]) {
      const res = await call({ method: method as 'GET', url: '/oauth/token' });
      expect({ method, ...answer(res) }).toEqual({
        method,
        status: 405,
        body: { error: 'invalid_request', error_description: `method ${method} is not allowed; use POST` },
      });
      expect(res.headers.allow).toBe('POST');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const head = await call({ method: 'HEAD', url: '/oauth/token' });
    expect([head.statusCode, head.headers.allow]).toEqual([405, 'POST']);
  });
});
