import { STATUS_CODES } from 'node:http';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one shape of every failure under `/__admin` (and of orgmock's own answers
 * outside the vendors' paths). It is Fastify's own error shape, so the errors
 * Fastify raises itself (Ajv validation, 415, 413, a body that is not JSON) need
 * no translation, only a check that nothing else leaks (a stack, a raw message
 * of an unexpected failure).
 */
export const AdminErrorBody = Type.Object(
  {
    statusCode: Type.Integer({ description: 'the HTTP status, repeated' }),
    code: Type.String({ description: 'stable machine-readable code: ORGMOCK_* or Fastify FST_ERR_*' }),
    error: Type.String({ description: 'the status text' }),
    message: Type.String({ description: 'one line for a human' }),
  },
  { $id: 'AdminError', additionalProperties: false },
);
export type AdminErrorBody = Static<typeof AdminErrorBody>;

/** Codes orgmock itself gives; Fastify's own keep their `FST_ERR_*` code. */
export type AdminErrorCode =
  | 'ORGMOCK_BAD_REQUEST'
  | 'ORGMOCK_UNKNOWN_VENDOR'
  | 'ORGMOCK_UNKNOWN_IDENTITY'
  | 'ORGMOCK_UNKNOWN_ERROR_NAME'
  | 'ORGMOCK_NOT_FOUND'
  | 'ORGMOCK_HOST_NOT_ALLOWED'
  | 'ORGMOCK_ORIGIN_NOT_ALLOWED'
  | 'ORGMOCK_INTERNAL'
  | (string & {});

export function adminErrorBody(statusCode: number, code: AdminErrorCode, message: string): AdminErrorBody {
  return { statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/** Thrown by admin handlers (or the helpers they call) for an answer other than a 500. */
export class AdminError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: AdminErrorCode,
    message: string,
  ) {
    super(message);
  }

  static badRequest(message: string, code: AdminErrorCode = 'ORGMOCK_BAD_REQUEST'): AdminError {
    return new AdminError(400, code, message);
  }

  static notFound(message: string, code: AdminErrorCode = 'ORGMOCK_NOT_FOUND'): AdminError {
    return new AdminError(404, code, message);
  }
}

export function sendAdminError(
  reply: FastifyReply,
  statusCode: number,
  code: AdminErrorCode,
  message: string,
): FastifyReply {
  return reply
    .code(statusCode)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify(adminErrorBody(statusCode, code, message)));
}

/**
 * The error handler of the admin scope (and of orgmock's non-vendor answers):
 * an `AdminError` as it says, a Fastify client error (4xx: validation, media
 * type, size, JSON) with Fastify's code and message, anything else a 500 whose
 * message says nothing of the failure (it is logged instead).
 */
export function adminErrorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AdminError) return sendAdminError(reply, err.statusCode, err.code, err.message);
  const status = (err as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (err as FastifyError).code ?? 'ORGMOCK_BAD_REQUEST';
    return sendAdminError(reply, status, code, oneLine(err.message));
  }
  req.log.error({ err }, 'orgmock admin: unexpected error');
  return sendAdminError(
    reply,
    500,
    'ORGMOCK_INTERNAL',
    'orgmock failed to answer this request; the server log has the cause',
  );
}

/** A message is one line: a validation message never carries a line break, a parser's might. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
