import http2 from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { startOrgMock, type OrgMock } from '../src/index.js';

const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

function h2Request(url: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http2.IncomingHttpHeaders }>((resolve, reject) => {
    const session = http2.connect(url);
    session.on('error', reject);
    const req = session.request({
      ':path': path,
      ':method': 'POST',
      'content-type': 'application/grpc',
      te: 'trailers',
      ...headers,
    });
    req.on('response', (h) => {
      resolve({ status: Number(h[':status']), headers: h });
      req.close();
      session.close();
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP/1.1 and cleartext HTTP/2 on one port', () => {
  let mock: OrgMock | undefined;
  afterEach(async () => {
    await mock?.close();
  });

  it('answers HTTP/1.1 and HTTP/2 prior-knowledge connections on the same port, then closes cleanly', async () => {
    mock = await startOrgMock();
    const h1 = await fetch(`${mock.url}/v1/org/${ACME}`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      body: '{"name":"Over h1"}',
    });
    expect(h1.status).toBe(200);
    // No gRPC service at this path: Connect's fallback answers over HTTP/2.
    const h2 = await h2Request(mock.url, '/no.such.Service/Method');
    expect(h2.status).toBe(404);
    const again = await fetch(`${mock.url}/__admin/health`);
    expect(await again.json()).toEqual({ status: 'ok' });
  });

  it('HTTP/2 calls get the same Host check (:authority): PERMISSION_DENIED for a name not allowed', async () => {
    mock = await startOrgMock();
    const refused = await h2Request(mock.url, '/no.such.Service/Method', { ':authority': `evil.example:${mock.port}` });
    expect(refused.status).toBe(200);
    expect(refused.headers['grpc-status']).toBe('7');
    expect(decodeURIComponent(String(refused.headers['grpc-message']))).toMatch(
      /^Blocked request: host "evil.example"/,
    );
    const allowed = await h2Request(mock.url, '/no.such.Service/Method', { ':authority': `localhost:${mock.port}` });
    expect(allowed.status).toBe(404);
  });

  it('a request whose first packet is only "P" is still HTTP/1.1', async () => {
    mock = await startOrgMock();
    const net = await import('node:net');
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(mock!.port, '127.0.0.1', () => {
        socket.write('P');
        setTimeout(
          () =>
            socket.write(
              `ATCH /v1/org/${ACME} HTTP/1.1\r\nHost: localhost\r\nX-Management-Key: mk_test_acme_health\r\nContent-Type: application/json\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{"name":"P"}`,
            ),
          50,
        );
      });
      let out = '';
      socket.on('data', (d) => {
        out += d;
      });
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
    });
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    expect(text).toContain(`{"id":"${ACME}","name":"P","expires_at":null}`);
  });
});

describe('slow clients', () => {
  let mock: OrgMock | undefined;
  afterEach(async () => {
    await mock?.close();
  });

  async function holdOpen(port: number, first: string) {
    const net = await import('node:net');
    return new Promise<{ closedAfterMs: number; text: string }>((resolve) => {
      const started = Date.now();
      let text = '';
      const socket = net.connect(port, '127.0.0.1', () => {
        if (first) socket.write(first);
      });
      socket.on('data', (d) => {
        text += d;
      });
      socket.on('close', () => resolve({ closedAfterMs: Date.now() - started, text }));
      socket.on('error', () => undefined);
    });
  }

  it('a client that never finishes its headers is cut off (408)', async () => {
    mock = await startOrgMock({ headersTimeoutMs: 500 });
    const { closedAfterMs, text } = await holdOpen(mock.port, 'PATCH /v1/org/x HTTP/1.1\r\nHost: localhost\r\n');
    expect(closedAfterMs).toBeLessThan(5000);
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('a client that connects and says nothing is disconnected', async () => {
    mock = await startOrgMock({ headersTimeoutMs: 500 });
    const { closedAfterMs } = await holdOpen(mock.port, '');
    expect(closedAfterMs).toBeLessThan(5000);
  });

  it('a client that closes its side before sending anything is closed at once, not at the deadline', async () => {
    // A browser's preconnect that the browser drops, a port probe.
    mock = await startOrgMock({ headersTimeoutMs: 60_000 });
    const net = await import('node:net');
    const socket = net.connect({ port: mock.port, host: '127.0.0.1', allowHalfOpen: true });
    await new Promise((r) => socket.once('connect', r));
    const closed = new Promise((r) => socket.once('close', r));
    socket.end();
    // The server ended its side too: the socket closed long before the 60 s deadline (the test's timeout is 5 s).
    await closed;
    expect(socket.destroyed).toBe(true);
  }, 5000);

  it('close() does not wait for a connection that has said nothing yet', async () => {
    mock = await startOrgMock({ headersTimeoutMs: 60_000 });
    const net = await import('node:net');
    const socket = net.connect(mock.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const closed = new Promise((r) => socket.once('close', r));
    // Resolves within the test's 5 s, not at the connection's 60 s deadline.
    await mock.close();
    mock = undefined;
    await closed;
    expect(socket.destroyed).toBe(true);
  }, 5000);

  /** Writes `bytes` one at a time, `everyMs` apart, until the server closes the connection. */
  async function trickle(port: number, bytes: Buffer, everyMs: number) {
    const net = await import('node:net');
    return new Promise<{ closedAfterMs: number; sent: number }>((resolve) => {
      const started = Date.now();
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      const socket = net.connect(port, '127.0.0.1', () => {
        const next = () => {
          if (socket.destroyed || sent >= bytes.length) return;
          socket.write(bytes.subarray(sent, sent + 1));
          sent++;
          timer = setTimeout(next, everyMs);
        };
        next();
      });
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ closedAfterMs: Date.now() - started, sent });
      });
      socket.on('error', () => undefined);
    });
  }

  it('the HTTP/2 preface trickled byte by byte does not keep the connection open: the deadline is fixed', async () => {
    mock = await startOrgMock({ headersTimeoutMs: 1000 });
    const preface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    const { sent } = await trickle(mock.port, preface, 250);
    // 24 bytes at 4 a second would take 6 s: the connection is cut long before the preface ends.
    expect(sent).toBeLessThan(preface.length);
  });

  it('an HTTP/2 request whose body trickles in is cut off at the request timeout', async () => {
    mock = await startOrgMock({ requestTimeoutMs: 1500 });
    const session = http2.connect(mock.url);
    session.on('error', () => undefined);
    const stream = session.request({
      ':path': '/scalekit.v1.organizations.OrganizationService/GetOrganization',
      ':method': 'POST',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    stream.on('error', () => undefined);
    let sent = 0;
    const timer = setInterval(() => {
      if (!stream.destroyed && !stream.closed) {
        stream.write(Buffer.from([0]));
        sent++;
      }
    }, 300);
    const closed = await new Promise<number | undefined>((resolve) =>
      stream.on('close', () => resolve(stream.rstCode)),
    );
    clearInterval(timer);
    session.destroy();
    // 1.5 s at ~3 bytes a second: a handful of bytes, not the minutes a client could otherwise hold it.
    expect(sent).toBeLessThan(20);
    expect(closed).toBeDefined();
  });
});
