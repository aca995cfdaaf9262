import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';
import { ADMIN, FORM, READER, TENANT, claimsOf, form } from './fixtures.js';

const GRANT = { grant_type: 'client_credentials' };

describe('Transmit POST /oidc/token', () => {
  const make = useApp();

  async function post(payload: string, headers: Record<string, string> = FORM, url = '/oidc/token') {
    const { call } = await make();
    return call({ method: 'POST', url, headers, payload });
  }

  describe('client credentials', () => {
    it("issues a one-hour JWT carrying the management app's permissions", async () => {
      const res = await post(form({ ...ADMIN, ...GRANT }));
      const { status, body } = answer(res);
      expect(status).toBe(200);
      expect(body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'organizations:edit',
      });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
      expect(claimsOf((body as { access_token: string }).access_token)).toEqual({
        tid: TENANT,
        app_id: 'm4nag3m3ntapp0admin01',
        app_name: 'Acme management app',
        client_id: 'transmit_admin_client',
        roles: [],
        permissions: ['organizations:edit'],
        scope: 'organizations:edit',
        iss: 'orgmock:transmit',
        sub: 'transmit_admin_client',
        aud: 'userid-api',
        iat: 1767225600,
        exp: 1767229200,
        jti: expect.any(String),
      });
    });

    it('is served under /cis too', async () => {
      const res = await post(form({ ...ADMIN, ...GRANT }), FORM, '/cis/oidc/token');
      expect(answer(res)).toMatchObject({
        status: 200,
        body: { token_type: 'Bearer', expires_in: 3600, scope: 'organizations:edit' },
      });
    });

    it('a resource becomes the audience', async () => {
      const res = await post(form({ ...ADMIN, ...GRANT, resource: 'https://api.transmitsecurity.io/cis' }));
      expect(claimsOf(JSON.parse(res.body).access_token).aud).toBe('https://api.transmitsecurity.io/cis');
    });

    it('the reader app gets only its own permission', async () => {
      const res = await post(form({ ...READER, ...GRANT }));
      expect(answer(res)).toMatchObject({ status: 200, body: { scope: 'organizations:read' } });
      expect(claimsOf(JSON.parse(res.body).access_token).permissions).toEqual(['organizations:read']);
    });

    it('accepts client_secret_basic', async () => {
      const basic = Buffer.from(`${ADMIN.client_id}:${ADMIN.client_secret}`).toString('base64');
      const res = await post(form(GRANT), { ...FORM, authorization: `Basic ${basic}` });
      expect(answer(res)).toMatchObject({ status: 200, body: { scope: 'organizations:edit' } });
    });

    it('ignores parameters it does not know and a charset on the content type', async () => {
      const res = await post(`${form({ ...ADMIN, ...GRANT })}&audience=x`, {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      });
      expect(answer(res).status).toBe(200);
    });
  });

  describe('401 invalid_client', () => {
    const failed = {
      status: 401,
      body: { error: 'invalid_client', error_description: 'client authentication failed' },
    };

    it('wrong secret', async () => {
      expect(answer(await post(form({ ...ADMIN, client_secret: 'nope', ...GRANT })))).toEqual(failed);
    });

    it('unknown client', async () => {
      expect(answer(await post(form({ client_id: 'ghost', client_secret: 'x', ...GRANT })))).toEqual(failed);
    });

    it('missing secret', async () => {
      expect(answer(await post(form({ client_id: ADMIN.client_id, ...GRANT })))).toEqual(failed);
    });

    it("another app's secret", async () => {
      expect(
        answer(await post(form({ client_id: ADMIN.client_id, client_secret: READER.client_secret, ...GRANT }))),
      ).toEqual(failed);
    });

    it('bad Basic credentials', async () => {
      const basic = Buffer.from(`${ADMIN.client_id}:wrong`).toString('base64');
      expect(answer(await post(form(GRANT), { ...FORM, authorization: `Basic ${basic}` }))).toEqual(failed);
    });

    it('client authentication comes before the grant type', async () => {
      expect(answer(await post(form({ client_id: 'ghost', client_secret: 'x', grant_type: 'password' })))).toEqual(
        failed,
      );
    });
  });

  describe('400', () => {
    const invalidRequest = (description: string) => ({
      status: 400,
      body: { error: 'invalid_request', error_description: description },
    });

    it('no client at all', async () => {
      expect(answer(await post(form(GRANT)))).toEqual(invalidRequest('no client authentication mechanism provided'));
    });

    it('no body and no content type', async () => {
      const { call } = await make();
      const res = await call({ method: 'POST', url: '/oidc/token' });
      expect(answer(res)).toEqual(invalidRequest('no client authentication mechanism provided'));
    });

    it('missing grant_type, or an empty one', async () => {
      expect(answer(await post(form(ADMIN)))).toEqual(invalidRequest("missing required parameter 'grant_type'"));
      expect(answer(await post(form({ ...ADMIN, grant_type: '' })))).toEqual(
        invalidRequest("missing required parameter 'grant_type'"),
      );
    });

    it('a grant type the server does not know', async () => {
      expect(answer(await post(form({ ...ADMIN, grant_type: 'password' })))).toEqual({
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'unsupported grant_type requested' },
      });
    });

    it('a grant type the management app may not use', async () => {
      for (const grant_type of ['authorization_code', 'refresh_token']) {
        expect(answer(await post(form({ ...ADMIN, grant_type })))).toEqual({
          status: 400,
          body: {
            error: 'unauthorized_client',
            error_description: 'requested grant type is not allowed for this client',
          },
        });
      }
    });

    it('a JSON body', async () => {
      const res = await post(JSON.stringify({ ...ADMIN, ...GRANT }), { 'content-type': 'application/json' });
      expect(answer(res)).toEqual(
        invalidRequest('only application/x-www-form-urlencoded content-type bodies are supported on POST /oidc/token'),
      );
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('a parameter given twice', async () => {
      expect(answer(await post(`${form({ ...ADMIN, ...GRANT })}&grant_type=client_credentials`))).toEqual(
        invalidRequest("'grant_type' parameter must not be provided twice"),
      );
    });

    it('a resource that is not an absolute URI, or has a fragment', async () => {
      expect(answer(await post(form({ ...ADMIN, ...GRANT, resource: 'cis' })))).toEqual({
        status: 400,
        body: { error: 'invalid_target', error_description: 'resource indicator must be an absolute URI' },
      });
      expect(answer(await post(form({ ...ADMIN, ...GRANT, resource: 'https://api.example.com/#x' })))).toEqual({
        status: 400,
        body: {
          error: 'invalid_target',
          error_description: 'resource indicator must not contain a fragment component',
        },
      });
    });

    it('a malformed Authorization header', async () => {
      expect(answer(await post(form(GRANT), { ...FORM, authorization: 'Bearer abc' }))).toEqual(
        invalidRequest('invalid authorization header value format'),
      );
      expect(
        answer(
          await post(form(GRANT), { ...FORM, authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` }),
        ),
      ).toEqual(invalidRequest('invalid authorization header value format'));
      expect(
        answer(
          await post(form(GRANT), { ...FORM, authorization: `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}` }),
        ),
      ).toEqual(invalidRequest('client_id and client_secret in the authorization header are not properly encoded'));
    });

    it('Basic and a secret in the body, or two different client ids', async () => {
      const basic = `Basic ${Buffer.from(`${ADMIN.client_id}:${ADMIN.client_secret}`).toString('base64')}`;
      expect(
        answer(await post(form({ ...GRANT, client_secret: ADMIN.client_secret }), { ...FORM, authorization: basic })),
      ).toEqual(invalidRequest('client authentication must only be provided using one mechanism'));
      expect(
        answer(await post(form({ ...GRANT, client_id: READER.client_id }), { ...FORM, authorization: basic })),
      ).toEqual(invalidRequest('mismatch in body and authorization client ids'));
    });
  });

  describe('never a Fastify error body', () => {
    it('another method: oidc-provider 404', async () => {
      const { call } = await make();
      expect(answer(await call({ method: 'GET', url: '/oidc/token' }))).toEqual({
        status: 404,
        body: {
          error: 'invalid_request',
          error_description: 'unrecognized route or not allowed method (GET on /oidc/token)',
        },
      });
    });

    it('an unknown path under /oidc', async () => {
      const { call } = await make();
      expect(answer(await call({ method: 'POST', url: '/cis/oidc/nope?x=1' }))).toEqual({
        status: 404,
        body: {
          error: 'invalid_request',
          error_description: 'unrecognized route or not allowed method (POST on /cis/oidc/nope)',
        },
      });
    });

    it('a body over 1 MiB: 413', async () => {
      const res = await post(form({ ...ADMIN, ...GRANT, pad: 'a'.repeat(1024 * 1024) }));
      expect(answer(res)).toEqual({
        status: 413,
        body: { error: 'invalid_request', error_description: 'request entity too large' },
      });
    });
  });
});
