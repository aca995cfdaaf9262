import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';
import {
  ACME,
  DEMO,
  IDS,
  OTHER,
  SIGN_IN_URL,
  SIGN_UP_URL,
  TOKEN_URL,
  USERS,
  claimsOf,
  cookieFrom,
  demo,
  json,
  orgUrl,
  snapshot,
} from './razi-helpers.js';

const NOW = Date.parse('2026-01-01T00:00:00.000Z') / 1000;
const SNOWFLAKE = /^[1-9][0-9]{17}$/;
const ERR = (message: string) => ({ message });

describe('Razi POST /v1/authentication/machine-users/access-token', () => {
  const make = useApp();
  const post = (payload: unknown, headers: Record<string, string> = demo) => ({
    method: 'POST' as const,
    url: TOKEN_URL,
    headers,
    payload: payload as string,
  });

  it('answers the documented {token, expiresInSeconds: 43199}, with a JWT for the machine user and app', async () => {
    const { call } = await make();
    const res = await call(post({ clientId: 'mu_acme_client', clientSecret: 'mu_acme_secret' }));
    expect(answer(res)).toEqual({ status: 200, body: { token: expect.any(String), expiresInSeconds: 43199 } });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(claimsOf(JSON.parse(res.body).token)).toEqual({
      iss: 'orgmock:razi',
      sub: IDS.machineUser,
      app: DEMO,
      kind: 'machine',
      iat: NOW,
      exp: NOW + 43199,
      jti: expect.any(String),
    });
  });

  it("issues other-app's machine user a token under other-app", async () => {
    const { call } = await make();
    const res = await call(
      post({ clientId: 'mu_other_client', clientSecret: 'mu_other_secret' }, { 'x-app-name': OTHER, ...json }),
    );
    expect(answer(res)).toEqual({ status: 200, body: { token: expect.any(String), expiresInSeconds: 43199 } });
    expect(claimsOf(JSON.parse(res.body).token)).toMatchObject({ sub: IDS.otherMachineUser, app: OTHER });
  });

  it('ignores fields it does not know', async () => {
    const { call } = await make();
    const res = await call(post({ clientId: 'mu_acme_client', clientSecret: 'mu_acme_secret', scope: 'x' }));
    expect(answer(res).status).toBe(200);
  });

  describe('401', () => {
    it('wrong secret', async () => {
      const { call } = await make();
      expect(answer(await call(post({ clientId: 'mu_acme_client', clientSecret: 'nope' })))).toEqual({
        status: 401,
        body: ERR('Invalid client credentials'),
      });
    });

    it('unknown client id', async () => {
      const { call } = await make();
      expect(answer(await call(post({ clientId: 'mu_nobody', clientSecret: 'mu_acme_secret' })))).toEqual({
        status: 401,
        body: ERR('Invalid client credentials'),
      });
    });

    it("another app's machine user does not exist in this app", async () => {
      const { call } = await make();
      expect(answer(await call(post({ clientId: 'mu_other_client', clientSecret: 'mu_other_secret' })))).toEqual({
        status: 401,
        body: ERR('Invalid client credentials'),
      });
      const asOther = post(
        { clientId: 'mu_acme_client', clientSecret: 'mu_acme_secret' },
        { 'x-app-name': OTHER, ...json },
      );
      expect(answer(await call(asOther))).toEqual({ status: 401, body: ERR('Invalid client credentials') });
    });
  });

  describe('400', () => {
    const cases: [string, Record<string, string>, string | undefined, string][] = [
      [
        'missing X-App-Name',
        json,
        '{"clientId":"mu_acme_client","clientSecret":"mu_acme_secret"}',
        'Missing X-App-Name header: it names the app whose data the call uses',
      ],
      [
        'empty X-App-Name',
        { 'x-app-name': '', ...json },
        '{"clientId":"mu_acme_client","clientSecret":"mu_acme_secret"}',
        'Missing X-App-Name header: it names the app whose data the call uses',
      ],
      [
        'unknown app',
        { 'x-app-name': 'nope', ...json },
        '{"clientId":"mu_acme_client","clientSecret":"mu_acme_secret"}',
        "Unknown app 'nope' in X-App-Name",
      ],
      ['missing clientSecret', demo, '{"clientId":"mu_acme_client"}', 'clientSecret must be a non-empty string'],
      ['clientId not a string', demo, '{"clientId":7,"clientSecret":"x"}', 'clientId must be a non-empty string'],
      ['empty clientId', demo, '{"clientId":"","clientSecret":"x"}', 'clientId must be a non-empty string'],
      ['invalid JSON', demo, '{"clientId":', 'Request body is not valid JSON'],
      ['no body', demo, undefined, 'Request body is required'],
      ['body not an object', demo, '["mu_acme_client"]', 'Request body must be a JSON object'],
      [
        'form body',
        { 'x-app-name': DEMO, 'content-type': 'application/x-www-form-urlencoded' },
        'clientId=a&clientSecret=b',
        'Content-Type must be application/json',
      ],
    ];
    for (const [name, headers, payload, message] of cases) {
      it(name, async () => {
        const { call } = await make();
        const res = await call({
          method: 'POST',
          url: TOKEN_URL,
          headers,
          ...(payload === undefined ? {} : { payload }),
        });
        expect(answer(res)).toEqual({ status: 400, body: ERR(message) });
      });
    }

    it('a body without Content-Type is read as JSON', async () => {
      const { call } = await make();
      const res = await call({
        method: 'POST',
        url: TOKEN_URL,
        headers: { 'x-app-name': DEMO },
        payload: '{"clientId":"mu_acme_client","clientSecret":"mu_acme_secret"}',
      });
      expect(answer(res).status).toBe(200);
    });
  });
});

describe('Razi POST /v1/authentication/users (sign-up)', () => {
  const make = useApp();
  /** The documented example body. */
  const JOHN = {
    firstName: 'John',
    lastName: 'Doe',
    phoneNumber: '+971111111111',
    metadata: { key: 'value' },
    email: 'john.doe@gmail.com',
    password: 'Password@123JonDoeInc',
    verificationUrl: 'http://iqraa.ai/verify-email?code={{code}}&userId={{userId}}&sessionToken={{sessionToken}}',
  };

  it('creates the user and answers {sessionId, sessionToken, userId} with an HttpOnly session-token cookie', async () => {
    const { call, app } = await make();
    const res = await call({ method: 'POST', url: SIGN_UP_URL, headers: demo, payload: JOHN });
    const body = JSON.parse(res.body);
    expect(answer(res)).toEqual({
      status: 201,
      body: {
        sessionId: expect.stringMatching(SNOWFLAKE),
        sessionToken: expect.any(String),
        userId: expect.stringMatching(SNOWFLAKE),
      },
    });
    expect(res.headers['set-cookie']).toBe(
      `session-token=${body.sessionToken}; Max-Age=86400; Path=/; HttpOnly; SameSite=Lax`,
    );
    expect(claimsOf(body.sessionToken)).toEqual({
      iss: 'orgmock:razi',
      sub: body.userId,
      app: DEMO,
      kind: 'session',
      sid: body.sessionId,
      iat: NOW,
      exp: NOW + 86400,
      jti: expect.any(String),
    });

    const row = app.orgmock.store.getIdentity('razi', DEMO, body.userId)!;
    expect(row).toEqual({
      vendor: 'razi',
      tenant: DEMO,
      id: body.userId,
      kind: 'user',
      lookup: 'john.doe@gmail.com',
      secretHash: expect.stringMatching(/^sha256\$/),
      data: {
        email: 'john.doe@gmail.com',
        firstName: 'John',
        lastName: 'Doe',
        phoneNumber: '+971111111111',
        metadata: { key: 'value' },
        isEmailVerified: false,
        verificationUrl: JOHN.verificationUrl,
      },
    });
    expect(row.secretHash).not.toContain(JOHN.password);
  });

  it('the new user can sign in with the same email and password', async () => {
    const { call } = await make();
    const created = JSON.parse((await call({ method: 'POST', url: SIGN_UP_URL, headers: demo, payload: JOHN })).body);
    const res = await call({
      method: 'POST',
      url: SIGN_IN_URL,
      headers: demo,
      payload: { email: JOHN.email, password: JOHN.password },
    });
    expect(answer(res)).toEqual({
      status: 200,
      body: { sessionId: expect.stringMatching(SNOWFLAKE), sessionToken: expect.any(String), userId: created.userId },
    });
  });

  it('the new user belongs to no org, so its cookie may not update Acme (403), even when the body names an org', async () => {
    const { call, app } = await make();
    const res = await call({
      method: 'POST',
      url: SIGN_UP_URL,
      headers: demo,
      payload: { email: 'new@razi.example', password: 'new-password', orgId: ACME },
    });
    expect(res.statusCode).toBe(201);
    const userId = JSON.parse(res.body).userId;
    expect(app.orgmock.store.getRole('razi', DEMO, ACME, userId)).toBeUndefined();
    const before = snapshot(app);
    const patch = await call({
      method: 'PATCH',
      url: orgUrl(ACME),
      headers: { ...demo, cookie: cookieFrom(res) },
      payload: { metadata: { a: 'b' } },
    });
    expect(answer(patch)).toEqual({
      status: 403,
      body: ERR("Only the organization's machine users, owner and user managers may update it"),
    });
    expect(snapshot(app)).toEqual(before);
  });

  it('only email and password are required', async () => {
    const { call, app } = await make();
    const res = await call({
      method: 'POST',
      url: SIGN_UP_URL,
      headers: demo,
      payload: { email: 'Min@Razi.example', password: '12345678' },
    });
    expect(res.statusCode).toBe(201);
    expect(app.orgmock.store.getIdentity('razi', DEMO, JSON.parse(res.body).userId)?.data).toEqual({
      email: 'Min@Razi.example',
      firstName: '',
      lastName: '',
      metadata: {},
      isEmailVerified: false,
    });
  });

  it('an email taken in another app is free in this one', async () => {
    const { call } = await make();
    const res = await call({
      method: 'POST',
      url: SIGN_UP_URL,
      headers: { 'x-app-name': OTHER, ...json },
      payload: { email: USERS.owner.email, password: 'another-password' },
    });
    expect(res.statusCode).toBe(201);
    const owner = await call({ method: 'POST', url: SIGN_IN_URL, headers: demo, payload: USERS.owner });
    expect(JSON.parse(owner.body).userId).toBe(IDS.owner);
  });

  it('409 when the email is taken in this app, whatever its case', async () => {
    const { call, app } = await make();
    const before = snapshot(app);
    const res = await call({
      method: 'POST',
      url: SIGN_UP_URL,
      headers: demo,
      payload: { email: 'OWNER@razi.example', password: 'whatever-password' },
    });
    expect(answer(res)).toEqual({ status: 409, body: ERR('A user with this email already exists') });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(snapshot(app)).toEqual(before);
  });

  describe('400, nothing written', () => {
    const cases: [string, Record<string, string>, unknown, string][] = [
      ['missing X-App-Name', json, JOHN, 'Missing X-App-Name header: it names the app whose data the call uses'],
      ['unknown app', { 'x-app-name': 'Orgmock-Demo', ...json }, JOHN, "Unknown app 'Orgmock-Demo' in X-App-Name"],
      ['missing email', demo, { ...JOHN, email: undefined }, 'email must be a non-empty string'],
      ['invalid email', demo, { ...JOHN, email: 'john.doe' }, 'email must be a valid email address'],
      ['missing password', demo, { ...JOHN, password: undefined }, 'password must be a non-empty string'],
      ['short password', demo, { ...JOHN, password: 'Pa$1' }, 'password must be at least 8 characters long'],
      ['firstName not a string', demo, { ...JOHN, firstName: 1 }, 'firstName must be a string'],
      ['phoneNumber null', demo, { ...JOHN, phoneNumber: null }, 'phoneNumber must be a string'],
      ['metadata not an object', demo, { ...JOHN, metadata: ['a'] }, 'metadata must be an object of string values'],
      ['metadata value not a string', demo, { ...JOHN, metadata: { plan: 3 } }, 'metadata.plan must be a string'],
      ['invalid JSON', demo, '{"email"', 'Request body is not valid JSON'],
      ['body not an object', demo, '"john"', 'Request body must be a JSON object'],
    ];
    for (const [name, headers, payload, message] of cases) {
      it(name, async () => {
        const { call, app } = await make();
        const before = snapshot(app);
        const res = await call({
          method: 'POST',
          url: SIGN_UP_URL,
          headers,
          payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
        });
        expect(answer(res)).toEqual({ status: 400, body: ERR(message) });
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(snapshot(app)).toEqual(before);
      });
    }
  });
});

describe('Razi POST /v1/authentication/sessions (sign-in, an orgmock path)', () => {
  const make = useApp();
  const signIn = (payload: unknown, headers: Record<string, string> = demo) => ({
    method: 'POST' as const,
    url: SIGN_IN_URL,
    headers,
    payload: JSON.stringify(payload),
  });

  it('answers {sessionId, sessionToken, userId} and sets the session-token cookie', async () => {
    const { call } = await make();
    const res = await call(signIn(USERS.owner));
    const body = JSON.parse(res.body);
    expect(answer(res)).toEqual({
      status: 200,
      body: { sessionId: expect.stringMatching(SNOWFLAKE), sessionToken: expect.any(String), userId: IDS.owner },
    });
    expect(res.headers['set-cookie']).toBe(
      `session-token=${body.sessionToken}; Max-Age=86400; Path=/; HttpOnly; SameSite=Lax`,
    );
    expect(claimsOf(body.sessionToken)).toMatchObject({
      iss: 'orgmock:razi',
      sub: IDS.owner,
      app: DEMO,
      kind: 'session',
      sid: body.sessionId,
    });
  });

  it('each sign-in is a new session', async () => {
    const { call } = await make();
    const a = JSON.parse((await call(signIn(USERS.manager))).body);
    const b = JSON.parse((await call(signIn(USERS.manager))).body);
    expect(a.userId).toBe(IDS.manager);
    expect(b.sessionId).not.toBe(a.sessionId);
  });

  it('matches the email without regard to case', async () => {
    const { call } = await make();
    expect(
      answer(await call(signIn({ email: 'Member@RAZI.example', password: USERS.member.password }))).body,
    ).toMatchObject({ userId: IDS.member });
  });

  it('401 for a wrong password, an unknown email, and a user of another app', async () => {
    const { call } = await make();
    const invalid = { status: 401, body: ERR('Invalid email or password') };
    expect(answer(await call(signIn({ email: USERS.owner.email, password: 'manager-password' })))).toEqual(invalid);
    expect(answer(await call(signIn({ email: 'nobody@razi.example', password: 'owner-password' })))).toEqual(invalid);
    const wrongApp = await call(signIn(USERS.owner, { 'x-app-name': OTHER, ...json }));
    expect(answer(wrongApp)).toEqual(invalid);
    expect(wrongApp.headers['set-cookie']).toBeUndefined();
  });

  it('400 for a missing password, and a missing X-App-Name', async () => {
    const { call } = await make();
    expect(answer(await call(signIn({ email: USERS.owner.email })))).toEqual({
      status: 400,
      body: ERR('password must be a non-empty string'),
    });
    expect(answer(await call(signIn(USERS.owner, json)))).toEqual({
      status: 400,
      body: ERR('Missing X-App-Name header: it names the app whose data the call uses'),
    });
  });
});
