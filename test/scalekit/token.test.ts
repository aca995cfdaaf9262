import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';
import { ACME, DEV, OTHER, TOKEN_EMPTY, accessToken, bearer, claims, form, json, status } from './helpers.js';

const grant = (id: string, secret: string, extra = '') =>
  `grant_type=client_credentials&client_id=${id}&client_secret=${secret}${extra}`;
const patchAcme = (token: string) => ({
  method: 'PATCH' as const,
  url: `/api/v1/organizations/${ACME}`,
  headers: { ...bearer(token), ...json },
  payload: '{"display_name":"Renamed"}',
});

describe('Scalekit POST /oauth/token', () => {
  const make = useApp();

  it('issues a Bearer JWT for 86399 s, scoped to the client environment, not to be cached', async () => {
    const { call } = await make();
    const res = await call({
      method: 'POST',
      url: '/oauth/token',
      headers: form,
      payload: grant(DEV.clientId, DEV.secret),
    });
    const body = answer(res).body as Record<string, unknown>;
    expect(answer(res)).toEqual({
      status: 200,
      body: { access_token: expect.any(String), token_type: 'Bearer', expires_in: 86399, scope: 'openid' },
    });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.pragma).toBe('no-cache');
    const c = claims(body.access_token as string);
    expect(c).toMatchObject({
      iss: 'orgmock:scalekit',
      sub: DEV.clientId,
      client_id: DEV.clientId,
      environment_id: DEV.env,
      scope: 'openid',
    });
    expect((c.exp as number) - (c.iat as number)).toBe(86399);
  });

  it('accepts the scope the vendor guides send, and still grants openid', async () => {
    const { call } = await make();
    const res = await call({
      method: 'POST',
      url: '/oauth/token',
      headers: form,
      payload: grant(DEV.clientId, DEV.secret, '&scope=openid%20profile%20email'),
    });
    expect(answer(res)).toMatchObject({ status: 200, body: { scope: 'openid', expires_in: 86399 } });
  });

  it('accepts HTTP Basic client authentication (RFC 6749 2.3.1)', async () => {
    const { call } = await make();
    const basic = Buffer.from(`${OTHER.clientId}:${OTHER.secret}`).toString('base64');
    const res = await call({
      method: 'POST',
      url: '/oauth/token',
      headers: { ...form, authorization: `Basic ${basic}` },
      payload: 'grant_type=client_credentials',
    });
    expect(answer(res)).toMatchObject({ status: 200, body: { token_type: 'Bearer' } });
    expect(claims((answer(res).body as { access_token: string }).access_token)).toMatchObject({
      environment_id: OTHER.env,
    });
  });

  it('the token works until it expires, then 401 "Token expired"', async () => {
    const { call, clock } = await make();
    const token = await accessToken(call);
    clock.advance(86398_000);
    expect(answer(await call(patchAcme(token))).status).toBe(200);
    clock.advance(1_000);
    const res = await call(patchAcme(token));
    expect(answer(res)).toEqual({ status: 401, body: status(16, 'Token expired', 'UNAUTHENTICATED') });
  });

  describe('refusals in RFC 6749 form', () => {
    const cases: [string, Record<string, string>, string, number, unknown][] = [
      [
        'unknown client',
        form,
        grant('skc_1', DEV.secret),
        401,
        { error: 'invalid_client', error_description: 'client authentication failed: unknown client or wrong secret' },
      ],
      [
        'wrong secret',
        form,
        grant(DEV.clientId, 'nope'),
        401,
        { error: 'invalid_client', error_description: 'client authentication failed: unknown client or wrong secret' },
      ],
      [
        "another environment's secret",
        form,
        grant(DEV.clientId, OTHER.secret),
        401,
        { error: 'invalid_client', error_description: 'client authentication failed: unknown client or wrong secret' },
      ],
      [
        'another grant type',
        form,
        `grant_type=password&client_id=${DEV.clientId}&client_secret=${DEV.secret}`,
        400,
        {
          error: 'unsupported_grant_type',
          error_description: 'grant_type "password" is not supported; use client_credentials',
        },
      ],
      [
        'no grant_type',
        form,
        `client_id=${DEV.clientId}&client_secret=${DEV.secret}`,
        400,
        { error: 'invalid_request', error_description: 'missing required parameter: grant_type' },
      ],
      [
        'no client_id',
        form,
        `grant_type=client_credentials&client_secret=${DEV.secret}`,
        400,
        { error: 'invalid_request', error_description: 'missing required parameter: client_id' },
      ],
      [
        'empty client_secret',
        form,
        `grant_type=client_credentials&client_id=${DEV.clientId}&client_secret=`,
        400,
        { error: 'invalid_request', error_description: 'missing required parameter: client_secret' },
      ],
      [
        'empty body',
        form,
        '',
        400,
        { error: 'invalid_request', error_description: 'missing required parameter: grant_type' },
      ],
      [
        'a repeated parameter',
        form,
        `${grant(DEV.clientId, DEV.secret)}&client_id=${DEV.clientId}`,
        400,
        { error: 'invalid_request', error_description: 'parameter client_id is included more than once' },
      ],
      [
        'a JSON body',
        json,
        JSON.stringify({ grant_type: 'client_credentials', client_id: DEV.clientId, client_secret: DEV.secret }),
        400,
        { error: 'invalid_request', error_description: 'the request body must be application/x-www-form-urlencoded' },
      ],
    ];
    for (const [name, headers, payload, code, body] of cases) {
      it(name, async () => {
        const { call } = await make();
        const res = await call({ method: 'POST', url: '/oauth/token', headers, payload });
        expect(answer(res)).toEqual({ status: code, body });
        expect(res.headers['cache-control']).toBe('no-store');
      });
    }

    it('wrong Basic credentials: 401 with a Basic challenge', async () => {
      const { call } = await make();
      const basic = Buffer.from(`${DEV.clientId}:wrong`).toString('base64');
      const res = await call({
        method: 'POST',
        url: '/oauth/token',
        headers: { ...form, authorization: `Basic ${basic}` },
        payload: 'grant_type=client_credentials',
      });
      expect(answer(res)).toEqual({
        status: 401,
        body: {
          error: 'invalid_client',
          error_description: 'client authentication failed: unknown client or wrong secret',
        },
      });
      expect(res.headers['www-authenticate']).toBe('Basic realm="scalekit"');
    });

    it('Basic and form credentials together', async () => {
      const { call } = await make();
      const basic = Buffer.from(`${DEV.clientId}:${DEV.secret}`).toString('base64');
      const res = await call({
        method: 'POST',
        url: '/oauth/token',
        headers: { ...form, authorization: `Basic ${basic}` },
        payload: grant(DEV.clientId, DEV.secret),
      });
      expect(answer(res)).toEqual({
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: 'client credentials sent both in the Authorization header and in the body',
        },
      });
    });

    it('another method: 405 with Allow: POST', async () => {
      const { call } = await make();
      const res = await call({ method: 'GET', url: '/oauth/token' });
      expect(answer(res)).toEqual({
        status: 405,
        body: { error: 'invalid_request', error_description: 'method GET is not allowed; use POST' },
      });
      expect(res.headers.allow).toBe('POST');
    });

    it('a body over 1 MiB: 413', async () => {
      const { call } = await make();
      const res = await call({
        method: 'POST',
        url: '/oauth/token',
        headers: form,
        payload: `${grant(DEV.clientId, DEV.secret)}&x=${'a'.repeat(1024 * 1024)}`,
      });
      expect(answer(res)).toEqual({
        status: 413,
        body: { error: 'invalid_request', error_description: 'request body too large' },
      });
    });
  });

  it('a token of one environment does not open the other', async () => {
    const { call } = await make();
    const token = await accessToken(call, OTHER);
    const res = await call(patchAcme(token));
    expect(answer(res)).toEqual({ status: 404, body: status(5, 'organization not found', 'NOT_FOUND') });
  });

  it('no token at all is the documented "Token empty"', async () => {
    const { call } = await make();
    const res = await call({
      method: 'PATCH',
      url: `/api/v1/organizations/${ACME}`,
      headers: json,
      payload: '{"display_name":"x"}',
    });
    expect(answer(res)).toEqual({ status: 401, body: TOKEN_EMPTY });
  });
});
