/**
 * What Transmit's NestJS app makes of a request body before any guard or pipe
 * runs: Express's own `body-parser`, as NestJS 11 (`@nestjs/platform-express`
 * 11.2, Express 5.2, body-parser 2.4) registers it, `json()` then
 * `urlencoded({ extended: true })`, with their defaults (100kb, strict JSON,
 * `utf-*` charsets for JSON and `utf-8` for forms, gzip/deflate/br inflated,
 * `qs` for forms with its limits). The library runs on the bytes orgmock read,
 * handed to it as the request stream it would read.
 *
 * A content type neither parser reads leaves the body undefined, which the
 * ValidationPipe treats as `{}`: such a body is never read, whatever its size.
 */
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import bodyParser from 'body-parser';
import type { FastifyRequest } from 'fastify';
import { transmitErrors } from './errors.js';

/** NestJS's `registerParserMiddleware`: `express.json()` and `express.urlencoded({ extended: true })`. */
const PARSERS = [bodyParser.json(), bodyParser.urlencoded({ extended: true })];

/**
 * The largest body orgmock reads for Transmit at all: what body-parser reads it
 * refuses over 100kb (after inflating), but a body no parser reads is never
 * read by NestJS, so it must not be refused at orgmock's usual 1 MiB either.
 */
export const UNREAD_BODY_LIMIT = 16 * 1024 * 1024;

type HttpError = Error & { status?: number; statusCode?: number; type?: string };

/** The parsed body, or Transmit's answer to body-parser's error (`{"message": "<text>", "error_code": <status>}`). */
export async function readExpressBody(req: FastifyRequest): Promise<unknown> {
  const raw = req.rawBody ?? Buffer.alloc(0);
  const stream = Object.assign(Readable.from([raw], { objectMode: false }), {
    headers: expressHeaders(req, raw.length),
    method: req.method,
    url: req.url,
    // What on-finished looks at to tell a request still being read (it listens on the socket too).
    complete: false,
    socket: Object.assign(new EventEmitter(), { readable: true }),
    body: undefined as unknown,
  });
  stream.on('end', () => {
    stream.complete = true;
  });
  for (const parse of PARSERS) {
    await new Promise<void>((resolve, reject) =>
      parse(stream as never, {} as never, (err?: unknown) => (err ? reject(err) : resolve())),
    ).catch((err: HttpError) => {
      throw transmitErrors
        .bodyParser(err.status ?? err.statusCode ?? 400, err.message)
        .because(`body-parser: ${err.type ?? 'error'}`);
    });
  }
  return stream.body;
}

/** The headers body-parser reads, as the client sent them; the length is that of the bytes read. */
function expressHeaders(req: FastifyRequest, length: number): Record<string, string | string[] | undefined> {
  const headers: Record<string, string | string[] | undefined> = { ...req.headers };
  // mountProvider hides a malformed Content-Type from Fastify; body-parser sees it as sent.
  headers['content-type'] = req.contentType;
  headers['content-length'] = String(length);
  delete headers['transfer-encoding'];
  return headers;
}
