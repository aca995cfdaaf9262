/**
 * Routing on the path as the vendor's server decodes it.
 *
 * Junction: uvicorn hands Starlette `urllib.parse.unquote(raw_path)`
 * (uvicorn/protocols/http/h11_impl.py line 198, e6c7ce7): `%2F` is a slash,
 * `%FF` is U+FFFD (`errors='replace'`), `%ZZ` and a lone `%` stay as they are.
 * Starlette's `{org_id}` matches `[^/]+` (starlette/convertors.py
 * StringConvertor), so whatever is left reaches the uuid parser (422).
 *
 * GMI: gin routes on Go's `URL.Path` (gin.go `handleHTTPRequest`, gin
 * dcaa429 lines 690-700, UseRawPath false by default): `%2F` is a slash (404),
 * `%FF` one byte that reaches `uuid.Parse`, and a bad escape never gets that far:
 * `url.ParseRequestURI` fails in `readRequest` (Go 1.19.8 net/http/request.go
 * lines 1073-1075) and the server answers its plain 400 (server.go 1956-1957).
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { useApp } from './helpers.js';
import { startOrgMock } from '../src/harness.js';

const JUNCTION_ORG = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const GMI_ORG = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
const KEY = { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' };

describe('Junction: Starlette behind uvicorn', () => {
  const makeApp = useApp();
  const patch = async (call: Awaited<ReturnType<typeof makeApp>>['call'], path: string) =>
    call({ method: 'PATCH', url: path, headers: KEY, payload: '{"name":"x"}' });

  it('%2F in the id is a slash: no route, 404 {"detail":"Not Found"}', async () => {
    const { call } = await makeApp();
    const res = await patch(call, `/v1/org/${JUNCTION_ORG.slice(0, 8)}%2F${JUNCTION_ORG.slice(9)}`);
    expect([res.statusCode, res.json()]).toEqual([404, { detail: 'Not Found' }]);
  });

  it('an empty id is no route either: 404', async () => {
    const { call } = await makeApp();
    const res = await patch(call, '/v1/org/');
    expect([res.statusCode, res.json()]).toEqual([404, { detail: 'Not Found' }]);
  });

  for (const [sent, input] of [
    ['%FF', '\ufffd'],
    ['%ff%fe', '\ufffd\ufffd'],
    ['%ZZ', '%ZZ'],
    ['%', '%'],
    ['abc%', 'abc%'],
    ['%E2%82%AC', '€'],
    ['%25', '%'],
  ] as const) {
    it(`${sent} reaches the uuid parser as ${JSON.stringify(input)}: 422 uuid_parsing`, async () => {
      const { call } = await makeApp();
      const res = await patch(call, `/v1/org/${sent}`);
      expect(res.statusCode).toBe(422);
      const [error] = res.json().detail;
      expect(error).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'org_id'], input });
    });
  }

  it('a valid id written with escapes is the same id', async () => {
    const { call } = await makeApp();
    const res = await patch(call, `/v1/org/${JUNCTION_ORG.replace('-', '%2d')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(JUNCTION_ORG);
  });

  it('a trailing slash (or several) is a 307 to the absolute URL without them, query kept, any method (redirect_slashes)', async () => {
    const { call } = await makeApp();
    for (const [method, url, location] of [
      ['PATCH', `/v1/org/${JUNCTION_ORG}/`, `http://localhost:4545/v1/org/${JUNCTION_ORG}`],
      ['GET', `/v1/org/${JUNCTION_ORG}//?a=1`, `http://localhost:4545/v1/org/${JUNCTION_ORG}?a=1`],
      ['PATCH', '/v1/org/abc%2F', 'http://localhost:4545/v1/org/abc'],
    ] as const) {
      const res = await call({
        method,
        url,
        headers: { ...KEY, host: 'localhost:4545' },
        payload: method === 'GET' ? undefined : '{}',
      });
      expect([url, res.statusCode, res.headers.location, res.body]).toEqual([url, 307, location, '']);
    }
  });

  it('OPTIONS without CORS headers (no Origin) is 405 with Allow: PATCH', async () => {
    const { call } = await makeApp();
    const res = await call({ method: 'OPTIONS', url: `/v1/org/${JUNCTION_ORG}` });
    expect([res.statusCode, res.headers.allow, res.json()]).toEqual([405, 'PATCH', { detail: 'Method Not Allowed' }]);
  });

  it('a preflight (Origin and Access-Control-Request-Method) is still answered by CORS', async () => {
    const { call } = await makeApp();
    const res = await call({
      method: 'OPTIONS',
      url: `/v1/org/${JUNCTION_ORG}`,
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'PATCH' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-methods']).toContain('PATCH');
  });

  it('the journal shows the path as sent', async () => {
    const { call, app } = await makeApp();
    await patch(call, '/v1/org/%ZZ');
    expect(app.orgmock.journal.list({}).map((e) => e.path)).toEqual(['/v1/org/%ZZ']);
  });
});

describe('GMI: gin on Go’s URL.Path', () => {
  const makeApp = useApp();
  const owner = async (app: Awaited<ReturnType<typeof makeApp>>['app']) => {
    const res = await app.inject({
      method: 'POST',
      url: '/__admin/tokens',
      payload: { vendor: 'gmicloud', identity: 'owner@gmi.example' },
    });
    return res.json().headers as Record<string, string>;
  };

  it('%2F in the id is a slash: 404 page not found', async () => {
    const { app, call } = await makeApp();
    const res = await call({
      method: 'PATCH',
      url: `/organizations/${GMI_ORG.slice(0, 8)}%2F${GMI_ORG.slice(9)}`,
      headers: await owner(app),
      payload: '{"name":"x"}',
    });
    expect([res.statusCode, res.json()]).toEqual([404, { group: 'request', code: 404, message: '404 page not found' }]);
  });

  it('an empty id: 404 page not found', async () => {
    const { call } = await makeApp();
    for (const url of ['/organizations/']) {
      const res = await call({ method: 'PATCH', url, payload: '{"name":"x"}' });
      expect([url, res.statusCode]).toEqual([url, 404]);
    }
  });

  it('one trailing slash is a 307 to the path without it when PATCH is served there (RedirectTrailingSlash); two are a 404', async () => {
    const { call } = await makeApp();
    for (const [url, status, location] of [
      [`/organizations/${GMI_ORG}/`, 307, `/organizations/${GMI_ORG}`],
      [`/api/v1/organizations/${GMI_ORG}/?x=1`, 307, `/api/v1/organizations/${GMI_ORG}?x=1`],
      ['/organizations/%FFabc/', 307, '/organizations/%FFabc'],
      ['/me/sessions/', 307, '/me/sessions'],
      [`/organizations/${GMI_ORG}//`, 404, undefined],
    ] as const) {
      const res = await call({ method: 'PATCH', url, payload: '{}' });
      expect([url, res.statusCode, res.headers.location]).toEqual([url, status, location]);
    }
    // POST is not served at /organizations/:orgId: no redirect, and no 405 for a path no tree has.
    const post = await call({ method: 'POST', url: `/organizations/${GMI_ORG}/`, payload: '{}' });
    expect(post.statusCode).toBe(404);
  });

  it('OPTIONS is 405 with the methods the path serves (HandleMethodNotAllowed)', async () => {
    const { call } = await makeApp();
    const org = await call({ method: 'OPTIONS', url: `/organizations/${GMI_ORG}` });
    expect([org.statusCode, org.headers.allow, org.json()]).toEqual([
      405,
      'PATCH',
      { group: 'request', code: 405, message: '405 method not allowed' },
    ]);
    const sessions = await call({ method: 'OPTIONS', url: '/me/sessions' });
    expect([sessions.statusCode, sessions.headers.allow]).toEqual([405, 'POST, PATCH']);
  });

  it('a %FF-wrapped 38-byte id reaches uuid.Parse as bytes, which drops the first and last unchecked: 200', async () => {
    const { app, call } = await makeApp();
    const res = await call({
      method: 'PATCH',
      url: `/organizations/%FF${GMI_ORG}%FF`,
      headers: { ...(await owner(app)), 'content-type': 'application/json' },
      payload: '{"name":"Wrapped"}',
    });
    expect(res.statusCode).toBe(200);
    expect(app.orgmock.journal.list({}).at(-1)!.path).toBe(`/organizations/%FF${GMI_ORG}%FF`);
  });

  it('%FF alone is one byte, written back as U+FFFD by encoding/json: 400 uuid', async () => {
    const { call } = await makeApp();
    const res = await call({ method: 'PATCH', url: '/organizations/%FF', payload: '{"name":"x"}' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      group: 'request',
      code: 0,
      validationDetail: [
        { field: 'orgId', expression: 'uuid', originalValue: '\ufffd', reason: 'Should be a valid UUID.' },
      ],
    });
  });

  it('a bad escape (%zz, a lone %) is Go’s plain 400 before any route, on GMI’s and Scalekit’s paths', async () => {
    const mock = await startOrgMock();
    try {
      for (const path of ['/organizations/%zz', '/organizations/abc%', '/api/v1/organizations/org_1%zz']) {
        const text = await new Promise<string>((resolve, reject) => {
          const socket = net.connect(mock.port, '127.0.0.1', () =>
            socket.write(`PATCH ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}`),
          );
          let out = '';
          socket.on('data', (d) => {
            out += d;
          });
          socket.on('error', reject);
          socket.on('close', () => resolve(out));
        });
        expect([path, text]).toEqual([
          path,
          'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request',
        ]);
      }
      expect(mock.requests().map((e) => [e.vendor, e.status])).toEqual([
        ['gmicloud', 400],
        ['gmicloud', 400],
        ['scalekit', 400],
      ]);
    } finally {
      await mock.close();
    }
  });
});
