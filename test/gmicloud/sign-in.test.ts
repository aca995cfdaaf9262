import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';
import { gmicloud } from '../../src/providers/gmicloud/index.js';
import { CLIENT, MEMBER, ORG, OWNER, bearer, claims, json, signIn } from './chain.js';

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const START_S = Date.parse('2026-01-01T00:00:00.000Z') / 1000;

describe('GMI Cloud POST /me/auth-tokens', () => {
  const makeApp = useApp();
  const make = () => makeApp({ providers: [gmicloud] });
  const post = async (payload: unknown, headers: Record<string, string> = json, url = '/me/auth-tokens') => {
    const { call } = await make();
    return call({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload: payload as string }) });
  };

  it('201 with an auth token and is2FARequired false, as documented', async () => {
    const res = await post({ email: OWNER.email, password: OWNER.password });
    expect(answer(res)).toEqual({ status: 201, body: { authToken: expect.stringMatching(JWT), is2FARequired: false } });
    expect(claims(res.json().authToken)).toEqual({
      userId: OWNER.id,
      tokenType: 'auth',
      is2FARequired: false,
      iss: 'orgmock:gmicloud',
      sub: OWNER.id,
      iat: START_S,
      exp: START_S + 300,
      jti: expect.any(String),
    });
  });

  it('is served under the vendor base /api/v1 too', async () => {
    const res = await post({ email: OWNER.email, password: OWNER.password }, json, '/api/v1/me/auth-tokens');
    expect(answer(res)).toEqual({ status: 201, body: { authToken: expect.stringMatching(JWT), is2FARequired: false } });
  });

  it('matches the email case-insensitively', async () => {
    const res = await post({ email: 'Owner@GMI.example', password: OWNER.password });
    expect(res.statusCode).toBe(201);
  });

  it('reads the body as JSON whatever the Content-Type, as gin ShouldBindJSON does', async () => {
    const res = await post(JSON.stringify({ email: OWNER.email, password: OWNER.password }), {
      'content-type': 'text/plain',
    });
    expect(res.statusCode).toBe(201);
  });

  it('400 session/0 for a wrong password and for an unknown email', async () => {
    const body = { group: 'session', code: 0, message: 'Invalid email or password.' };
    expect(answer(await post({ email: OWNER.email, password: 'nope' }))).toEqual({ status: 400, body });
    expect(answer(await post({ email: 'nobody@gmi.example', password: OWNER.password }))).toEqual({
      status: 400,
      body,
    });
  });

  it('400 request/1 for no body, an empty body and a whitespace body', async () => {
    const body = { group: 'request', code: 1, message: 'The request body is required.' };
    expect(answer(await post(undefined, {}))).toEqual({ status: 400, body });
    expect(answer(await post(''))).toEqual({ status: 400, body });
    expect(answer(await post(' \n\t'))).toEqual({ status: 400, body });
  });

  it('400 request/0 naming every missing field, in struct order', async () => {
    expect(answer(await post({}))).toEqual({
      status: 400,
      body: {
        group: 'request',
        code: 0,
        validationDetail: [
          { field: 'email', expression: 'required', originalValue: '', reason: 'This field is required.' },
          { field: 'password', expression: 'required', originalValue: '', reason: 'This field is required.' },
        ],
      },
    });
  });

  it('400 request/0 for an email that is not one, with the value sent', async () => {
    expect(answer(await post({ email: 'john_doe', password: 'x' }))).toEqual({
      status: 400,
      body: {
        group: 'request',
        code: 0,
        validationDetail: [
          {
            field: 'email',
            expression: 'email',
            originalValue: 'john_doe',
            reason: 'Should be a valid email address.',
          },
        ],
      },
    });
  });

  it('400 request/0 for an email that is not a string', async () => {
    expect(answer(await post({ email: 42, password: 'x' }))).toEqual({
      status: 400,
      body: {
        group: 'request',
        code: 0,
        validationDetail: [
          { field: 'email', expression: 'type', argument: 'string', originalValue: 42, reason: 'Should be a string.' },
        ],
      },
    });
  });

  it('400 request/0 with the Go decoder error as trace for malformed JSON', async () => {
    expect(answer(await post('{"email": "a@b.c",}'))).toEqual({
      status: 400,
      body: { group: 'request', code: 0, traces: ["invalid character '}' looking for beginning of object key string"] },
    });
  });
});

describe('GMI Cloud POST /me/sessions', () => {
  const makeApp = useApp();
  const make = () => makeApp({ providers: [gmicloud] });

  async function authToken(call: Parameters<typeof signIn>[0], user = OWNER) {
    const res = await call({
      method: 'POST',
      url: '/me/auth-tokens',
      headers: json,
      payload: { email: user.email, password: user.password },
    });
    return res.json().authToken as string;
  }

  it('201 with an access token carrying userId (1 hour) and a refresh token (30 days)', async () => {
    const { call } = await make();
    const res = await call({
      method: 'POST',
      url: '/me/sessions',
      headers: { ...json, ...CLIENT },
      payload: { authToken: await authToken(call) },
    });
    expect(answer(res)).toEqual({
      status: 201,
      body: { accessToken: expect.stringMatching(JWT), refreshToken: expect.stringMatching(JWT) },
    });
    const { accessToken, refreshToken } = res.json();
    expect(claims(accessToken)).toEqual({
      userId: OWNER.id,
      clientId: 'web1',
      tokenType: 'access',
      iss: 'orgmock:gmicloud',
      sub: OWNER.id,
      iat: START_S,
      exp: START_S + 3600,
      jti: expect.any(String),
    });
    expect(claims(refreshToken)).toMatchObject({
      userId: OWNER.id,
      clientId: 'web1',
      tokenType: 'refresh',
      exp: START_S + 30 * 86400,
    });
  });

  it("accepts the docs' example body, whose otpCode is a number, and a numeric string", async () => {
    const { call } = await make();
    for (const otpCode of [321673, '321673']) {
      const res = await call({
        method: 'POST',
        url: '/api/v1/me/sessions',
        headers: { ...json, ...CLIENT },
        payload: { authToken: await authToken(call), otpCode },
      });
      expect(res.statusCode).toBe(201);
    }
  });

  it('400 request/0 for an otpCode that is not numeric', async () => {
    const { call } = await make();
    const res = await call({
      method: 'POST',
      url: '/me/sessions',
      headers: { ...json, ...CLIENT },
      payload: { authToken: await authToken(call), otpCode: '12ab' },
    });
    expect(answer(res)).toEqual({
      status: 400,
      body: {
        group: 'request',
        code: 0,
        validationDetail: [
          { field: 'otpCode', expression: 'numeric', originalValue: '12ab', reason: 'Should be a numeric value.' },
        ],
      },
    });
  });

  it('400 request/0 when authToken is missing', async () => {
    const { call } = await make();
    const res = await call({
      method: 'POST',
      url: '/me/sessions',
      headers: { ...json, ...CLIENT },
      payload: { type: 'native' },
    });
    expect(answer(res)).toEqual({
      status: 400,
      body: {
        group: 'request',
        code: 0,
        validationDetail: [
          { field: 'authToken', expression: 'required', originalValue: '', reason: 'This field is required.' },
        ],
      },
    });
  });

  it('400 request/1 for no body, before the CE-ClientId is looked at', async () => {
    const { call } = await make();
    const res = await call({ method: 'POST', url: '/me/sessions' });
    expect(answer(res)).toEqual({
      status: 400,
      body: { group: 'request', code: 1, message: 'The request body is required.' },
    });
  });

  it('400 auth/0 for a missing, empty, too long or non-alphanumeric CE-ClientId', async () => {
    const { call } = await make();
    const token = await authToken(call);
    for (const headers of [{}, { 'ce-clientid': '' }, { 'ce-clientid': 'abcd1234' }, { 'ce-clientid': 'ab-1' }]) {
      const res = await call({
        method: 'POST',
        url: '/me/sessions',
        headers: { ...json, ...headers },
        payload: { authToken: token },
      });
      expect(answer(res)).toEqual({ status: 400, body: { group: 'auth', code: 0, message: 'Invalid CE-ClientId.' } });
    }
  });

  it('400 auth/1 for an auth token that is garbage, expired, of another vendor, or another kind of token', async () => {
    const { call, clock, app } = await make();
    const body = { group: 'auth', code: 1, message: 'Invalid authToken.' };
    const send = (t: string) =>
      call({ method: 'POST', url: '/me/sessions', headers: { ...json, ...CLIENT }, payload: { authToken: t } });

    expect(answer(await send('not-a-token'))).toEqual({ status: 400, body });
    const foreign = await app.orgmock.tokens.sign(
      { userId: OWNER.id, tokenType: 'auth' },
      { issuer: 'orgmock:razi', subject: OWNER.id, expiresIn: 300 },
    );
    expect(answer(await send(foreign))).toEqual({ status: 400, body });
    const { accessToken, refreshToken } = await signIn(call, OWNER);
    expect(answer(await send(accessToken))).toEqual({ status: 400, body });
    expect(answer(await send(refreshToken))).toEqual({ status: 400, body });

    const token = await authToken(call);
    clock.advance(301_000);
    expect(answer(await send(token))).toEqual({ status: 400, body });
  });
});

describe('GMI Cloud PATCH /me/sessions', () => {
  const makeApp = useApp();
  const make = () => makeApp({ providers: [gmicloud] });
  const refresh = (
    call: Parameters<typeof signIn>[0],
    refreshToken: unknown,
    headers: Record<string, string> = CLIENT,
  ) => call({ method: 'PATCH', url: '/me/sessions', headers: { ...json, ...headers }, payload: { refreshToken } });

  it('200 with a new pair, whose access token works, even after the old one expired', async () => {
    const { call, clock } = await make();
    const first = await signIn(call, OWNER);
    clock.advance(2 * 3600_000);
    const res = await refresh(call, first.refreshToken);
    expect(answer(res)).toEqual({
      status: 200,
      body: { accessToken: expect.stringMatching(JWT), refreshToken: expect.stringMatching(JWT) },
    });
    const patch = await call({
      method: 'PATCH',
      url: `/organizations/${ORG}`,
      headers: { ...json, ...bearer(res.json().accessToken) },
      payload: { name: 'Renewed' },
    });
    expect(patch.statusCode).toBe(200);
    const stale = await call({
      method: 'PATCH',
      url: `/organizations/${ORG}`,
      headers: { ...json, ...bearer(first.accessToken) },
      payload: { name: 'Stale' },
    });
    expect(stale.statusCode).toBe(401);
  });

  it('is served under /api/v1 too', async () => {
    const { call } = await make();
    const { refreshToken } = await signIn(call, MEMBER);
    const res = await call({
      method: 'PATCH',
      url: '/api/v1/me/sessions',
      headers: { ...json, ...CLIENT },
      payload: { refreshToken },
    });
    expect(res.statusCode).toBe(200);
    expect(claims(res.json().accessToken)).toMatchObject({ userId: MEMBER.id, tokenType: 'access' });
  });

  it('400 auth/1 for a refresh token that is garbage, expired, an access token, or from another device', async () => {
    const { call, clock } = await make();
    const body = { group: 'auth', code: 1, message: 'Invalid refreshToken.' };
    const { accessToken, refreshToken } = await signIn(call, OWNER);
    expect(answer(await refresh(call, 'garbage'))).toEqual({ status: 400, body });
    expect(answer(await refresh(call, accessToken))).toEqual({ status: 400, body });
    expect(answer(await refresh(call, refreshToken, { 'ce-clientid': 'other1' }))).toEqual({ status: 400, body });
    clock.advance(30 * 86400_000 + 1000);
    expect(answer(await refresh(call, refreshToken))).toEqual({ status: 400, body });
  });

  it('400 auth/0 for a bad CE-ClientId, request/1 for no body, request/0 for a missing or non-string refreshToken', async () => {
    const { call } = await make();
    const { refreshToken } = await signIn(call, OWNER);
    expect(answer(await refresh(call, refreshToken, { 'ce-clientid': 'toolong12' }))).toEqual({
      status: 400,
      body: { group: 'auth', code: 0, message: 'Invalid CE-ClientId.' },
    });
    expect(answer(await call({ method: 'PATCH', url: '/me/sessions', headers: CLIENT }))).toEqual({
      status: 400,
      body: { group: 'request', code: 1, message: 'The request body is required.' },
    });
    expect(
      answer(await call({ method: 'PATCH', url: '/me/sessions', headers: { ...json, ...CLIENT }, payload: {} })),
    ).toEqual({
      status: 400,
      body: {
        group: 'request',
        code: 0,
        validationDetail: [
          { field: 'refreshToken', expression: 'required', originalValue: '', reason: 'This field is required.' },
        ],
      },
    });
    expect(answer(await refresh(call, ['x']))).toEqual({
      status: 400,
      body: {
        group: 'request',
        code: 0,
        validationDetail: [
          {
            field: 'refreshToken',
            expression: 'type',
            argument: 'string',
            originalValue: ['x'],
            reason: 'Should be a string.',
          },
        ],
      },
    });
  });
});
