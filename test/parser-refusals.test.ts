/**
 * Requests Node's HTTP parser refuses, on each vendor's paths, answered as the
 * vendor's own server answers them (src/server/http-stacks.ts):
 *
 * - Node (Transmit on NestJS/Express; Razi): `lib/_http_server.js`
 *   `badRequestResponse` / `requestHeaderFieldsTooLargeResponse`, written by
 *   `socketOnError` when no `clientError` listener takes over: a status line
 *   and `Connection: close`, no body.
 * - Go's net/http (GMI's gin, Scalekit's grpc-gateway): `conn.serve`, Go 1.19.8
 *   net/http/server.go lines 1921-1958: `errorHeaders` and the status text as
 *   the body. Any token is a method (request.go line 817 `validMethod`), so a
 *   lower-case one is routed: gin 405s it with HandleMethodNotAllowed
 *   (gin.go `handleHTTPRequest`), grpc-gateway's ServeMux 501s it
 *   (runtime/mux.go, `http.StatusMethodNotAllowed` → codes.Unimplemented).
 * - uvicorn with h11 (Junction): h11 takes any token as a method
 *   (h11/_abnf.py `method = token`); Starlette's Route answers 405 with `Allow`
 *   for a method it lacks (starlette/routing.py `Route.handle`). What h11
 *   refuses gets uvicorn's `send_400_response` (h11_impl.py lines 178-182,
 *   291-306): "Invalid HTTP request received.", no framing header, closed.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { OrgMock } from '../src/harness.js';
import { useServer } from './helpers.js';
import { NODE_MAX_HEADER_BYTES } from '../src/server/http-stacks.js';

const JUNCTION_ORG = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const GMI_ORG = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
const SCALEKIT_ORG = 'org_2123312131125533';
const RAZI_ORG = '281185056586736799';
const TRANSMIT_ORG = 'uovh59ypbxkea4ir9dnqp';

const PATHS = {
  junction: `/v1/org/${JUNCTION_ORG}`,
  gmicloud: `/organizations/${GMI_ORG}`,
  scalekit: `/api/v1/organizations/${SCALEKIT_ORG}`,
  razi: `/v1/authorization/organizations/${RAZI_ORG}`,
  transmit: `/v1/organizations/${TRANSMIT_ORG}`,
} as const;

const NODE_400 = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';
const NODE_431 = 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n';
const GO_400 =
  'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request';
const UVICORN_400 =
  'HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\nInvalid HTTP request received.';

let mock: OrgMock | undefined;
/** The file's one server, put back as the fixtures have it (journal empty) before each test. */
const reset = useServer();

/** Sends bytes, optionally ends the client's side, and collects everything until the server closes. */
function raw(port: number, bytes: string, { endSide = false } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(bytes, 'latin1');
      if (endSide) socket.end();
    });
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      out += d;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(out));
  });
}

function parse(text: string) {
  const at = text.indexOf('\r\n\r\n');
  const head = text.slice(0, at).split('\r\n');
  const headers = new Map(
    head.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  const body = text.slice(at + 4);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { statusLine: head[0], headers, body, json };
}

const request = (method: string, path: string, extra: string[] = [], body = '') =>
  [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...extra, '', body].join('\r\n');

describe('a lower-case method (fetch sends `patch` as written)', () => {
  it('Junction (uvicorn routes it, Starlette has no route for it): 405 {"detail":"Method Not Allowed"}, Allow: PATCH', async () => {
    mock = await reset();
    const res = parse(await raw(mock.port, request('patch', PATHS.junction, ['Content-Length: 2'], '{}')));
    expect(res.statusLine).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(res.headers.get('allow')).toBe('PATCH');
    expect(res.json).toEqual({ detail: 'Method Not Allowed' });
    expect(mock.requests().map((e) => [e.vendor, e.method, e.status])).toEqual([['junction', 'patch', 405]]);
  });

  it('Junction, an unknown path: 404 {"detail":"Not Found"}', async () => {
    mock = await reset();
    const res = parse(await raw(mock.port, request('patch', '/v1/org/a/b/c')));
    expect(res.statusLine).toBe('HTTP/1.1 404 Not Found');
    expect(res.json).toEqual({ detail: 'Not Found' });
  });

  it("GMI (Go routes it; gin's HandleMethodNotAllowed): 405 in its envelope with Allow", async () => {
    mock = await reset();
    for (const path of [PATHS.gmicloud, `/api/v1${PATHS.gmicloud}`]) {
      const res = parse(await raw(mock.port, request('patch', path, ['Content-Length: 2'], '{}')));
      expect(res.statusLine).toBe('HTTP/1.1 405 Method Not Allowed');
      expect(res.headers.get('allow')).toBe('PATCH');
      expect(res.json).toEqual({ group: 'request', code: 405, message: '405 method not allowed' });
    }
  });

  it("Scalekit (grpc-gateway's ServeMux: a path served under another method): 501 code 12", async () => {
    mock = await reset();
    const res = parse(await raw(mock.port, request('patch', PATHS.scalekit, ['Content-Length: 2'], '{}')));
    expect(res.statusLine).toBe('HTTP/1.1 501 Not Implemented');
    expect(res.json).toEqual({ code: 12, message: 'Method Not Allowed', details: [] });
  });

  it('any token Node does not know (FOO) is routed the same way by Go and uvicorn', async () => {
    mock = await reset();
    expect(parse(await raw(mock.port, request('FOO', PATHS.junction))).json).toEqual({ detail: 'Method Not Allowed' });
    expect(parse(await raw(mock.port, request('Patch', PATHS.gmicloud))).json).toEqual({
      group: 'request',
      code: 405,
      message: '405 method not allowed',
    });
  });

  it("Transmit and Razi (Node's own parser): Node's bare 400, no body", async () => {
    mock = await reset();
    expect(await raw(mock.port, request('put', PATHS.transmit, ['Content-Length: 2'], '{}'))).toBe(NODE_400);
    expect(await raw(mock.port, request('patch', PATHS.razi, ['Content-Length: 2'], '{}'))).toBe(NODE_400);
    // Journaled as the vendor's request, with why.
    expect(mock.requests().map((e) => [e.vendor, e.method, e.status, e.responseBody])).toEqual([
      ['transmit', 'put', 400, null],
      ['razi', 'patch', 400, null],
    ]);
    expect(mock.requests()[0]!.reason).toMatch(/HPE_INVALID_METHOD/);
  });

  it('a method that is not even a token: Go and uvicorn refuse it too, each its way', async () => {
    mock = await reset();
    expect(await raw(mock.port, request('PA(CH', PATHS.gmicloud))).toBe(GO_400);
    expect(await raw(mock.port, request('PA(CH', PATHS.junction))).toBe(UVICORN_400);
  });
});

describe('bad bytes in the head', () => {
  for (const [label, line] of [
    ['a control byte in a header value', 'X-Note: a\x01b'],
    ['a space in a header name', 'X Note: b'],
  ] as const) {
    it(`${label}: each vendor's server's own 400`, async () => {
      mock = await reset();
      const port = mock.port;
      expect(await raw(port, request('PATCH', PATHS.junction, [line]))).toBe(UVICORN_400);
      expect(await raw(port, request('PATCH', PATHS.gmicloud, [line]))).toBe(GO_400);
      expect(await raw(port, request('PATCH', PATHS.scalekit, [line]))).toBe(GO_400);
      expect(await raw(port, request('PUT', PATHS.transmit, [line]))).toBe(NODE_400);
      expect(await raw(port, request('PATCH', PATHS.razi, [line]))).toBe(NODE_400);
    });
  }

  it("outside every vendor's paths, Fastify's own answer stays", async () => {
    mock = await reset();
    const res = parse(await raw(mock.port, request('GET', '/__admin/health', ['X-Note: a\x01b'])));
    expect(res.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(res.json).toEqual({ error: 'Bad Request', message: 'Client Error', statusCode: 400 });
  });
});

describe('Content-Length given twice', () => {
  it('with different values: refused by every server, each its way', async () => {
    mock = await reset();
    const cl = ['Content-Length: 2', 'Content-Length: 3'];
    expect(await raw(mock.port, request('PATCH', PATHS.junction, cl, '{}'))).toBe(UVICORN_400);
    expect(await raw(mock.port, request('PATCH', PATHS.gmicloud, cl, '{}'))).toBe(GO_400);
    expect(await raw(mock.port, request('PUT', PATHS.transmit, cl, '{}'))).toBe(NODE_400);
  });

  it('with the same value: Go (transfer.go fixLength) and h11 keep one and serve the request; Node refuses', async () => {
    mock = await reset();
    const body = '{"name":"Twice"}';
    const cl = [`Content-Length: ${body.length}`, `Content-Length: ${body.length}`, 'Content-Type: application/json'];
    const junction = parse(
      await raw(mock.port, request('PATCH', PATHS.junction, [...cl, 'X-Management-Key: mk_test_acme_health'], body)),
    );
    expect(junction.statusLine).toBe('HTTP/1.1 200 OK');
    expect(junction.json).toEqual({ id: JUNCTION_ORG, name: 'Twice', expires_at: null });

    const { headers } = await mock.mintToken('gmicloud', 'owner@gmi.example');
    const gmi = parse(
      await raw(mock.port, request('PATCH', PATHS.gmicloud, [...cl, `Authorization: ${headers.authorization}`], body)),
    );
    expect(gmi.statusLine).toBe('HTTP/1.1 200 OK');
    expect((await mock.app.inject({ url: '/__admin/state/gmicloud' })).body).toContain('"Twice"');

    expect(await raw(mock.port, request('PUT', PATHS.transmit, cl, body))).toBe(NODE_400);
  });

  it('with the same value and a body that arrives after the head: answered once the body is complete', async () => {
    mock = await reset();
    const body = '{"name":"Later"}';
    const port = mock.port;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          request('PATCH', PATHS.junction, [
            `Content-Length: ${body.length}`,
            `Content-Length: ${body.length}`,
            'X-Management-Key: mk_test_acme_health',
          ]),
        );
        setTimeout(() => socket.write(body.slice(0, 5)), 50);
        setTimeout(() => socket.write(body.slice(5)), 100);
      });
      let out = '';
      socket.on('data', (d) => {
        out += d;
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(out));
    });
    expect(parse(text).json).toEqual({ id: JUNCTION_ORG, name: 'Later', expires_at: null });
  });
});

describe('a body shorter than its Content-Length (the client ends its side early)', () => {
  it("GMI: Go's reader says `unexpected EOF`, in GMI's envelope, after the path and token checks", async () => {
    mock = await reset();
    const { headers } = await mock.mintToken('gmicloud', 'owner@gmi.example');
    const auth = `Authorization: ${headers.authorization}`;
    const cut = parse(
      await raw(mock.port, request('PATCH', PATHS.gmicloud, [auth, 'Content-Length: 100'], '{"name":"x'), {
        endSide: true,
      }),
    );
    expect(cut.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(cut.headers.get('connection')).toBe('close');
    expect(cut.json).toEqual({ group: 'request', code: 0, traces: ['unexpected EOF'] });

    // Nothing at all came: still unexpected EOF, not "the request body is required" (io.EOF).
    const none = parse(
      await raw(mock.port, request('PATCH', PATHS.gmicloud, [auth, 'Content-Length: 100']), { endSide: true }),
    );
    expect(none.json).toEqual({ group: 'request', code: 0, traces: ['unexpected EOF'] });

    // The Decoder reads only the first value: a complete one binds.
    const whole = parse(
      await raw(mock.port, request('PATCH', PATHS.gmicloud, [auth, 'Content-Length: 100'], '{"name":"Cut"}  '), {
        endSide: true,
      }),
    );
    expect(whole.statusLine).toBe('HTTP/1.1 200 OK');

    // The token is checked before the body is read.
    const anonymous = parse(
      await raw(mock.port, request('PATCH', PATHS.gmicloud, ['Content-Length: 100'], '{"na'), { endSide: true }),
    );
    expect(anonymous.json).toEqual({ group: 'auth', code: 2, message: 'The access token is required.' });
  });

  it("Scalekit: the gateway reads the whole body first: 400 code 3 'unexpected EOF', before the token", async () => {
    mock = await reset();
    const res = parse(
      await raw(mock.port, request('PATCH', PATHS.scalekit, ['Content-Length: 100'], '{"display_name":"x"}'), {
        endSide: true,
      }),
    );
    expect(res.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(res.json).toMatchObject({ code: 3, message: 'unexpected EOF' });
  });

  it("Transmit and Razi: Node's bare 400", async () => {
    mock = await reset();
    for (const path of [PATHS.transmit, PATHS.razi]) {
      const method = path === PATHS.transmit ? 'PUT' : 'PATCH';
      expect(
        await raw(mock.port, request(method, path, ['Content-Length: 100', 'Content-Type: application/json'], '{"a'), {
          endSide: true,
        }),
      ).toBe(NODE_400);
    }
  });

  it("Junction: uvicorn closes the connection without an answer (asyncio's eof_received returns None)", async () => {
    mock = await reset();
    expect(
      await raw(mock.port, request('PATCH', PATHS.junction, ['Content-Length: 100'], '{"name":"x"}'), {
        endSide: true,
      }),
    ).toBe('');
  });
});

describe('a head over a server’s limit', () => {
  const longPath = (base: string, total: number) => `${base}${'a'.repeat(total - base.length)}`;

  it("Node vendors: Node's 431 from 16 KiB (target + names + values), to the byte", async () => {
    mock = await reset();
    // Host: 127.0.0.1 is 4 + 9 bytes, Connection: close 10 + 5.
    const fits = longPath('/v1/organizations/', NODE_MAX_HEADER_BYTES - 29);
    const over = longPath('/v1/organizations/', NODE_MAX_HEADER_BYTES - 28);
    expect(parse(await raw(mock.port, request('PUT', fits, ['Connection: close']))).statusLine).not.toMatch(/431/);
    expect(await raw(mock.port, request('PUT', over, ['Connection: close']))).toBe(NODE_431);
  });

  it('Go vendors read up to 1 MiB of head: a 20 KiB id reaches the handler', async () => {
    mock = await reset();
    const id = 'a'.repeat(20 * 1024);
    const res = parse(await raw(mock.port, request('PATCH', `/organizations/${id}`, ['Connection: close'])));
    expect(res.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(res.json).toMatchObject({ group: 'request', code: 0, validationDetail: [{ field: 'orgId' }] });
  });

  it('over Go’s 1 MiB + 4096: Go’s 431 text, uvicorn’s 400', async () => {
    mock = await reset();
    const huge = 'a'.repeat((1 << 20) + 5000);
    expect(await raw(mock.port, request('PATCH', `/organizations/${huge}`))).toBe(
      'HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n431 Request Header Fields Too Large',
    );
    expect(await raw(mock.port, request('PATCH', `/v1/org/${huge}`))).toBe(UVICORN_400);
  });
});
