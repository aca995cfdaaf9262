import { randomBytes } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OrgMockContext } from '../context.js';
import { providerForPath } from '../providers/mount.js';
import type { Provider } from '../providers/types.js';
import {
  FIRST_BYTES,
  NODE_MAX_HEADER_BYTES,
  type SocketWithFirstBytes,
  type RawAnswer,
  type Refusal,
  goAnswer,
  goPath,
  nodeAnswer,
  refusalOf,
  routerPath,
  uvicornAnswer,
  uvicornPath,
} from './http-stacks.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The method as the client spelled it, when Node's parser refused it but the
     * vendor's server routes it (`patch` to a Go or uvicorn vendor): the vendor
     * answers 405 or 404, as its router does for a method it has no route for.
     */
    methodAsSent?: string;
  }
}

declare module 'node:http' {
  interface IncomingMessage {
    /** The client closed its side before the body reached its Content-Length; the body is what came. */
    bodyEndedEarly?: boolean;
    /** A `%` in the path that does not start two hex digits, on a Go vendor's path: Go refuses the request. */
    badPathEscape?: boolean;
  }
}

/** Node's parser error, as the `clientError` event hands it over. */
interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

interface RequestHead {
  method: string;
  target: string;
  /** Name, value, name, value... as Node's `rawHeaders`. */
  rawHeaders: string[];
  /** The bytes after the head that arrived with it. */
  body: Buffer;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ROUTED_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Answers the requests Node's HTTP parser refuses, on a vendor's paths, as the
 * vendor's own server would (see `http-stacks.ts`); elsewhere, Fastify's answer.
 * Node hands the `clientError` event the bytes it read (`rawPacket`): the
 * request line and headers are read back from them. When the head spanned
 * several reads, only the last one is there, and the request is answered as
 * one outside every vendor's paths.
 */
export class ParserRefusals {
  /**
   * A replayed request carries its method as sent in this header. The random
   * part, new for every app, means no client can send it.
   */
  private readonly replayHeader = `x-orgmock-replay-${randomBytes(16).toString('hex')}`;
  private app?: FastifyInstance;
  /** Requests replayed once their body is complete (a repeated, equal Content-Length), by socket. */
  private readonly waiting = new WeakMap<Socket, { head: RequestHead; provider: Provider; length: number }>();

  constructor(
    private readonly providers: readonly Provider[],
    private readonly ctx: OrgMockContext,
  ) {}

  /** For Fastify's `clientErrorHandler` option. */
  readonly onClientError = (error: Error, socket: Socket) => {
    const err = error as ParserError;
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const refusal = refusalOf(err.code);
    if (refusal === 'body-ended-early') return this.bodyEndedEarly(err, socket);

    const waiting = this.waiting.get(socket);
    if (waiting) {
      // The parser refuses every later read of this connection: the body's next bytes.
      waiting.head.body = Buffer.concat([waiting.head.body, err.rawPacket ?? Buffer.alloc(0)]);
      return this.replayWhenComplete(socket);
    }

    let head = err.rawPacket ? readHead(err.rawPacket) : undefined;
    if (!head && refusal === 'head-too-large' && socket.bytesWritten === 0) {
      const first = (socket as Socket & SocketWithFirstBytes)[FIRST_BYTES];
      head = first && readHead(first);
    }
    const provider = head && providerForPath(this.providers, head.target);
    if (!head || !provider) return fastifyAnswer(err, socket);

    if (provider.httpStack === 'go' && !goPath(head.target.split('?')[0]!)) {
      // Go parses the target before anything else: a bad escape is its plain 400 whatever the method.
      return this.refuse(socket, goAnswer('malformed'), provider, head, err);
    }
    if (provider.httpStack !== 'node') {
      // Go and uvicorn route any method that is a token; Node's parser knows only its own list, upper case.
      if (refusal === 'method' && TOKEN.test(head.method)) return void this.replay(socket, head, head.method);
      const lengths = new Set(headerValues(head, 'content-length').map((v) => v.trim()));
      // Both drop a repeated Content-Length when every copy says the same (Go's transfer.go
      // lines 673-690 in 1.19.8; h11's `normalize_and_validate`, h11/_headers.py).
      if (refusal === 'duplicate-content-length' && lengths.size === 1) {
        const length = Number([...lengths][0]);
        if (Number.isSafeInteger(length) && length >= 0) {
          head.rawHeaders = withoutRepeats(head.rawHeaders, 'content-length');
          this.waiting.set(socket, { head, provider, length });
          return this.replayWhenComplete(socket);
        }
      }
    }
    this.refuse(socket, answerOf(provider, refusal), provider, head, err);
  };

  /**
   * For Fastify's `rewriteUrl` option: a vendor whose router matches the
   * decoded path gets the path decoded as its server decodes it, written so
   * that Fastify's router decodes it to the same text (`%2F` becomes a
   * separator, uvicorn's `%ZZ` stays literal). Only paths with a `%` are touched.
   */
  readonly rewriteUrl = (req: IncomingMessage): string => {
    const url = req.url ?? '/';
    if (!url.includes('%')) return url;
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q);
    const provider = providerForPath(this.providers, path);
    if (!provider) return url;
    if (provider.httpStack === 'go') {
      const bytes = goPath(path);
      if (!bytes) {
        req.badPathEscape = true;
        return url;
      }
      return provider.router === 'gin' ? routerPath(bytes) + query : url;
    }
    return provider.router === 'starlette' ? routerPath(uvicornPath(path)) + query : url;
  };

  /**
   * A Go vendor's path with a bad escape (`%zz`): `url.ParseRequestURI` fails
   * inside `readRequest`, and the server answers its plain 400 (Go 1.19.8
   * net/http/request.go lines 1073-1075, server.go lines 1956-1957). Returns
   * true when it answered.
   */
  refuseBadEscape(req: FastifyRequest, reply: FastifyReply): boolean {
    if (!req.raw.badPathEscape) return false;
    const provider = providerForPath(this.providers, req.originalUrl);
    if (!provider) return false;
    this.answerInstead(req, reply, goAnswer('malformed'), provider, {
      name: 'Error',
      message: 'invalid URL escape in the path',
      code: 'GO_URL_ESCAPE',
    });
    return true;
  }

  /**
   * A server's own answer to a request Fastify has already parsed: written raw
   * on a real connection; through the reply for `inject()`, whose socket is a
   * stand-in (the journal then has it from the vendor's scope, if it got there).
   */
  private answerInstead(
    req: FastifyRequest,
    reply: FastifyReply,
    answer: RawAnswer,
    provider: Provider,
    why: ParserError,
  ) {
    const socket = req.raw.socket as Socket | undefined;
    if (typeof socket?.destroy === 'function' && typeof socket.end === 'function') {
      reply.hijack();
      const head: RequestHead = {
        method: req.method,
        target: req.originalUrl,
        rawHeaders: req.raw.rawHeaders,
        body: Buffer.alloc(0),
      };
      return this.refuse(socket, answer, provider, head, why);
    }
    const text = answer.bytes.toString('latin1');
    const at = text.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of text.slice(0, at).split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    req.refusalReason = `refused by the server before any route (${why.code}: ${why.message})`;
    reply
      .code(answer.status)
      .headers(headers)
      .send(text.slice(at + 4));
  }

  /**
   * Installs what the replays and the head-size check need. Call before any
   * route is registered.
   */
  attach(app: FastifyInstance) {
    this.app = app;
    const replayHeader = this.replayHeader;
    app.addHook('onRequest', (req, reply, done) => {
      if (this.refuseBadEscape(req, reply)) return;
      const sent = req.headers[replayHeader];
      if (typeof sent === 'string') {
        delete req.headers[replayHeader];
        const raw = req.raw.rawHeaders;
        const at = raw.findIndex((name, i) => i % 2 === 0 && name.toLowerCase() === replayHeader);
        if (at !== -1) raw.splice(at, 2);
        if (sent !== '') req.methodAsSent = sent;
        return done();
      }
      // orgmock reads heads up to Go's limit, so that Go vendors take what Node
      // would refuse; a Node vendor's head is held to Node's own limit.
      if (headBytes(req.raw) >= NODE_MAX_HEADER_BYTES) {
        const provider = providerForPath(this.providers, req.url);
        if (provider?.httpStack === 'node') {
          return this.answerInstead(req, reply, nodeAnswer('head-too-large'), provider, {
            name: 'Error',
            message: `request head of ${headBytes(req.raw)} bytes, over Node's 16 KiB`,
            code: 'HPE_HEADER_OVERFLOW',
          });
        }
      }
      done();
    });
  }

  /**
   * The client ended its side before the body was complete. Node's server
   * answers its bare 400; uvicorn closes the connection without a word (its
   * `eof_received` returns None, so asyncio closes the transport:
   * h11_impl.py line 128); Go's body reader returns `io.ErrUnexpectedEOF` to
   * the handler, which answers as it does for any body, with what came.
   */
  private bodyEndedEarly(err: ParserError, socket: Socket) {
    const incoming = (socket as Socket & { parser?: { incoming?: IncomingMessage } }).parser?.incoming;
    const provider = incoming && !incoming.complete ? providerForPath(this.providers, incoming.url ?? '') : undefined;
    if (!incoming || !provider) return fastifyAnswer(err, socket);
    switch (provider.httpStack) {
      case 'node':
        socket.end(nodeAnswer('malformed').bytes, () => socket.destroy());
        return;
      case 'uvicorn':
        socket.destroy();
        return;
      case 'go': {
        incoming.bodyEndedEarly = true;
        // Fastify checks the bytes read against Content-Length when the body
        // ends; a body stream may report its own count, and this one is short
        // on purpose.
        (incoming as IncomingMessage & { receivedEncodedLength?: number }).receivedEncodedLength = Number(
          incoming.headers['content-length'],
        );
        // An incomplete message that ends is an aborted one, and Node would
        // destroy the socket with it before the answer is written.
        incoming.complete = true;
        incoming.push(null);
        return;
      }
    }
  }

  private replayWhenComplete(socket: Socket) {
    const waiting = this.waiting.get(socket);
    if (!waiting || waiting.head.body.length < waiting.length) return;
    this.waiting.delete(socket);
    waiting.head.body = waiting.head.body.subarray(0, waiting.length);
    void this.replay(socket, waiting.head, undefined);
  }

  /** Runs the request through the app as the vendor's server would have let it in, and writes the answer. */
  private async replay(socket: Socket, head: RequestHead, methodAsSent: string | undefined): Promise<void> {
    const app = this.app;
    if (!app) return void socket.destroy();
    const headers: Record<string, string | string[]> = {};
    for (let i = 0; i + 1 < head.rawHeaders.length; i += 2) {
      const name = head.rawHeaders[i]!.toLowerCase();
      const value = head.rawHeaders[i + 1]!;
      const had = headers[name];
      headers[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
    }
    headers[this.replayHeader] = methodAsSent ?? '';
    const upper = head.method.toUpperCase();
    try {
      const res = await app.inject({
        // The route is found by its path; the method as sent decides the answer (405).
        method: (ROUTED_METHODS.has(upper) ? upper : 'PATCH') as 'PATCH',
        url: head.target,
        headers,
        ...(methodAsSent === undefined && { payload: head.body }),
        remoteAddress: socket.remoteAddress,
      });
      const lines = [`HTTP/1.1 ${res.statusCode} ${res.statusMessage || STATUS_CODES[res.statusCode] || ''}`];
      for (const [name, value] of Object.entries(res.headers)) {
        if (name === 'connection' || name === 'content-length' || name === 'transfer-encoding' || value === undefined)
          continue;
        for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
      }
      lines.push(`content-length: ${res.rawPayload.length}`, 'connection: close', '', '');
      socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), res.rawPayload]), () => socket.destroy());
    } catch {
      socket.destroy();
    }
  }

  /** Writes a server's own answer, journals it as the vendor's request, and closes the connection. */
  private refuse(socket: Socket, answer: RawAnswer, provider: Provider, head: RequestHead, err: ParserError): void {
    const text = answer.bytes.toString('latin1');
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    this.ctx.journal.record({
      time: this.ctx.clock.now(),
      vendor: provider.name,
      method: head.method,
      path: head.target,
      status: answer.status,
      durationMs: 0,
      requestHeaders: head.rawHeaders,
      requestContentType: headerValues(head, 'content-type')[0],
      requestBody: head.body.length > 0 ? head.body : undefined,
      responseBody: body === '' ? undefined : body,
      reason: `refused by the server before any route (${err.code ?? 'parse error'}: ${err.message})`,
    });
    if (socket.writable) socket.end(answer.bytes, () => socket.destroy());
    else socket.destroy();
  }
}

function answerOf(provider: Provider, refusal: Refusal): RawAnswer {
  switch (provider.httpStack) {
    case 'node':
      return nodeAnswer(refusal);
    case 'go':
      return goAnswer(refusal);
    case 'uvicorn':
      return uvicornAnswer();
  }
}

/** The request line and header lines, read leniently: they are what Node just refused. */
function readHead(packet: Buffer): RequestHead | undefined {
  let end = packet.indexOf('\r\n\r\n');
  let gap = 4;
  if (end === -1) {
    end = packet.length;
    gap = 0;
  }
  const lines = packet.subarray(0, end).toString('latin1').split(/\r?\n/);
  // A head too large to keep may be cut inside its request line: the path's start is enough.
  const requestLine = (gap === 0 && lines.length === 1 ? /^(\S+) (\S+)/ : /^(\S+) (\S+) HTTP\/\d(?:\.\d)?$/).exec(
    lines[0] ?? '',
  );
  if (!requestLine) return undefined;
  const rawHeaders: string[] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    rawHeaders.push(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return { method: requestLine[1]!, target: requestLine[2]!, rawHeaders, body: packet.subarray(end + gap) };
}

function headerValues(head: RequestHead, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < head.rawHeaders.length; i += 2)
    if (head.rawHeaders[i]!.toLowerCase() === name) out.push(head.rawHeaders[i + 1]!);
  return out;
}

function withoutRepeats(rawHeaders: string[], name: string): string[] {
  const out: string[] = [];
  let seen = false;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const isName = rawHeaders[i]!.toLowerCase() === name;
    if (isName && seen) continue;
    seen ||= isName;
    out.push(rawHeaders[i]!, rawHeaders[i + 1]!);
  }
  return out;
}

/** What llhttp counts against `--max-http-header-size`: the target, and every header name and value. */
function headBytes(req: IncomingMessage): number {
  let n = (req.url ?? '').length;
  for (const part of req.rawHeaders) n += part.length;
  return n;
}

/** Fastify's own answer (its `defaultClientErrorHandler`), for paths no vendor owns. */
function fastifyAnswer(err: ParserError, socket: Socket): void {
  let status = 400;
  let message = 'Client Error';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    message = 'Client Timeout';
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    message = 'Exceeded maximum allowed HTTP header size';
  }
  const body = JSON.stringify({ error: STATUS_CODES[status], message, statusCode: status });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${body.length}\r\nContent-Type: application/json\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
