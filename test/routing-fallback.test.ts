/**
 * What each vendor's router answers for a request none of its routes takes:
 * a path it serves with any other method (Starlette and gin: 405 with `Allow`,
 * grpc-gateway 501, Express a 404 naming the method), and a path it does not
 * serve. Both are journaled as that vendor's requests, with a reason.
 */
import { METHODS } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useApp } from './helpers.js';

const UPDATE_PATHS = {
  junction: '/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  gmicloud: '/organizations/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  razi: '/v1/authorization/organizations/org-1',
  transmit: '/v1/organizations/org-1',
  scalekit: '/api/v1/organizations/org_1',
} as const;

// CONNECT never reaches a route (Node hands it to the 'connect' event); HEAD has no body to compare.
const OTHER_METHODS = METHODS.filter((m) => !['CONNECT', 'HEAD', 'PATCH', 'PUT', 'GET', 'DELETE'].includes(m));

describe('a served path with any method it does not serve', () => {
  const make = useApp();

  for (const [vendor, path] of Object.entries(UPDATE_PATHS)) {
    it(`${vendor}: every method the router knows is answered as POST is, and journaled with a reason`, async () => {
      const { app, call } = await make();
      const post = await call({ method: 'POST', url: path });
      expect(post.statusCode).toBeGreaterThanOrEqual(404);
      // Express-style texts name the method: the rest of the answer is the same.
      const as = (method: string, text: string) => text.replaceAll('POST', method);
      for (const method of OTHER_METHODS) {
        app.orgmock.journal.clear();
        const res = await call({ method: method as 'POST', url: path });
        expect({ method, status: res.statusCode, allow: res.headers.allow, body: res.body }).toEqual({
          method,
          status: post.statusCode,
          allow: post.headers.allow,
          body: as(method, post.body),
        });
        const [entry, ...more] = app.orgmock.journal.list({});
        expect(more).toEqual([]);
        expect(entry).toMatchObject({ vendor, method, status: post.statusCode });
        expect(entry?.reason).toMatch(new RegExp(`(not ${method}|no route ${method} .*)$`));
      }
    });
  }

  it('HEAD on a path that serves no GET is the 405 without a body', async () => {
    const { call } = await make();
    const res = await call({ method: 'HEAD', url: UPDATE_PATHS.junction });
    expect([res.statusCode, res.headers.allow, res.body]).toEqual([405, 'PATCH', '']);
  });
});

describe('a path under a vendor prefix that no route serves', () => {
  const make = useApp();

  it("is the vendor's 404, journaled with the method and path it asked for", async () => {
    const { app, call } = await make();
    const res = await call({ method: 'PATCH', url: '/v1/org/8f1b2c3d/members?x=1' });
    expect([res.statusCode, res.json()]).toEqual([404, { detail: 'Not Found' }]);
    const entries = app.orgmock.journal.list({});
    expect(entries.map((e) => [e.vendor, e.method, e.path, e.status, e.reason])).toEqual([
      [
        'junction',
        'PATCH',
        '/v1/org/8f1b2c3d/members?x=1',
        404,
        'Junction (ex-Vital) Management API serves no route PATCH /v1/org/8f1b2c3d/members',
      ],
    ]);
  });

  it('a redirect of the router (trailing slash) is journaled too', async () => {
    const { app, call } = await make();
    const res = await call({ method: 'PATCH', url: `${UPDATE_PATHS.junction}/`, headers: { host: 'localhost' } });
    expect([res.statusCode, res.headers.location]).toEqual([307, `http://localhost${UPDATE_PATHS.junction}`]);
    expect(app.orgmock.journal.list({}).map((e) => [e.vendor, e.status])).toEqual([['junction', 307]]);
  });

  it('paths of no vendor are not journaled', async () => {
    const { app, call } = await make();
    const res = await call({ method: 'GET', url: '/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(app.orgmock.journal.list({})).toEqual([]);
  });
});

describe('a shared prefix: whose answer a method one vendor serves there is', () => {
  const make = useApp();
  const GMI_UNDER_BASE = '/api/v1/organizations/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';

  it("GET and DELETE on a UUID id are GMI Cloud's 405, though Scalekit serves both for its own ids", async () => {
    const { app, call } = await make();
    for (const [method, url] of [
      ['GET', GMI_UNDER_BASE],
      ['DELETE', GMI_UNDER_BASE],
      ['GET', `${GMI_UNDER_BASE}?view=full`],
    ] as const) {
      app.orgmock.journal.clear();
      const res = await call({ method, url });
      expect([method, res.statusCode, res.headers.allow, res.json()]).toEqual([
        method,
        405,
        'PATCH',
        { group: 'request', code: 405, message: '405 method not allowed' },
      ]);
      expect(app.orgmock.journal.list({}).map((e) => [e.vendor, e.status])).toEqual([['gmicloud', 405]]);
    }
    const scalekit = await call({ method: 'GET', url: '/api/v1/organizations/org_1' });
    expect(scalekit.statusCode).toBe(401);
  });
});

describe('OPTIONS without a preflight, with a JSON content type and no body', () => {
  const make = useApp();

  it("is still the vendor's answer for the method, never Fastify's body error", async () => {
    const { call } = await make();
    const res = await call({
      method: 'OPTIONS',
      url: UPDATE_PATHS.junction,
      headers: { 'content-type': 'application/json' },
    });
    expect([res.statusCode, res.headers.allow, res.json()]).toEqual([405, 'PATCH', { detail: 'Method Not Allowed' }]);
    const transmit = await call({
      method: 'OPTIONS',
      url: `${UPDATE_PATHS.transmit}/`,
      headers: { 'content-type': 'application/json' },
    });
    expect([transmit.statusCode, transmit.json()]).toEqual([
      404,
      { message: `Cannot OPTIONS ${UPDATE_PATHS.transmit}/`, error_code: 404 },
    ]);
  });
});
