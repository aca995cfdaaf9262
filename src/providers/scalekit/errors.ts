import type { FastifyRequest } from 'fastify';
import { VendorError } from '../vendor-error.js';
import type { VendorErrorFormat } from '../types.js';
import { GrpcCode, ScalekitError, scalekitErrors } from './scalekit-error.js';
import type { GatewayError } from './schemas.js';

/**
 * Scalekit's REST errors are grpc-gateway's: the service's gRPC status as JSON
 * (`{"code","message","details"}`, details holding Scalekit's ErrorInfo) with
 * the HTTP status grpc-gateway maps the code to. The token endpoint is plain
 * OAuth 2.0 and answers RFC 6749 errors instead.
 */

/** grpc-gateway's runtime.HTTPStatusFromCode. */
const HTTP_STATUS: Record<number, number> = {
  [GrpcCode.OK]: 200,
  [GrpcCode.CANCELLED]: 499,
  [GrpcCode.UNKNOWN]: 500,
  [GrpcCode.INVALID_ARGUMENT]: 400,
  [GrpcCode.DEADLINE_EXCEEDED]: 504,
  [GrpcCode.NOT_FOUND]: 404,
  [GrpcCode.ALREADY_EXISTS]: 409,
  [GrpcCode.PERMISSION_DENIED]: 403,
  [GrpcCode.RESOURCE_EXHAUSTED]: 429,
  [GrpcCode.FAILED_PRECONDITION]: 400,
  [GrpcCode.ABORTED]: 409,
  [GrpcCode.OUT_OF_RANGE]: 400,
  [GrpcCode.UNIMPLEMENTED]: 501,
  [GrpcCode.INTERNAL]: 500,
  [GrpcCode.UNAVAILABLE]: 503,
  [GrpcCode.DATA_LOSS]: 500,
  [GrpcCode.UNAUTHENTICATED]: 401,
};

const ERROR_INFO_TYPE = 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo';

export function httpStatusOf(err: ScalekitError): number {
  return err.httpStatus ?? HTTP_STATUS[err.grpcCode] ?? 500;
}

/** The JSON body grpc-gateway writes for this status. */
export function gatewayBody(err: ScalekitError): GatewayError {
  const details: GatewayError['details'] =
    err.errorCode === undefined
      ? []
      : [
          {
            '@type': ERROR_INFO_TYPE,
            error_code: err.errorCode,
            ...(err.fieldViolations
              ? { validation_error_info: { field_violations: err.fieldViolations.map((v) => ({ ...v })) } }
              : {}),
          },
        ];
  return { code: err.grpcCode, message: err.message, details };
}

export function toVendorError(err: ScalekitError): VendorError {
  // grpc-gateway's default error handler sends the message as the challenge of a 401.
  const headers: Record<string, string> =
    err.grpcCode === GrpcCode.UNAUTHENTICATED ? { 'www-authenticate': err.message } : {};
  const answer = new VendorError(httpStatusOf(err), gatewayBody(err), headers);
  if (err.reason !== undefined) answer.because(err.reason);
  return answer;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
const oauth = (status: number, error: string, description: string, headers: Record<string, string> = {}) =>
  new VendorError(status, { error, error_description: description }, { ...NO_STORE, ...headers });

export const oauthErrors = {
  invalidClient: (basic: boolean) =>
    oauth(
      401,
      'invalid_client',
      'client authentication failed: unknown client or wrong secret',
      basic ? { 'www-authenticate': 'Basic realm="scalekit"' } : {},
    ),
  unsupportedGrantType: (grant: string) =>
    oauth(400, 'unsupported_grant_type', `grant_type "${grant}" is not supported; use client_credentials`),
  missing: (name: string) => oauth(400, 'invalid_request', `missing required parameter: ${name}`),
  repeated: (name: string) => oauth(400, 'invalid_request', `parameter ${name} is included more than once`),
  twoClientAuthentications: () =>
    oauth(400, 'invalid_request', 'client credentials sent both in the Authorization header and in the body'),
  notForm: () => oauth(400, 'invalid_request', 'the request body must be application/x-www-form-urlencoded'),
  tooLarge: () => oauth(413, 'invalid_request', 'request body too large'),
  methodNotAllowed: (method: string) =>
    oauth(405, 'invalid_request', `method ${method} is not allowed; use POST`, { allow: 'POST' }),
} as const;

export const TOKEN_PATH = '/oauth/token';
const isTokenPath = (req: FastifyRequest) => req.url.split('?')[0] === TOKEN_PATH;

export const scalekitErrorFormat: VendorErrorFormat = {
  fromFramework(err, req) {
    if (err instanceof ScalekitError) return toVendorError(err);
    const status = err.statusCode ?? 500;
    if (isTokenPath(req)) {
      if (status === 413) return oauthErrors.tooLarge();
      if (status >= 400 && status < 500) return oauth(400, 'invalid_request', 'the request could not be read');
      return oauth(500, 'server_error', 'internal error');
    }
    if (status === 413) return toVendorError(scalekitErrors.bodyTooLarge());
    if (status >= 400 && status < 500) return toVendorError(scalekitErrors.undecodable('Bad Request'));
    return toVendorError(scalekitErrors.internal());
  },
  // The token path exists: any method no route serves there (TRACE, PROPFIND, an OPTIONS
  // that is no preflight) is the token endpoint's 405, in the OAuth error body.
  notFound: (req) =>
    isTokenPath(req) ? oauthErrors.methodNotAllowed(req.method) : toVendorError(scalekitErrors.routeNotFound()),
  methodNotAllowed: (req) =>
    isTokenPath(req) ? oauthErrors.methodNotAllowed(req.method) : toVendorError(scalekitErrors.methodNotAllowed()),
};
