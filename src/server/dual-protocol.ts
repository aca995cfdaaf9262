import http from 'node:http';
import http2 from 'node:http2';
import type { Socket } from 'node:net';
import { FIRST_BYTES, FIRST_BYTES_KEPT, GO_MAX_HEADER_BYTES, type SocketWithFirstBytes } from './http-stacks.js';

/** Every HTTP/2 prior-knowledge (h2c) connection starts with this preface. */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

export interface ServerTimeouts {
  keepAliveTimeout?: number;
  requestTimeout?: number;
  connectionTimeout?: number;
  http2SessionTimeout?: number;
}

/** A client that has not finished sending its headers by then is cut off. */
const HEADERS_TIMEOUT_MS = 10_000;

export type Http2Handler = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void;

/**
 * A Fastify `serverFactory` that serves HTTP/1.1 and cleartext HTTP/2 on one
 * port: gRPC clients (Scalekit's SDK) open h2c connections, every other client
 * speaks HTTP/1.1 to Fastify as usual. The first bytes of each connection decide;
 * an HTTP/1.1 connection pays one extra 'data' listener once, nothing per request.
 */
export function dualProtocolServer(http2Handler: Http2Handler, headersTimeoutMs = HEADERS_TIMEOUT_MS) {
  return (handler: http.RequestListener, opts: ServerTimeouts): http.Server => {
    // Checked every second (Node's default is 30 s), so the timeouts below are kept to the second.
    // Heads are read up to Go's limit: Go vendors take what Node alone would refuse
    // (Node vendors are held to Node's 16 KiB by ParserRefusals).
    const h1 = http.createServer({ connectionsCheckingInterval: 1000, maxHeaderSize: GO_MAX_HEADER_BYTES }, handler);
    // Fastify applies its timeouts only to servers it creates itself.
    h1.keepAliveTimeout = opts.keepAliveTimeout ?? 72_000;
    h1.requestTimeout = opts.requestTimeout ?? 30_000;
    h1.headersTimeout = Math.min(headersTimeoutMs, h1.requestTimeout || headersTimeoutMs);
    h1.setTimeout(opts.connectionTimeout ?? 0);
    const h2 = http2.createServer({}, http2Handler);
    const sessions = new Set<http2.ServerHttp2Session>();
    const requestTimeout = h1.requestTimeout || 30_000;
    h2.on('session', (session) => {
      session.setTimeout(opts.http2SessionTimeout ?? 72_000, () => session.close());
      sessions.add(session);
      // A session that opens no stream in time is cut, however it trickles its frames:
      // a fixed deadline, where an idle timeout would be reset by every byte.
      const firstStream = setTimeout(() => session.destroy(), Math.max(headersTimeoutMs, 1000));
      session.once('stream', () => clearTimeout(firstStream));
      session.once('close', () => {
        clearTimeout(firstStream);
        sessions.delete(session);
      });
    });
    // HTTP/1.1's requestTimeout for HTTP/2: a request must have arrived whole
    // (its body ended) within it, else its stream is cancelled. The answer's own
    // time (a fault's delay) is not counted.
    h2.on('stream', (stream) => {
      if (stream.endAfterHeaders) return;
      const timer = setTimeout(() => {
        if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL);
      }, requestTimeout);
      const stop = () => clearTimeout(timer);
      stream.once('end', stop);
      stream.once('close', stop);
    });

    const http1Listeners = h1.listeners('connection') as ((socket: Socket) => void)[];
    h1.removeAllListeners('connection');
    // Connections whose first bytes have not yet said which protocol they speak:
    // no request of theirs is in flight, and neither h1 nor h2 knows them yet.
    const undecided = new Set<Socket>();
    h1.on('connection', (socket: Socket) => {
      let seen: Buffer = Buffer.alloc(0);
      undecided.add(socket);
      // A connection that never says which protocol it speaks must not stay open
      // forever: a fixed deadline, which a preface sent a byte at a time cannot push back.
      const deadline = setTimeout(() => socket.destroy(), Math.max(headersTimeoutMs, 1000));
      const decided = () => {
        clearTimeout(deadline);
        undecided.delete(socket);
        socket.removeListener('end', onEnd);
      };
      socket.once('close', decided);
      // The client closed its side before saying anything whole (a browser's
      // preconnect, a port probe): nothing to answer, and the server is half-open
      // (allowHalfOpen), so without this the socket lived until the deadline.
      const onEnd = () => socket.destroy();
      socket.once('end', onEnd);
      const onData = (chunk: Buffer) => {
        seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
        const verdict = classify(seen);
        if (verdict === 'undecided') return;
        socket.removeListener('data', onData);
        decided();
        socket.pause();
        socket.unshift(seen);
        if (verdict === 'h2') h2.emit('connection', socket);
        else {
          (socket as Socket & SocketWithFirstBytes)[FIRST_BYTES] = Buffer.from(seen.subarray(0, FIRST_BYTES_KEPT));
          for (const listener of http1Listeners) listener.call(h1, socket);
        }
        process.nextTick(() => socket.resume());
      };
      socket.on('data', onData);
    });

    // h1.close() waits for every accepted socket, h2 ones included: end the h2
    // sessions gracefully (in-flight streams finish) when the server closes.
    // Connections still undecided have nothing in flight: closed at once, as
    // Node closes idle HTTP/1.1 ones, instead of holding close() until their deadline.
    const close = h1.close.bind(h1);
    h1.close = ((cb?: (err?: Error) => void) => {
      for (const s of sessions) s.close();
      for (const socket of undecided) socket.destroy();
      return close(cb);
    }) as typeof h1.close;
    return h1;
  };
}

/** 'undecided' while the bytes so far are a proper prefix of the preface ("P" could still be "PATCH"). */
function classify(seen: Buffer): 'h1' | 'h2' | 'undecided' {
  const n = Math.min(seen.length, H2_PREFACE.length);
  if (!seen.subarray(0, n).equals(H2_PREFACE.subarray(0, n))) return 'h1';
  return n === H2_PREFACE.length ? 'h2' : 'undecided';
}
