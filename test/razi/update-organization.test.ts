import { describe, expect, it, vi } from 'vitest';
import { answer, useApp } from '../helpers.js';
import {
  ACME,
  DEMO,
  GLOBEX,
  OTHER,
  USERS,
  demo,
  json,
  machineToken,
  orgUrl,
  signIn,
  snapshot,
} from './razi-helpers.js';

const OK = { status: 200, body: { message: 'Organization Data Updated' } };
const ERR = (status: number, message: string) => ({ status, body: { message } });
const FORBIDDEN = ERR(403, "Only the organization's machine users, owner and user managers may update it");
const acmeOf = (app: import('fastify').FastifyInstance) => app.orgmock.store.getOrg('razi', DEMO, ACME);

describe('Razi PATCH /v1/authorization/organizations/:orgId', () => {
  const make = useApp();

  describe('allowed callers', () => {
    it("the docs' example with a machine user's Bearer token: keys added, others kept", async () => {
      const { call, app } = await make();
      const token = await machineToken(call);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: `Bearer ${token}`, ...demo },
        payload: '{\n  "metadata": {\n    "key1": "value1",\n    "key2": "value2"\n  }\n}',
      });
      expect(answer(res)).toEqual(OK);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(acmeOf(app)).toEqual({
        id: ACME,
        name: 'Acme',
        metadata: { tier: 'gold', key1: 'value1', key2: 'value2' },
      });
    });

    it('the owner, with the session-token cookie that sign-in set', async () => {
      const { call, app } = await make();
      const { cookie } = await signIn(call, USERS.owner);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { cookie, ...demo },
        payload: { metadata: { tier: 'platinum' } },
      });
      expect(answer(res)).toEqual(OK);
      expect(acmeOf(app)).toEqual({ id: ACME, name: 'Acme', metadata: { tier: 'platinum' } });
    });

    it("the user manager, with the sign-in's sessionToken as Bearer", async () => {
      const { call, app } = await make();
      const { token } = await signIn(call, USERS.manager);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: `Bearer ${token}`, ...demo },
        payload: { metadata: { region: 'eu' } },
      });
      expect(answer(res)).toEqual(OK);
      expect(acmeOf(app)).toEqual({ id: ACME, name: 'Acme', metadata: { tier: 'gold', region: 'eu' } });
    });

    it('the user manager, with the cookie among others', async () => {
      const { call } = await make();
      const { cookie } = await signIn(call, USERS.manager);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { cookie: `theme=dark; ${cookie}; lang=en`, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(OK);
    });

    it('changes persist from one request to the next; an empty metadata object changes nothing', async () => {
      const { call, app } = await make();
      const headers = { authorization: `Bearer ${await machineToken(call)}`, ...demo };
      expect(
        answer(await call({ method: 'PATCH', url: orgUrl(ACME), headers, payload: { metadata: { a: '1' } } })),
      ).toEqual(OK);
      expect(
        answer(await call({ method: 'PATCH', url: orgUrl(ACME), headers, payload: { metadata: { b: '2', a: '' } } })),
      ).toEqual(OK);
      expect(answer(await call({ method: 'PATCH', url: orgUrl(ACME), headers, payload: { metadata: {} } }))).toEqual(
        OK,
      );
      expect(acmeOf(app)).toEqual({ id: ACME, name: 'Acme', metadata: { tier: 'gold', a: '', b: '2' } });
    });

    it('a __proto__ key is stored as an ordinary key and pollutes nothing', async () => {
      const { call, app } = await make();
      const headers = { authorization: `Bearer ${await machineToken(call)}`, ...demo };
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers,
        payload: '{"metadata":{"__proto__":"x","constructor":"y"}}',
      });
      expect(answer(res)).toEqual(OK);
      const metadata = (acmeOf(app) as { metadata: Record<string, string> }).metadata;
      expect(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value).toBe('x');
      expect(metadata.constructor).toBe('y');
      expect(({} as Record<string, unknown>).constructor).toBe(Object);
    });
  });

  describe('Bearer header and cookie together: the header wins, the cookie is not a fallback', () => {
    it("a member's Bearer with the owner's cookie is refused (403)", async () => {
      const { call, app } = await make();
      const owner = await signIn(call, USERS.owner);
      const member = await signIn(call, USERS.member);
      const before = snapshot(app);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: `Bearer ${member.token}`, cookie: owner.cookie, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(FORBIDDEN);
      expect(snapshot(app)).toEqual(before);
    });

    it("the owner's Bearer with a member's cookie is allowed", async () => {
      const { call } = await make();
      const owner = await signIn(call, USERS.owner);
      const member = await signIn(call, USERS.member);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: `Bearer ${owner.token}`, cookie: member.cookie, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(OK);
    });

    it('a bad Bearer token is not rescued by a good cookie', async () => {
      const { call } = await make();
      const owner = await signIn(call, USERS.owner);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: 'Bearer nope', cookie: owner.cookie, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(ERR(401, 'Invalid token'));
    });
  });

  describe('403', () => {
    it('a plain member, by cookie and by Bearer; nothing written', async () => {
      const { call, app } = await make();
      const member = await signIn(call, USERS.member);
      const before = snapshot(app);
      for (const headers of [{ cookie: member.cookie }, { authorization: `Bearer ${member.token}` }]) {
        const res = await call({
          method: 'PATCH',
          url: orgUrl(ACME),
          headers: { ...headers, ...demo },
          payload: { metadata: { tier: 'free' } },
        });
        expect(answer(res)).toEqual(FORBIDDEN);
      }
      expect(snapshot(app)).toEqual(before);
    });

    it('a machine user that is not on the org', async () => {
      const { call } = await make({
        fixtures: {
          razi: {
            apps: [
              {
                name: DEMO,
                orgs: [
                  { id: ACME, name: 'Acme', metadata: {} },
                  { id: '281185056586736700', name: 'Initech', metadata: {} },
                ],
                machineUsers: [{ id: '1', clientId: 'mu_initech', clientSecret: 's', orgIds: ['281185056586736700'] }],
                users: [],
              },
            ],
          },
        },
      });
      const token = await machineToken(call, DEMO, 'mu_initech', 's');
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: `Bearer ${token}`, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(FORBIDDEN);
      const own = await call({
        method: 'PATCH',
        url: orgUrl('281185056586736700'),
        headers: { authorization: `Bearer ${token}`, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(own)).toEqual(OK);
    });
  });

  describe('401, nothing written', () => {
    async function refused(headers: Record<string, string>, status: number, message: string) {
      const { call, app } = await make();
      const before = snapshot(app);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { ...demo, ...headers },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(ERR(status, message));
      expect(snapshot(app)).toEqual(before);
    }

    it('no credentials', () =>
      refused({}, 401, 'Missing credentials: send Authorization: Bearer <token> or the session-token cookie'));
    it('an empty session-token cookie', () =>
      refused(
        { cookie: 'session-token=' },
        401,
        'Missing credentials: send Authorization: Bearer <token> or the session-token cookie',
      ));
    it('another cookie only', () =>
      refused(
        { cookie: 'session=abc' },
        401,
        'Missing credentials: send Authorization: Bearer <token> or the session-token cookie',
      ));
    it('a scheme other than Bearer', () =>
      refused(
        { authorization: 'Basic bXVfYWNtZV9jbGllbnQ6bXVfYWNtZV9zZWNyZXQ=' },
        401,
        'Authorization header must be Bearer <token>',
      ));
    it('Bearer without a token', () =>
      refused({ authorization: 'Bearer' }, 401, 'Authorization header must be Bearer <token>'));
    it('a token that is not a JWT', () => refused({ authorization: 'Bearer not-a-jwt' }, 401, 'Invalid token'));
    it('a garbage cookie', () => refused({ cookie: 'session-token=not-a-jwt' }, 401, 'Invalid token'));

    it('a tampered token', async () => {
      const { call, app } = await make();
      const token = await machineToken(call);
      const [h, p, s] = token.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: '281185056586736811' })).toString('base64url')}.${s}`;
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: `Bearer ${forged}`, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(ERR(401, 'Invalid token'));
      expect(acmeOf(app)).toEqual({ id: ACME, name: 'Acme', metadata: { tier: 'gold' } });
    });

    it("another vendor's token (other issuer)", async () => {
      const { call, app } = await make();
      const token = await app.orgmock.tokens.sign(
        { kind: 'machine', app: DEMO },
        { issuer: 'orgmock:scalekit', subject: '281185056586736801', expiresIn: 60 },
      );
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: `Bearer ${token}`, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(ERR(401, 'Invalid token'));
    });

    it('a machine token expires after 43199 s', async () => {
      const { call, clock, app } = await make();
      const headers = { authorization: `Bearer ${await machineToken(call)}`, ...demo };
      clock.advance(43198_000);
      expect(
        answer(await call({ method: 'PATCH', url: orgUrl(ACME), headers, payload: { metadata: { a: '1' } } })),
      ).toEqual(OK);
      clock.advance(1_000);
      const before = snapshot(app);
      expect(
        answer(await call({ method: 'PATCH', url: orgUrl(ACME), headers, payload: { metadata: { a: '2' } } })),
      ).toEqual(ERR(401, 'Token expired'));
      expect(snapshot(app)).toEqual(before);
    });

    it('a session cookie expires after 86400 s', async () => {
      const { call, clock } = await make();
      const { cookie } = await signIn(call, USERS.owner);
      clock.advance(86399_000);
      expect(
        answer(
          await call({
            method: 'PATCH',
            url: orgUrl(ACME),
            headers: { cookie, ...demo },
            payload: { metadata: { a: '1' } },
          }),
        ),
      ).toEqual(OK);
      clock.advance(1_000);
      expect(
        answer(
          await call({
            method: 'PATCH',
            url: orgUrl(ACME),
            headers: { cookie, ...demo },
            payload: { metadata: { a: '2' } },
          }),
        ),
      ).toEqual(ERR(401, 'Token expired'));
    });

    it('the session of a user that no longer exists (signed up, then the store was reset)', async () => {
      const { call, app } = await make();
      const res = await call({
        method: 'POST',
        url: '/v1/authentication/users',
        headers: demo,
        payload: { email: 'gone@razi.example', password: 'gone-password' },
      });
      app.orgmock.reset();
      const patch = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: `Bearer ${JSON.parse(res.body).sessionToken}`, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(patch)).toEqual(ERR(401, 'Invalid token'));
    });
  });

  describe('isolation by X-App-Name', () => {
    it('a token issued under orgmock-demo is refused under other-app', async () => {
      const { call, app } = await make();
      const before = snapshot(app);
      const token = await machineToken(call);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(GLOBEX),
        headers: { authorization: `Bearer ${token}`, 'x-app-name': OTHER, ...json },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(ERR(401, 'Token was not issued for this app'));
      expect(snapshot(app)).toEqual(before);
    });

    it('a session cookie from orgmock-demo is refused under other-app', async () => {
      const { call } = await make();
      const { cookie } = await signIn(call, USERS.owner);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(GLOBEX),
        headers: { cookie, 'x-app-name': OTHER, ...json },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(ERR(401, 'Token was not issued for this app'));
    });

    it("another app's org is not found, even by the owner", async () => {
      const { call, app } = await make();
      const before = snapshot(app);
      const { cookie } = await signIn(call, USERS.owner);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(GLOBEX),
        headers: { cookie, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(ERR(404, `Organization ${GLOBEX} not found`));
      expect(snapshot(app)).toEqual(before);
    });

    it("other-app's machine user: Acme is not found there, and its own org updates", async () => {
      const { call, app } = await make();
      const token = await machineToken(call, OTHER, 'mu_other_client', 'mu_other_secret');
      const headers = { authorization: `Bearer ${token}`, 'x-app-name': OTHER, ...json };
      expect(
        answer(await call({ method: 'PATCH', url: orgUrl(ACME), headers, payload: { metadata: { a: 'b' } } })),
      ).toEqual(ERR(404, `Organization ${ACME} not found`));
      expect(
        answer(await call({ method: 'PATCH', url: orgUrl(GLOBEX), headers, payload: { metadata: { a: 'b' } } })),
      ).toEqual(OK);
      expect(app.orgmock.store.getOrg('razi', OTHER, GLOBEX)).toEqual({
        id: GLOBEX,
        name: 'Globex',
        metadata: { tier: 'silver', a: 'b' },
      });
      expect(acmeOf(app)).toEqual({ id: ACME, name: 'Acme', metadata: { tier: 'gold' } });
    });

    it("other-app's token is refused under orgmock-demo", async () => {
      const { call } = await make();
      const token = await machineToken(call, OTHER, 'mu_other_client', 'mu_other_secret');
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: `Bearer ${token}`, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(ERR(401, 'Token was not issued for this app'));
    });

    it('a missing X-App-Name is refused before anything else', async () => {
      const { call, app } = await make();
      const before = snapshot(app);
      const token = await machineToken(call);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: `Bearer ${token}`, ...json },
        payload: '{bad json',
      });
      expect(answer(res)).toEqual(ERR(400, 'Missing X-App-Name header: it names the app whose data the call uses'));
      expect(snapshot(app)).toEqual(before);
    });

    it('an unknown app name is refused', async () => {
      const { call } = await make();
      const token = await machineToken(call);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: { authorization: `Bearer ${token}`, 'x-app-name': 'orgmock-dem0', ...json },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(ERR(400, "Unknown app 'orgmock-dem0' in X-App-Name"));
    });
  });

  describe('404', () => {
    it('comes before the role: a plain member is told an unknown org is not found', async () => {
      const { call } = await make();
      const member = await signIn(call, USERS.member);
      const res = await call({
        method: 'PATCH',
        url: orgUrl('281185056586736798'),
        headers: { cookie: member.cookie, ...demo },
        payload: { metadata: { a: 'b' } },
      });
      expect(answer(res)).toEqual(ERR(404, 'Organization 281185056586736798 not found'));
    });

    it('an update reads the org and the role once each', async () => {
      const { call, app } = await make();
      const headers = { authorization: `Bearer ${await machineToken(call)}`, ...demo };
      const getOrg = vi.spyOn(app.orgmock.store, 'getOrg');
      const getRole = vi.spyOn(app.orgmock.store, 'getRole');
      expect(
        answer(await call({ method: 'PATCH', url: orgUrl(ACME), headers, payload: { metadata: { a: 'b' } } })),
      ).toEqual(OK);
      expect([getOrg.mock.calls.length, getRole.mock.calls.length]).toEqual([1, 1]);
    });

    it('an org id that exists nowhere; nothing written', async () => {
      const { call, app } = await make();
      const headers = { authorization: `Bearer ${await machineToken(call)}`, ...demo };
      const before = snapshot(app);
      expect(
        answer(
          await call({
            method: 'PATCH',
            url: orgUrl('281185056586736798'),
            headers,
            payload: { metadata: { a: 'b' } },
          }),
        ),
      ).toEqual(ERR(404, 'Organization 281185056586736798 not found'));
      expect(
        answer(await call({ method: 'PATCH', url: orgUrl('acme'), headers, payload: { metadata: { a: 'b' } } })),
      ).toEqual(ERR(404, 'Organization acme not found'));
      expect(snapshot(app)).toEqual(before);
    });
  });

  describe('400 for the body, nothing written', () => {
    const cases: [string, string | undefined, string, Record<string, string>?][] = [
      [
        'another field besides metadata',
        '{"metadata":{"a":"b"},"name":"Acme Inc"}',
        'Only metadata can be updated; unexpected field: name',
      ],
      [
        'only other fields',
        '{"name":"Acme Inc","slug":"acme"}',
        'Only metadata can be updated; unexpected fields: name, slug',
      ],
      ['no metadata', '{}', 'metadata is required'],
      ['metadata null', '{"metadata":null}', 'metadata must be an object of string values'],
      ['metadata an array', '{"metadata":[["a","b"]]}', 'metadata must be an object of string values'],
      ['metadata a string', '{"metadata":"a=b"}', 'metadata must be an object of string values'],
      ['a number value', '{"metadata":{"seats":10}}', 'metadata.seats must be a string'],
      ['a null value (no deletion)', '{"metadata":{"tier":null}}', 'metadata.tier must be a string'],
      ['a nested object', '{"metadata":{"a":"b","address":{"city":"Dubai"}}}', 'metadata.address must be a string'],
      ['an empty key', '{"metadata":{"":"x"}}', 'metadata keys must not be empty'],
      ['invalid JSON', '{"metadata":{"a":"b"}', 'Request body is not valid JSON'],
      ['no body', undefined, 'Request body is required'],
      ['body an array', '[{"metadata":{}}]', 'Request body must be a JSON object'],
      ['body null', 'null', 'Request body must be a JSON object'],
      [
        'text/plain body',
        '{"metadata":{"a":"b"}}',
        'Content-Type must be application/json',
        { 'content-type': 'text/plain' },
      ],
      [
        'malformed Content-Type',
        '{"metadata":{"a":"b"}}',
        'Content-Type must be application/json',
        { 'content-type': 'json' },
      ],
    ];
    for (const [name, payload, message, headers] of cases) {
      it(name, async () => {
        const { call, app } = await make();
        const token = await machineToken(call);
        const before = snapshot(app);
        const res = await call({
          method: 'PATCH',
          url: orgUrl(ACME),
          headers: { authorization: `Bearer ${token}`, ...demo, ...headers },
          ...(payload === undefined ? {} : { payload }),
        });
        expect(answer(res)).toEqual(ERR(400, message));
        expect(snapshot(app)).toEqual(before);
      });
    }

    it('application/merge-patch+json is JSON too', async () => {
      const { call } = await make();
      const token = await machineToken(call);
      const res = await call({
        method: 'PATCH',
        url: orgUrl(ACME),
        headers: {
          authorization: `Bearer ${token}`,
          'x-app-name': DEMO,
          'content-type': 'application/merge-patch+json',
        },
        payload: '{"metadata":{"a":"b"}}',
      });
      expect(answer(res)).toEqual(OK);
    });
  });

  describe('order of checks', () => {
    it('invalid JSON is refused before credentials (a body parser runs first)', async () => {
      const { call } = await make();
      expect(answer(await call({ method: 'PATCH', url: orgUrl(ACME), headers: demo, payload: '{' }))).toEqual(
        ERR(400, 'Request body is not valid JSON'),
      );
    });

    it('credentials are checked before the fields', async () => {
      const { call } = await make();
      expect(answer(await call({ method: 'PATCH', url: orgUrl(ACME), headers: demo, payload: { name: 'x' } }))).toEqual(
        ERR(401, 'Missing credentials: send Authorization: Bearer <token> or the session-token cookie'),
      );
    });

    it('the fields before the org, and the org before the role', async () => {
      const { call } = await make();
      const member = await signIn(call, USERS.member);
      const headers = { cookie: member.cookie, ...demo };
      expect(answer(await call({ method: 'PATCH', url: orgUrl('1'), headers, payload: { name: 'x' } }))).toEqual(
        ERR(400, 'Only metadata can be updated; unexpected field: name'),
      );
      expect(answer(await call({ method: 'PATCH', url: orgUrl('1'), headers, payload: { metadata: {} } }))).toEqual(
        ERR(404, 'Organization 1 not found'),
      );
      expect(answer(await call({ method: 'PATCH', url: orgUrl(ACME), headers, payload: { metadata: {} } }))).toEqual(
        FORBIDDEN,
      );
    });
  });
});
