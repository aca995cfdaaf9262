import { describe, expect, it } from 'vitest';
import { answer, useApp } from '../helpers.js';
import { razi } from '../../src/providers/razi/index.js';
import {
  ACME,
  DEMO,
  IDS,
  OTHER,
  TOKEN_URL,
  claimsOf,
  demo,
  json,
  machineToken,
  orgUrl,
  signIn,
  USERS,
} from './razi-helpers.js';
import type { RaziFixtures } from '../../src/providers/razi/schemas.js';

const ERR = (status: number, message: string) => ({ status, body: { message } });

describe('Razi: framework-level answers in {"message"}', () => {
  const make = useApp();

  it('another method on the PATCH route: 405 with Allow: PATCH', async () => {
    const { call } = await make();
    const res = await call({ method: 'GET', url: orgUrl(ACME), headers: demo });
    expect(answer(res)).toEqual(ERR(405, `Method GET not allowed on /v1/authorization/organizations/${ACME}`));
    expect(res.headers.allow).toBe('PATCH');
  });

  it('another method on a POST route: 405 with Allow: POST', async () => {
    const { call } = await make();
    const res = await call({ method: 'GET', url: TOKEN_URL, headers: demo });
    expect(answer(res)).toEqual(ERR(405, `Method GET not allowed on ${TOKEN_URL}`));
    expect(res.headers.allow).toBe('POST');
  });

  it('an unknown path under the Razi prefixes: 404', async () => {
    const { call } = await make();
    // No JSON Content-Type: the root scope's JSON parser (not Razi's) would refuse an empty body before the 404 (see report).
    const headers = { 'x-app-name': DEMO };
    expect(answer(await call({ method: 'PATCH', url: '/v1/authorization/orgs/1?x=1', headers }))).toEqual(
      ERR(404, 'Cannot PATCH /v1/authorization/orgs/1'),
    );
    expect(answer(await call({ method: 'POST', url: '/v1/authentication/sign-in', headers, payload: 'x' }))).toEqual(
      ERR(404, 'Cannot POST /v1/authentication/sign-in'),
    );
  });

  it('a body over the limit: 413, nothing written', async () => {
    const { call, app } = await make({ bodyLimit: 1024 });
    const token = await machineToken(call);
    const res = await call({
      method: 'PATCH',
      url: orgUrl(ACME),
      headers: { authorization: `Bearer ${token}`, ...demo },
      payload: { metadata: { a: 'x'.repeat(2000) } },
    });
    expect(answer(res)).toEqual(ERR(413, 'Request body is too large'));
    expect(app.orgmock.store.getOrg('razi', DEMO, ACME)).toEqual({
      id: ACME,
      name: 'Acme',
      metadata: { tier: 'gold' },
    });
  });

  it('the cookie plugin stays in the Razi scope', async () => {
    const { app } = await make();
    expect(app.hasReplyDecorator('setCookie')).toBe(false);
    expect(app.hasRequestDecorator('cookies')).toBe(false);
  });

  it('the OpenAPI document lists the four Razi routes', async () => {
    const { call } = await make();
    const doc = JSON.parse((await call({ method: 'GET', url: '/__admin/openapi.json' })).body);
    const razi = Object.entries(doc.paths as Record<string, Record<string, { tags?: string[] }>>).flatMap(
      ([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.tags?.includes('razi'))
          .map(([m]) => `${m.toUpperCase()} ${path}`),
    );
    expect(razi.sort()).toEqual([
      'PATCH /v1/authorization/organizations/{orgId}',
      'POST /v1/authentication/machine-users/access-token',
      'POST /v1/authentication/sessions',
      'POST /v1/authentication/users',
    ]);
  });
});

describe('Razi fixtures', () => {
  const make = useApp();

  it('seeds the defaults: Acme with its metadata, members with their roles, passwords and secrets hashed', async () => {
    const { app } = await make();
    const { store } = app.orgmock;
    expect(store.listOrgs('razi').map(({ tenant, id, data }) => ({ tenant, id, data }))).toEqual([
      { tenant: DEMO, id: ACME, data: { id: ACME, name: 'Acme', metadata: { tier: 'gold' } } },
      {
        tenant: OTHER,
        id: '290000000000000001',
        data: { id: '290000000000000001', name: 'Globex', metadata: { tier: 'silver' } },
      },
    ]);
    expect(store.getRole('razi', DEMO, ACME, IDS.machineUser)).toBe('GENERIC_MACHINE_USER');
    expect(store.getRole('razi', DEMO, ACME, IDS.owner)).toBe('ORG_OWNER');
    expect(store.getRole('razi', DEMO, ACME, IDS.manager)).toBe('ORG_USER_MANAGER');
    expect(store.getRole('razi', DEMO, ACME, IDS.member)).toBe('member');
    const rows = store.db.prepare("SELECT secret_hash FROM identities WHERE vendor = 'razi'").all() as {
      secret_hash: string;
    }[];
    for (const { secret_hash } of rows) {
      for (const clear of [
        'owner-password',
        'manager-password',
        'member-password',
        'mu_acme_secret',
        'mu_other_secret',
      ])
        expect(secret_hash).not.toContain(clear);
    }
    expect(store.getIdentity('razi', DEMO, IDS.owner)?.secretHash).toMatch(/^sha256\$/);
  });

  it('reset puts Acme back and forgets signed-up users', async () => {
    const { call, app } = await make();
    const token = await machineToken(call);
    await call({
      method: 'PATCH',
      url: orgUrl(ACME),
      headers: { authorization: `Bearer ${token}`, ...demo },
      payload: { metadata: { a: 'b' } },
    });
    await call({
      method: 'POST',
      url: '/v1/authentication/users',
      headers: demo,
      payload: { email: 'new@razi.example', password: 'new-password' },
    });
    app.orgmock.reset();
    expect(app.orgmock.store.getOrg('razi', DEMO, ACME)).toEqual({
      id: ACME,
      name: 'Acme',
      metadata: { tier: 'gold' },
    });
    expect(app.orgmock.store.findIdentity('razi', 'user', 'new@razi.example', DEMO)).toBeUndefined();
  });

  it('checkFixtures names references to unknown orgs and duplicates', () => {
    const fixtures: RaziFixtures = {
      apps: [
        {
          name: 'a',
          orgs: [
            { id: '1', name: 'One', metadata: {} },
            { id: '1', name: 'Again', metadata: {} },
          ],
          machineUsers: [{ id: '10', clientId: 'c', clientSecret: 's', orgIds: ['2'] }],
          users: [
            {
              id: '10',
              email: 'x@y.z',
              password: 'p',
              firstName: '',
              lastName: '',
              memberships: [{ orgId: '1', role: 'GENERIC_MACHINE_USER' }],
            },
            {
              id: '11',
              email: 'X@y.z',
              password: 'p',
              firstName: '',
              lastName: '',
              memberships: [{ orgId: '3', role: 'ORG_OWNER' }],
            },
          ],
        },
        { name: 'a', orgs: [], machineUsers: [], users: [] },
      ],
    };
    expect(razi.checkFixtures!(fixtures)).toEqual([
      'app a: org 1 is listed twice',
      'app a: machine user c on unknown org 2',
      'app a: identity id 10 is used twice',
      'app a: user x@y.z cannot hold GENERIC_MACHINE_USER',
      'app a: email x@y.z is used twice',
      'app a: user X@y.z on unknown org 3',
      'app a is listed twice',
    ]);
  });

  it('without a razi fixture file every app name is unknown', async () => {
    const { call } = await make({ fixtures: {} });
    const res = await call({
      method: 'POST',
      url: TOKEN_URL,
      headers: demo,
      payload: { clientId: 'mu_acme_client', clientSecret: 'mu_acme_secret' },
    });
    expect(answer(res)).toEqual(ERR(400, "Unknown app 'orgmock-demo' in X-App-Name"));
  });
});

describe('Razi mintToken and faults', () => {
  const make = useApp();

  it("mints a machine user's access token by client id, usable with the headers it returns", async () => {
    const { call, app } = await make();
    const minted = await razi.mintToken!(app.orgmock, 'mu_acme_client', {});
    expect(minted).toEqual({
      token: expect.any(String),
      headers: { authorization: `Bearer ${minted.token}`, 'x-app-name': DEMO },
      expiresIn: 43199,
    });
    expect(claimsOf(minted.token)).toMatchObject({
      iss: 'orgmock:razi',
      sub: IDS.machineUser,
      app: DEMO,
      kind: 'machine',
    });
    const res = await call({
      method: 'PATCH',
      url: orgUrl(ACME),
      headers: { ...minted.headers, ...json },
      payload: { metadata: { a: 'b' } },
    });
    expect(answer(res)).toEqual({ status: 200, body: { message: 'Organization Data Updated' } });
  });

  it("mints a user's session token by email (any case), one day by default", async () => {
    const { app } = await make();
    const minted = await razi.mintToken!(app.orgmock, 'Manager@razi.example', { tenant: DEMO });
    expect(minted.expiresIn).toBe(86400);
    expect(claimsOf(minted.token)).toMatchObject({
      sub: IDS.manager,
      app: DEMO,
      kind: 'session',
      sid: expect.stringMatching(/^[0-9]{18}$/),
    });
  });

  it('a negative expiresIn gives a token that is already expired', async () => {
    const { call, app } = await make();
    const minted = await razi.mintToken!(app.orgmock, 'owner@razi.example', { expiresIn: -1 });
    const res = await call({
      method: 'PATCH',
      url: orgUrl(ACME),
      headers: { ...minted.headers, ...json },
      payload: { metadata: { a: 'b' } },
    });
    expect(answer(res)).toEqual(ERR(401, 'Token expired'));
  });

  it('the tenant is the app; an identity of another app is not found', async () => {
    const { app } = await make();
    expect((await razi.mintToken!(app.orgmock, 'mu_other_client', { tenant: OTHER })).headers['x-app-name']).toBe(
      OTHER,
    );
    await expect(razi.mintToken!(app.orgmock, 'mu_other_client', { tenant: DEMO })).rejects.toThrow(
      "razi: no machine user or user 'mu_other_client' in app 'orgmock-demo'",
    );
    await expect(razi.mintToken!(app.orgmock, 'nobody@razi.example', {})).rejects.toThrow(
      "razi: no machine user or user 'nobody@razi.example'",
    );
  });

  it('faults are {"message"} errors with their status', () => {
    const out = Object.fromEntries(
      Object.entries(razi.faults).map(([name, f]) => {
        const e = f();
        return [name, { status: e.status, body: e.body }];
      }),
    );
    expect(out).toEqual({
      internal: ERR(500, 'Internal server error'),
      unavailable: ERR(503, 'Service unavailable'),
      'not-found': ERR(404, `Organization ${ACME} not found`),
      unauthorized: ERR(401, 'Invalid token'),
      forbidden: ERR(403, "Only the organization's machine users, owner and user managers may update it"),
    });
  });

  it('the journal masks session tokens, cookies and passwords', async () => {
    const { call } = await make();
    const { cookie } = await signIn(call, USERS.owner);
    await call({ method: 'PATCH', url: orgUrl(ACME), headers: { cookie, ...demo }, payload: { metadata: { a: 'b' } } });
    const journal = (await call({ method: 'GET', url: '/__admin/requests?vendor=razi' })).body;
    expect(journal).not.toContain(cookie.split('=')[1]);
    expect(journal).not.toContain('owner-password');
  });
});
