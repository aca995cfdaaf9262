import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startOrgMock, type OrgMock } from '../../src/index.js';
import { useApp } from '../helpers.js';
import { dumpStore } from './invariants.js';
import { FORM_TYPE, JSON_TYPE, JUNCTION, RAZI, SCALEKIT, TRANSMIT, type Vendor } from './vendors.js';

const MiB = 1024 * 1024;
const ERROR_INFO = 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo';

const TOO_LARGE = {
  junction: { detail: 'Request Entity Too Large' },
  scalekit: {
    code: 3,
    message: 'http: request body too large',
    details: [{ '@type': ERROR_INFO, error_code: 'INVALID_ARGUMENT' }],
  },
  scalekitOAuth: { error: 'invalid_request', error_description: 'request body too large' },
  gmicloud: { group: 'request', code: 413, message: 'http: request body too large' },
  razi: { message: 'Request body is too large' },
  transmit: { message: 'request entity too large', error_code: 413 },
  transmitOAuth: { error: 'invalid_request', error_description: 'request entity too large' },
};

/** Every route that reads a body, with the 413 its vendor answers. */
const ROUTES: {
  vendor: Vendor;
  method: 'PATCH' | 'PUT' | 'POST';
  url: string;
  type: Record<string, string>;
  body: unknown;
}[] = [
  { vendor: 'junction', method: 'PATCH', url: `/v1/org/${JUNCTION.acme}`, type: JSON_TYPE, body: TOO_LARGE.junction },
  {
    vendor: 'scalekit',
    method: 'PATCH',
    url: `/api/v1/organizations/${SCALEKIT.acme}`,
    type: JSON_TYPE,
    body: TOO_LARGE.scalekit,
  },
  { vendor: 'scalekit', method: 'POST', url: '/oauth/token', type: FORM_TYPE, body: TOO_LARGE.scalekitOAuth },
  // PATCH /organizations/:orgId checks the token before it reads the body (Go's MaxBytesReader refuses only
  // what is read): see test/gmicloud/update-organization.test.ts for its 413.
  { vendor: 'gmicloud', method: 'POST', url: '/me/auth-tokens', type: JSON_TYPE, body: TOO_LARGE.gmicloud },
  { vendor: 'gmicloud', method: 'POST', url: '/me/sessions', type: JSON_TYPE, body: TOO_LARGE.gmicloud },
  { vendor: 'gmicloud', method: 'PATCH', url: '/me/sessions', type: JSON_TYPE, body: TOO_LARGE.gmicloud },
  {
    vendor: 'razi',
    method: 'PATCH',
    url: `/v1/authorization/organizations/${RAZI.acme}`,
    type: JSON_TYPE,
    body: TOO_LARGE.razi,
  },
  {
    vendor: 'razi',
    method: 'POST',
    url: '/v1/authentication/machine-users/access-token',
    type: JSON_TYPE,
    body: TOO_LARGE.razi,
  },
  { vendor: 'razi', method: 'POST', url: '/v1/authentication/sessions', type: JSON_TYPE, body: TOO_LARGE.razi },
  { vendor: 'razi', method: 'POST', url: '/v1/authentication/users', type: JSON_TYPE, body: TOO_LARGE.razi },
  {
    vendor: 'transmit',
    method: 'PUT',
    url: `/v1/organizations/${TRANSMIT.acme}`,
    type: JSON_TYPE,
    body: TOO_LARGE.transmit,
  },
  {
    vendor: 'transmit',
    method: 'PUT',
    url: `/cis/v1/organizations/${TRANSMIT.acme}`,
    type: JSON_TYPE,
    body: TOO_LARGE.transmit,
  },
  { vendor: 'transmit', method: 'POST', url: '/oidc/token', type: FORM_TYPE, body: TOO_LARGE.transmitOAuth },
  { vendor: 'transmit', method: 'POST', url: '/cis/oidc/token', type: FORM_TYPE, body: TOO_LARGE.transmitOAuth },
];

/** `{"name": "x"}` padded with JSON whitespace to exactly `size` bytes: valid, and as large as wanted. */
const padded = (body: object, size: number) => {
  const text = JSON.stringify(body);
  return `${text.slice(0, -1) + ' '.repeat(size - text.length)}}`;
};

describe('body size limits', () => {
  const make = useApp();

  it.each(ROUTES)(
    "1 MiB + 1 byte to $method $url is a 413 in $vendor's format, and writes nothing",
    async ({ method, url, type, body }) => {
      const { app, call } = await make();
      const before = dumpStore(app);
      const res = await call({ method, url, headers: type, payload: Buffer.alloc(MiB + 1, 0x20) });
      expect({ status: res.statusCode, type: res.headers['content-type'], body: res.json() }).toEqual({
        status: 413,
        type: 'application/json; charset=utf-8',
        body,
      });
      expect(dumpStore(app)).toBe(before);
    },
  );

  it('exactly 1 MiB is read (Junction renames Acme)', async () => {
    const { call } = await make();
    const res = await call({
      method: 'PATCH',
      url: `/v1/org/${JUNCTION.acme}`,
      headers: { ...JSON_TYPE, 'x-management-key': JUNCTION.acmeKey },
      payload: padded({ name: 'Padded' }, MiB),
    });
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 200,
      body: { id: JUNCTION.acme, name: 'Padded', expires_at: null },
    });
  });

  it("Transmit's body-parser limit is 100 KB: one byte more is its 413, before the token is even read", async () => {
    const { app, call } = await make();
    const before = dumpStore(app);
    const over = await call({
      method: 'PUT',
      url: `/v1/organizations/${TRANSMIT.acme}`,
      headers: JSON_TYPE,
      payload: padded({ name: 'Big' }, 100 * 1024 + 1),
    });
    expect({ status: over.statusCode, body: over.json() }).toEqual({ status: 413, body: TOO_LARGE.transmit });
    expect(dumpStore(app)).toBe(before);
    const token = (
      await call({
        method: 'POST',
        url: '/oidc/token',
        headers: FORM_TYPE,
        payload: new URLSearchParams({ ...TRANSMIT.admin, grant_type: 'client_credentials' }).toString(),
      })
    ).json().access_token;
    const at = await call({
      method: 'PUT',
      url: `/v1/organizations/${TRANSMIT.acme}`,
      headers: { ...JSON_TYPE, authorization: `Bearer ${token}` },
      payload: padded({ name: 'Big' }, 100 * 1024),
    });
    expect(at.statusCode).toBe(200);
    expect(at.json().result.name).toBe('Big');
  });
});

describe('limits over real sockets', () => {
  let mock: OrgMock | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });

  it("an oversized body, with a Content-Length or chunked, gets every vendor's 413 and the server goes on serving", async () => {
    mock = await startOrgMock();
    for (const route of ROUTES.filter(
      (r, i) =>
        ROUTES.findIndex((o) => o.vendor === r.vendor) === i || r.url.includes('oidc') || r.url.includes('oauth'),
    )) {
      const declared = await fetch(mock.url + route.url, {
        method: route.method,
        headers: route.type,
        body: Buffer.alloc(MiB + 1, 0x20),
      });
      expect({ status: declared.status, body: await declared.json() }, `${route.url} with Content-Length`).toEqual({
        status: 413,
        body: route.body,
      });
      const chunks = new ReadableStream({
        start(c) {
          for (let i = 0; i < 11; i++) c.enqueue(new Uint8Array(100_000).fill(0x20));
          c.close();
        },
      });
      const chunked = await fetch(mock.url + route.url, {
        method: route.method,
        headers: route.type,
        body: chunks,
        duplex: 'half',
      } as RequestInit);
      expect({ status: chunked.status, body: await chunked.json() }, `${route.url} chunked`).toEqual({
        status: 413,
        body: route.body,
      });
    }
    expect(await (await fetch(`${mock.url}/__admin/health`)).json()).toEqual({ status: 'ok' });
  });

  /*
   * The header timeout (a client that never finishes its headers: 408) and a
   * silent connection are in test/dual-protocol.test.ts. This is the body: a
   * client that sent its headers and then trickles its body is cut off once the
   * request timeout is over. No route has run yet, so the answer is the
   * server's own 408, as a vendor's load balancer would give, not a vendor error.
   */
  it('a client that trickles its body is cut off at the request timeout', async () => {
    mock = await startOrgMock({ requestTimeoutMs: 1000 });
    const started = Date.now();
    const text = await new Promise<string>((resolve) => {
      const socket = net.connect(mock!.port, '127.0.0.1', () => {
        socket.write(
          `PATCH /v1/org/${JUNCTION.acme} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
        );
        const drip = setInterval(() => {
          if (!socket.destroyed) socket.write(' ');
        }, 100);
        socket.on('close', () => clearInterval(drip));
      });
      let out = '';
      socket.on('data', (d) => {
        out += d;
      });
      socket.on('close', () => resolve(out));
      socket.on('error', () => undefined);
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    // The aborted read reaches the vendor's scope as a body error: journaled as Junction's 400 (the client saw the 408).
    // It may be journaled just after the client saw its connection close.
    await mock.waitForRequest({ vendor: 'junction', since: 0 }, { timeoutMs: 5000 });
    expect(mock.requests().map((e) => [e.vendor, e.status, e.responseBody])).toEqual([
      ['junction', 400, { detail: 'There was an error parsing the body' }],
    ]);
  });
});
