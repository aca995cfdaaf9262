import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Vendor } from './vendors.js';

/**
 * Each vendor's error envelopes as schemas, written from the vendor's
 * documents (shared/vendors.md), not from orgmock's code, so an answer that
 * drifts from the vendor's format fails here whatever produced it.
 */

const strict = { additionalProperties: false } as const;

/** FastAPI: `{"detail": "text"}`, or `{"detail": [pydantic errors]}` for a 422. */
const PydanticError = Type.Object(
  {
    type: Type.String({ minLength: 1 }),
    loc: Type.Array(Type.Union([Type.String(), Type.Integer()]), { minItems: 1 }),
    msg: Type.String({ minLength: 1 }),
    input: Type.Unknown(),
    ctx: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  strict,
);
const JunctionDetail = Type.Object({ detail: Type.String({ minLength: 1 }) }, strict);
const JunctionValidation = Type.Object({ detail: Type.Array(PydanticError, { minItems: 1 }) }, strict);

/** RFC 6749 section 5.2, with the codes an OAuth server may answer. */
const OAuthError = Type.Object(
  {
    error: Type.Union(
      [
        'invalid_request',
        'invalid_client',
        'invalid_grant',
        'unauthorized_client',
        'unsupported_grant_type',
        'invalid_scope',
        'invalid_target',
        'server_error',
        'temporarily_unavailable',
      ].map((c) => Type.Literal(c)),
    ),
    error_description: Type.String({ minLength: 1 }),
  },
  strict,
);

/** grpc-gateway's status JSON with Scalekit's ErrorInfo details. */
const ERROR_INFO = 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo';
const GatewayError = Type.Object(
  {
    code: Type.Integer({ minimum: 1, maximum: 16 }),
    message: Type.String({ minLength: 1 }),
    details: Type.Array(
      Type.Object(
        {
          '@type': Type.Literal(ERROR_INFO),
          error_code: Type.String({ minLength: 1 }),
          validation_error_info: Type.Optional(
            Type.Object(
              {
                field_violations: Type.Array(
                  Type.Object({ field: Type.String(), description: Type.String(), constraint: Type.String() }, strict),
                ),
              },
              strict,
            ),
          ),
        },
        strict,
      ),
    ),
  },
  strict,
);
/** grpc-gateway's HTTPStatusFromCode. */
const GATEWAY_STATUS: Record<number, number> = {
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};

/** GMI Cloud's ErrStatusMsg. */
const ErrStatusMsg = Type.Object(
  {
    group: Type.Union(['request', 'session', 'auth', 'organization', 'server'].map((g) => Type.Literal(g))),
    code: Type.Integer({ minimum: 0 }),
    message: Type.Optional(Type.String({ minLength: 1 })),
    traces: Type.Optional(Type.Array(Type.String())),
    validationDetail: Type.Optional(
      Type.Array(
        Type.Object(
          {
            field: Type.Optional(Type.String()),
            expression: Type.Optional(Type.String()),
            argument: Type.Optional(Type.String()),
            originalValue: Type.Optional(Type.Unknown()),
            reason: Type.Optional(Type.String()),
          },
          strict,
        ),
        { minItems: 1 },
      ),
    ),
  },
  strict,
);

/** Razi documents no error body: orgmock's `{"message"}` (vendors.md, mock decision). */
const RaziError = Type.Object({ message: Type.String({ minLength: 1 }) }, strict);

/** NestJS's exception filter as Transmit configures it: a list of messages for a 400. */
const TransmitError = Type.Object(
  {
    message: Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })]),
    error_code: Type.Integer(),
  },
  strict,
);

export interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

const isTransmitOidc = (path: string) => /^\/(cis\/)?oidc(\/|$)/.test(path);

/**
 * What is wrong with this error answer in `vendor`'s format, as a list of
 * problems (empty when it is right). `path` is the request path: Scalekit's and
 * Transmit's token endpoints are OAuth servers with their own envelope.
 */
export function errorFormatProblems(vendor: Vendor, path: string, res: Answer): string[] {
  const status = res.statusCode;
  if (status < 400) return [`not an error: ${status}`];
  const type = String(res.headers['content-type'] ?? '');
  // Starlette's uncaught-exception answer: plain text, only ever from a fault.
  if (vendor === 'junction' && status === 500 && res.body === 'Internal Server Error') {
    return type.startsWith('text/plain') ? [] : [`plain-text 500 with content type ${type}`];
  }
  if (!/^application\/json\b/.test(type)) return [`content type ${type} (body ${res.body.slice(0, 200)})`];
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return [`not JSON: ${res.body.slice(0, 200)}`];
  }
  const check = (schema: TSchema, extra: string[] = []) => {
    const errors = [...Value.Errors(schema, body)].map((e) => `${e.path || '/'}: ${e.message}`);
    return [...errors, ...extra].map((p) => `${p} in ${status} ${res.body.slice(0, 300)}`);
  };
  const noStore = () =>
    String(res.headers['cache-control'] ?? '').includes('no-store')
      ? []
      : ['OAuth error without Cache-Control: no-store'];
  const p = path.split('?')[0]!;
  switch (vendor) {
    case 'junction':
      return status === 422 ? check(JunctionValidation) : check(JunctionDetail);
    case 'scalekit': {
      if (p === '/oauth/token') return check(OAuthError, noStore());
      const code = (body as { code?: number }).code ?? 0;
      const expected = status === 413 ? 3 : undefined;
      const mismatch = expected !== undefined ? code !== expected : GATEWAY_STATUS[code] !== status;
      const challenge =
        status === 401 && res.headers['www-authenticate'] !== (body as { message?: string }).message
          ? ['401 whose WWW-Authenticate is not the message']
          : [];
      return check(GatewayError, [
        ...(mismatch ? [`gRPC code ${code} does not map to HTTP ${status}`] : []),
        ...challenge,
      ]);
    }
    case 'gmicloud':
      return check(ErrStatusMsg);
    case 'razi':
      return check(RaziError);
    case 'transmit': {
      if (isTransmitOidc(p)) return check(OAuthError, noStore());
      const code = (body as { error_code?: number }).error_code;
      return check(TransmitError, code === status ? [] : [`error_code ${code} is not the status ${status}`]);
    }
  }
}

/**
 * The 5xx vendors answer by design: grpc-gateway's routing error for a method
 * its path does not serve is gRPC UNIMPLEMENTED, which it sends as 501; FastAPI
 * cannot write a 422 that would echo NaN, Infinity, a lone surrogate, bytes that
 * are not UTF-8 or a value nested past Python's recursion limit, and Starlette
 * answers its plain-text 500 (test/junction/fidelity.test.ts); class-transformer
 * overflows its stack on a body nested past ~1,300 levels and NestJS answers
 * Transmit's 500 (test/transmit/body-parser.test.ts).
 */
function designed5xx(vendor: Vendor, res: Answer, sent: string | Buffer | undefined): boolean {
  // Transmit's 500 is its answer to any unexpected error too: accepted only for a body deep enough to overflow.
  if (vendor === 'transmit')
    return (
      res.statusCode === 500 &&
      res.body === '{"message":"Internal server error","error_code":500}' &&
      sent !== undefined &&
      jsonDepth(sent) >= TRANSMIT_OVERFLOW_DEPTH
    );
  if (vendor === 'junction')
    return (
      res.statusCode === 500 &&
      res.body === 'Internal Server Error' &&
      String(res.headers['content-type']).startsWith('text/plain')
    );
  return (
    vendor === 'scalekit' &&
    res.statusCode === 501 &&
    res.body === '{"code":12,"message":"Method Not Allowed","details":[]}'
  );
}

/** Shallower than this (1,000 levels answer a 400 in test/transmit/body-parser.test.ts), class-transformer does not overflow. */
const TRANSMIT_OVERFLOW_DEPTH = 1000;

/** How deep the body's brackets nest, outside JSON strings. */
function jsonDepth(sent: string | Buffer): number {
  const text = typeof sent === 'string' ? sent : sent.toString('latin1');
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth--;
  }
  return max;
}

/**
 * The answer as a vendor's user sees it: 2xx, or an error in the vendor's format
 * and never a 5xx but those by design (`sent`: the body the request carried).
 */
export function answerProblems(vendor: Vendor, path: string, res: Answer, sent?: string | Buffer): string[] {
  if (res.statusCode >= 200 && res.statusCode < 300) return [];
  if (serverAnswer(vendor, res)) return [];
  if (res.statusCode >= 500 && !designed5xx(vendor, res, sent)) return [`${res.statusCode} ${res.body.slice(0, 300)}`];
  return errorFormatProblems(vendor, path, res);
}

/**
 * What a vendor's HTTP server or router answers before any handler, in its own
 * form (src/server/http-stacks.ts, providers/served-routes.ts): Go's plain-text
 * 400 for a path it cannot decode, and the trailing-slash redirects of
 * Starlette and gin.
 */
function serverAnswer(vendor: Vendor, res: Answer): boolean {
  const type = String(res.headers['content-type'] ?? '');
  if ((vendor === 'gmicloud' || vendor === 'scalekit') && res.statusCode === 400)
    return res.body === '400 Bad Request' && type === 'text/plain; charset=utf-8';
  if ((vendor === 'junction' || vendor === 'gmicloud') && (res.statusCode === 307 || res.statusCode === 301))
    return typeof res.headers.location === 'string' && res.body === '';
  return false;
}
