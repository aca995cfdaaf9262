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
import { isUtf8 } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { transmitErrors } from './errors.js';

type Middleware = (req: never, res: never, next: (err?: unknown) => void) => void;

/**
 * NestJS's `registerParserMiddleware`: `express.json()` and `express.urlencoded({ extended: true })`.
 * Loaded on the first Transmit body: body-parser with iconv-lite, type-is and qs
 * is a quarter of the code a start-up would otherwise load, for one vendor of five.
 */
let parsers: Promise<Middleware[]> | undefined;
const loadParsers = () =>
  (parsers ??= import('body-parser').then(({ default: bodyParser }) => [
    bodyParser.json(),
    bodyParser.urlencoded({ extended: true }),
  ]));

/**
 * The largest body orgmock reads for Transmit at all: what body-parser reads it
 * refuses over 100kb (after inflating), but a body no parser reads is never
 * read by NestJS, so it must not be refused at orgmock's usual 1 MiB either.
 */
export const UNREAD_BODY_LIMIT = 16 * 1024 * 1024;

type HttpError = Error & { status?: number; statusCode?: number; type?: string; body?: unknown };

/** json()'s default limit, `'100kb'`, in the bytes the `bytes` package makes of it. */
const JSON_LIMIT = 100 * 1024;
/** Content types json() reads as UTF-8 with no parameter it could refuse. */
const PLAIN_JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);

/**
 * The body json() makes of a plain JSON request, found without running the library:
 * a JSON object or array in valid UTF-8, not compressed, within the limit. For
 * these bytes json() decodes them as UTF-8 (no byte order mark can come before the
 * `{` or `[`), passes its strict check (the first character is `{` or `[`) and
 * answers `JSON.parse` of the text; the urlencoded parser then finds the request read.
 * Anything else, and any text `JSON.parse` refuses, goes to body-parser, whose answer
 * (and error text) is the vendor's. Running the library on every request took about a
 * tenth of a Transmit request's CPU time. A property test holds this to body-parser
 * itself on any bytes and headers (test/transmit/plain-json.test.ts).
 */
function plainJsonBody(req: FastifyRequest, raw: Buffer): { body: unknown } | undefined {
  const first = raw[0];
  if (
    (first !== 0x7b && first !== 0x5b) ||
    raw.length > JSON_LIMIT ||
    !PLAIN_JSON_TYPES.has(req.contentType ?? '') ||
    req.headers['content-encoding'] !== undefined ||
    !isUtf8(raw)
  )
    return undefined;
  try {
    return { body: JSON.parse(raw.toString('utf8')) };
  } catch {
    return undefined;
  }
}

/** The parsed body, or Transmit's answer to body-parser's error (`{"message": "<text>", "error_code": <status>}`). */
export async function readExpressBody(req: FastifyRequest): Promise<unknown> {
  const raw = req.rawBody ?? Buffer.alloc(0);
  const plain = plainJsonBody(req, raw);
  return plain ? plain.body : expressBodyByLibrary(req, raw);
}

/** What body-parser itself makes of the body: the answer for every body `plainJsonBody` does not take. */
async function expressBodyByLibrary(req: FastifyRequest, raw: Buffer): Promise<unknown> {
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
  for (const parse of await loadParsers()) {
    await new Promise<void>((resolve, reject) =>
      parse(stream as never, {} as never, (err?: unknown) => (err ? reject(err) : resolve())),
    ).catch((err: HttpError) => {
      throw transmitErrors
        .bodyParser(err.status ?? err.statusCode ?? 400, withLineColumn(err.message, err.body))
        .because(`body-parser: ${err.type ?? 'error'}`);
    });
  }
  return stream.body;
}

/**
 * body-parser's JSON error is V8's `JSON.parse` message. From Node 22 on, V8 ends a
 * position with `(line L column C)` (1-based; `\r\n`, `\r` and `\n` each end a
 * line); the vendor runs a current LTS Node, so on Node 20 the same suffix is
 * added here, counted in the text body-parser parsed. Checked against Node 22 and
 * 24 on 200,000 random malformed bodies: the same text every time.
 */
export function withLineColumn(message: string, body: unknown): string {
  const m = / at position (\d+)$/.exec(message);
  if (!m || typeof body !== 'string') return message;
  const position = Number(m[1]);
  let line = 1;
  let lineStart = 0;
  for (const end of body.slice(0, position).matchAll(/\r\n|\r|\n/g)) {
    line++;
    lineStart = end.index + end[0].length;
  }
  return `${message} (line ${line} column ${position - lineStart + 1})`;
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
