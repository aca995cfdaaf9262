import { STATUS_CODES } from 'node:http';

/**
 * The HTTP server each vendor runs in front of its handlers. A request Node's
 * parser (llhttp) refuses is answered the way that server answers it, which
 * differs a lot: Node's own answer has no body, Go's is a line of plain text,
 * uvicorn's another, and Go and uvicorn route some requests Node refuses.
 *
 * - `node`: Node's `http` module (Express, NestJS on Express).
 * - `go`: Go's `net/http` server (gin, grpc-gateway).
 * - `uvicorn`: uvicorn with h11 (FastAPI, Starlette).
 */
export type HttpStack = 'node' | 'go' | 'uvicorn';

/**
 * Node's limit on a request head, counted as llhttp counts it: the target plus
 * every header name and value, without the request line's method and version,
 * the colons, spaces and line ends. 16383 such bytes pass, 16384 do not
 * (measured on Node 20; `--max-http-header-size` defaults to 16 KiB).
 */
export const NODE_MAX_HEADER_BYTES = 16 * 1024;

/**
 * Go's limit on a request head: `DefaultMaxHeaderBytes` (1 MiB) plus the 4096
 * bytes of slack `initialReadLimitSize` adds (net/http/server.go, Go 1.19.8:
 * lines 866 and 1926-1934). orgmock's server reads heads up to this size so a
 * Go vendor can accept what Node alone would refuse.
 */
export const GO_MAX_HEADER_BYTES = (1 << 20) + 4096;

/**
 * The first bytes of an HTTP/1.1 connection, kept on its socket: when a head is
 * too large for Node, the request line has long left the parser's buffer, and
 * these say whose path it was (for the connection's first request).
 */
export const FIRST_BYTES = Symbol('orgmock.firstBytes');
export const FIRST_BYTES_KEPT = 2048;
export type SocketWithFirstBytes = { [FIRST_BYTES]?: Buffer };

/** What one of Node's parser errors says about the request, in words every stack understands. */
export type Refusal =
  /** A method that is a valid token but not one llhttp knows in that spelling (`patch`, `FOO`). */
  | 'method'
  /** Content-Length given more than once. */
  | 'duplicate-content-length'
  /** The head is larger than the server reads. */
  | 'head-too-large'
  /** The client stopped sending before the body's Content-Length was reached. */
  | 'body-ended-early'
  /** Anything else llhttp refuses: bad bytes in a name or value, a malformed request line... */
  | 'malformed';

export function refusalOf(code: string | undefined): Refusal {
  switch (code) {
    case 'HPE_INVALID_METHOD':
      return 'method';
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return 'duplicate-content-length';
    case 'HPE_HEADER_OVERFLOW':
      return 'head-too-large';
    case 'HPE_INVALID_EOF_STATE':
      return 'body-ended-early';
    default:
      return 'malformed';
  }
}

/** A response written to the socket as it is, then the connection closed. */
export interface RawAnswer {
  status: number;
  bytes: Buffer;
}

/**
 * Node's own answers when no `clientError` listener takes over
 * (lib/_http_server.js, `badRequestResponse`, `requestHeaderFieldsTooLargeResponse`
 * and `socketOnError`): a status line and `Connection: close`, no body.
 */
export function nodeAnswer(refusal: Refusal): RawAnswer {
  const status = refusal === 'head-too-large' ? 431 : 400;
  return {
    status,
    bytes: Buffer.from(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`, 'latin1'),
  };
}

/**
 * Go's `conn.serve` when `readRequest` fails (net/http/server.go, Go 1.19.8,
 * lines 1921-1958): `errorHeaders` then the status text as the body. A head over
 * the limit is `errTooLarge` (431); every other refusal orgmock can meet here
 * (a malformed request line, bad header bytes, which textproto refuses as a
 * `ProtocolError`, differing Content-Lengths, transfer.go line 682) is a plain
 * error, "400 Bad Request" without a detail. Current Go refuses bad header bytes
 * in textproto (`readMIMEHeader`: `malformed MIME header line`, golang/go
 * a402f4a src/net/textproto/reader.go), before server.go's own checks.
 */
export function goAnswer(refusal: Refusal): RawAnswer {
  const text = refusal === 'head-too-large' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const status = Number(text.slice(0, 3));
  return {
    status,
    bytes: Buffer.from(
      `HTTP/1.1 ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${text}`,
      'latin1',
    ),
  };
}

/**
 * uvicorn's `send_400_response` after h11 raises `RemoteProtocolError`
 * (uvicorn/protocols/http/h11_impl.py lines 178-182 and 291-306, uvicorn at
 * e6c7ce7): h11 knows no HTTP version for a request it could not parse, so it
 * sends no framing header and closes the connection to end the body
 * (h11/_connection.py lines 632-652).
 */
export function uvicornAnswer(): RawAnswer {
  return {
    status: 400,
    bytes: Buffer.from(
      'HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\nInvalid HTTP request received.',
      'latin1',
    ),
  };
}

const HEX = /^[0-9a-fA-F]{2}$/;

/**
 * The path as uvicorn hands it to Starlette: `urllib.parse.unquote(raw_path)`
 * (uvicorn/protocols/http/h11_impl.py line 198), which turns every `%XX` into
 * its byte, leaves any other `%` as it is (`%ZZ`, a lone `%`), and reads the
 * bytes as UTF-8 with U+FFFD for what is not (`errors='replace'`).
 */
export function uvicornPath(raw: string): string {
  if (!raw.includes('%')) return raw;
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const hex = raw.slice(i + 1, i + 3);
    if (raw[i] === '%' && HEX.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(raw.charCodeAt(i));
  }
  return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
}

/**
 * The path as Go's `url.ParseRequestURI` decodes it into `URL.Path`
 * (net/url/url.go `unescape` with `encodePath`): every `%` must start two hex
 * digits, or the whole request is refused (`invalid URL escape`, which the
 * server answers with its plain "400 Bad Request"). Bytes, as Go strings are.
 */
export function goPath(raw: string): Buffer | undefined {
  if (!raw.includes('%')) return Buffer.from(raw, 'latin1');
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '%') {
      bytes.push(raw.charCodeAt(i));
      continue;
    }
    const hex = raw.slice(i + 1, i + 3);
    if (!HEX.test(hex)) return undefined;
    bytes.push(Number.parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(bytes);
}

/**
 * A decoded path written back so that Fastify's router decodes it to the same
 * text: each segment escaped, the slashes (decoded `%2F` included) kept as
 * separators. Bytes that are not UTF-8 come through as U+FFFD; a handler that
 * needs them reads them again from `req.originalUrl`.
 */
export function routerPath(decoded: string | Buffer): string {
  const text = typeof decoded === 'string' ? decoded : new TextDecoder('utf-8').decode(decoded);
  return text
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3A/gi, ':'))
    .join('/');
}
