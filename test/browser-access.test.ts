import { describe, expect, it } from 'vitest';
import { AccessPolicy } from '../src/http/access-policy.js';
import { readConfig } from '../src/config.js';
import { answer, useApp } from './helpers.js';

const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const junctionPatch = (headers: Record<string, string>) => ({
  method: 'PATCH' as const,
  url: `/v1/org/${ACME}`,
  headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json', ...headers },
  payload: '{"name":"Changed"}',
});

describe('Host check (DNS rebinding)', () => {
  const make = useApp();

  it('answers localhost, *.localhost, IP addresses; refuses any other name on every route', async () => {
    const { call, app } = await make();
    for (const host of [
      'localhost',
      'localhost:4545',
      'app.localhost:4545',
      '127.0.0.1:4545',
      '[::1]:4545',
      '10.0.0.7',
    ]) {
      const res = await call({ method: 'GET', url: '/__admin/state', headers: { host } });
      expect({ host, status: res.statusCode }).toEqual({ host, status: 200 });
    }
    for (const host of ['evil.example:4545', 'evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', 'orgmock']) {
      const admin = answer(await call({ method: 'GET', url: '/__admin/state', headers: { host } }));
      expect(admin.status).toBe(403);
      expect(admin.body).toMatchObject({ statusCode: 403, code: 'ORGMOCK_HOST_NOT_ALLOWED', error: 'Forbidden' });
      for (const req of [
        { method: 'POST' as const, url: '/__admin/reset' },
        { method: 'POST' as const, url: '/__admin/tokens', payload: { vendor: 'junction', identity: ACME } },
        { method: 'GET' as const, url: '/__admin/requests' },
        { method: 'GET' as const, url: '/nope' },
      ]) {
        expect((await call({ ...req, headers: { host } })).statusCode, `${host} ${req.url}`).toBe(403);
      }
      // A vendor route: one plain line, and nothing written.
      const vendor = await call({ ...junctionPatch({ host }) });
      expect(vendor.statusCode).toBe(403);
      expect(vendor.headers['content-type']).toMatch(/^text\/plain/);
      expect(vendor.body).toMatch(/^Blocked request: host ".*" is not allowed; add it with --allowed-hosts/);
      expect(vendor.body).not.toContain('\n');
    }
    expect(app.orgmock.store.getOrg('junction', '', ACME)).toMatchObject({ name: 'Acme Health' });
  });

  it('answers the configured --host and the names added, with .name for subdomains; true answers any', async () => {
    const { call } = await make({ host: 'devbox.lan', allowedHosts: ['orgmock', '.corp.test', '*.wild.test'] });
    for (const host of [
      'devbox.lan:4545',
      'orgmock:4545',
      'ORGMOCK:4545',
      'corp.test',
      'a.b.corp.test',
      'x.wild.test',
    ]) {
      expect((await call({ method: 'GET', url: '/__admin/health', headers: { host } })).statusCode, host).toBe(200);
    }
    for (const host of ['evil.example', 'corp.test.evil.example', 'notcorp.test']) {
      expect((await call({ method: 'GET', url: '/__admin/health', headers: { host } })).statusCode, host).toBe(403);
    }
    const any = await make({ allowedHosts: true });
    expect(
      (await any.call({ method: 'GET', url: '/__admin/health', headers: { host: 'evil.example' } })).statusCode,
    ).toBe(200);
  });

  it('binding 0.0.0.0 adds no name: the wildcard address is not a host', () => {
    const policy = new AccessPolicy({ host: '0.0.0.0' });
    expect(policy.hostAllowed('0.0.0.0:4545')).toBe(true); // an IP, as any
    expect(policy.hostAllowed('evil.example')).toBe(false);
  });
});

describe('CORS by allow-list', () => {
  const make = useApp();

  const preflight = (origin: string, url = `/v1/org/${ACME}`) => ({
    method: 'OPTIONS' as const,
    url,
    headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'x-management-key' },
  });

  it('loopback pages on any port, http or https, get CORS with credentials; others, and null, get none', async () => {
    const { call } = await make();
    for (const origin of [
      'http://localhost:3000',
      'https://localhost:5173',
      'http://app.localhost',
      'http://127.0.0.1:8080',
      'http://[::1]:3000',
    ]) {
      const pre = await call(preflight(origin));
      expect({ origin, status: pre.statusCode }).toEqual({ origin, status: 204 });
      expect(pre.headers['access-control-allow-origin']).toBe(origin);
      expect(pre.headers['access-control-allow-credentials']).toBe('true');
      expect(String(pre.headers['access-control-allow-headers'])).toMatch(/X-Management-Key/);
      expect(String(pre.headers['access-control-allow-methods'])).toMatch(/PATCH/);
      const res = await call(junctionPatch({ origin }));
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(res.headers.vary).toMatch(/Origin/);
    }
    for (const origin of [
      'https://evil.example',
      'null',
      'http://localhost.evil.example',
      'http://127.0.0.1.evil.example',
      'file://',
      'http://10.0.0.7:3000',
    ]) {
      const pre = await call(preflight(origin));
      expect(pre.headers['access-control-allow-origin'], origin).toBeUndefined();
      const res = await call(junctionPatch({ origin }));
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(res.headers['access-control-allow-credentials'], origin).toBeUndefined();
    }
  });

  it('--cors-origins adds exact origins and * patterns; * never admits null', async () => {
    const { call } = await make({ corsOrigins: ['http://app.test:3000', 'https://*.corp.test'] });
    const ok = async (origin: string) =>
      (await call(preflight(origin))).headers['access-control-allow-origin'] === origin;
    expect(await ok('http://app.test:3000')).toBe(true);
    expect(await ok('https://a.corp.test')).toBe(true);
    expect(await ok('http://app.test:3001')).toBe(false);
    expect(await ok('http://a.corp.test')).toBe(false);
    expect(await ok('https://a.corp.test.evil.example')).toBe(false);
    const star = await make({ corsOrigins: ['*'] });
    expect((await star.call(preflight('https://anything.example'))).headers['access-control-allow-origin']).toBe(
      'https://anything.example',
    );
    expect((await star.call(preflight('null'))).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('requests without Origin (curl, SDKs) get no CORS headers', async () => {
    const { call } = await make();
    const res = await call(junctionPatch({}));
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
  });

  it('an OPTIONS request that is no preflight gets the vendor answer for an unknown method', async () => {
    const { call } = await make();
    // Starlette: 405 with Allow (test/decoded-paths.test.ts).
    expect(answer(await call({ method: 'OPTIONS', url: `/v1/org/${ACME}` }))).toEqual({
      status: 405,
      body: { detail: 'Method Not Allowed' },
    });
  });
});

describe('/__admin refuses foreign pages before any handler', () => {
  const make = useApp();

  it('a foreign Origin, or null, is a 403 for every admin route and method, and nothing changes', async () => {
    const { call, app } = await make();
    await call(junctionPatch({}));
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
      for (const req of [
        { method: 'POST' as const, url: '/__admin/reset', headers: { 'content-type': 'text/plain' }, payload: 'x' },
        { method: 'POST' as const, url: '/__admin/tokens', payload: { vendor: 'junction', identity: ACME } },
        { method: 'POST' as const, url: '/__admin/faults', payload: { vendor: 'junction', delayMs: 600000 } },
        { method: 'DELETE' as const, url: '/__admin/requests' },
        { method: 'GET' as const, url: '/__admin/state' },
        { method: 'GET' as const, url: '/__admin/requests' },
        { method: 'GET' as const, url: '/__admin/openapi.json' },
        { method: 'OPTIONS' as const, url: '/__admin/reset', headers: { 'access-control-request-method': 'POST' } },
      ]) {
        const res = answer(await call({ ...req, headers: { ...req.headers, origin } }));
        expect({ origin, url: req.url, method: req.method, status: res.status }).toEqual({
          origin,
          url: req.url,
          method: req.method,
          status: 403,
        });
        expect(res.body).toMatchObject({ code: 'ORGMOCK_ORIGIN_NOT_ALLOWED' });
      }
    }
    expect(app.orgmock.store.getOrg('junction', '', ACME)).toMatchObject({ name: 'Changed' });
    expect(app.orgmock.faults.list()).toEqual([]);
    expect(app.orgmock.journal.size).toBe(1);
  });

  it('without Origin (curl) and from loopback pages it works; a page served by orgmock under an allowed name too', async () => {
    const { call } = await make({ allowedHosts: ['orgmock'] });
    expect((await call({ method: 'POST', url: '/__admin/reset' })).statusCode).toBe(200);
    const local = await call({ method: 'POST', url: '/__admin/reset', headers: { origin: 'http://localhost:4545' } });
    expect(local.statusCode).toBe(200);
    expect(local.headers['access-control-allow-origin']).toBe('http://localhost:4545');
    const same = await call({
      method: 'POST',
      url: '/__admin/reset',
      headers: { origin: 'http://orgmock:4545', host: 'orgmock:4545' },
    });
    expect(same.statusCode).toBe(200);
    // The same-origin rule needs the Host allowed by name: `allowedHosts: true` does not make every page same-origin.
    const any = await make({ allowedHosts: true });
    const rebound = await any.call({
      method: 'POST',
      url: '/__admin/reset',
      headers: { origin: 'http://evil.example:4545', host: 'evil.example:4545' },
    });
    expect(rebound.statusCode).toBe(403);
  });
});

describe('CLI options', () => {
  it('--allowed-hosts / ORGMOCK_ALLOWED_HOSTS and --cors-origins / ORGMOCK_CORS_ORIGINS, flags winning', () => {
    expect(readConfig([], {})).toMatchObject({ allowedHosts: [], corsOrigins: [] });
    expect(
      readConfig([], { ORGMOCK_ALLOWED_HOSTS: 'orgmock, .corp.test', ORGMOCK_CORS_ORIGINS: 'http://a.test:1' }),
    ).toMatchObject({
      allowedHosts: ['orgmock', '.corp.test'],
      corsOrigins: ['http://a.test:1'],
    });
    expect(
      readConfig(['--allowed-hosts', 'x.test', '--cors-origins', 'https://*.b.test'], {
        ORGMOCK_ALLOWED_HOSTS: 'orgmock',
      }),
    ).toMatchObject({ allowedHosts: ['x.test'], corsOrigins: ['https://*.b.test'] });
    expect(readConfig(['--allowed-hosts', 'all'], {})).toMatchObject({ allowedHosts: true });
  });
});
