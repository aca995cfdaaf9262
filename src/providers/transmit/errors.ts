import { STATUS_CODES } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { VendorError } from '../vendor-error.js';
import type { VendorErrorFormat } from '../types.js';

/**
 * Transmit has two error envelopes. Its APIs are NestJS services whose
 * exception filter answers `{"message": ..., "error_code": <status>}` (a list of
 * messages for a 400, one text otherwise); its `/oidc` token endpoint is an OAuth
 * server that answers RFC 6749 `{"error", "error_description"}`, worded as
 * oidc-provider words them.
 */
const nest = (status: number, message: string | string[], headers?: Record<string, string>) =>
  new VendorError(status, { message, error_code: status }, headers);

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
const oauth = (status: number, error: string, description: string) =>
  new VendorError(status, { error, error_description: description }, NO_STORE);

export const transmitErrors = {
  /** class-validator's messages, one per problem, as ValidationPipe lists them. */
  validation: (messages: string[]) => nest(400, messages),
  /**
   * body-parser's own errors (malformed JSON, a charset or encoding it cannot
   * read, too large, too many parameters): an HttpError whose message is one
   * text, so the filter answers it as a string. Only ValidationPipe's are lists.
   */
  bodyParser: (status: number, message: string) => nest(status, message),
  payloadTooLarge: () => nest(413, 'request entity too large'),
  invalidToken: () => nest(401, 'Invalid token'),
  /** What NestJS says when a guard refuses. */
  forbidden: () => nest(403, 'Forbidden resource'),
  organizationNotFound: () => nest(404, 'Organization not found'),
  /** Express/NestJS's answer for a path or method no controller serves. */
  routeNotFound: (req: FastifyRequest) => nest(404, `Cannot ${req.method} ${req.url}`),
  tooManyRequests: () => nest(429, 'ThrottlerException: Too Many Requests'),
  internal: () => nest(500, 'Internal server error'),
  unavailable: () => nest(503, 'Service Unavailable'),
} as const;

export const oauthErrors = {
  invalidRequest: (description: string) => oauth(400, 'invalid_request', description),
  /** Unknown client, wrong or missing secret: oidc-provider never says which. */
  invalidClient: () => oauth(401, 'invalid_client', 'client authentication failed'),
  unsupportedGrantType: () => oauth(400, 'unsupported_grant_type', 'unsupported grant_type requested'),
  unauthorizedClient: () => oauth(400, 'unauthorized_client', 'requested grant type is not allowed for this client'),
  invalidTarget: (description: string) => oauth(400, 'invalid_target', description),
  unrecognizedRoute: (req: FastifyRequest) =>
    oauth(
      404,
      'invalid_request',
      `unrecognized route or not allowed method (${req.method} on ${req.url.split('?')[0]})`,
    ),
  payloadTooLarge: () => oauth(413, 'invalid_request', 'request entity too large'),
  serverError: () => oauth(500, 'server_error', 'oops! something went wrong'),
} as const;

/** The token endpoint, with or without the `/cis` base some guides use. */
function isOidcPath(url: string): boolean {
  return /^\/(cis\/)?oidc(\/|\?|$)/.test(url);
}

export const transmitErrorFormat: VendorErrorFormat = {
  fromFramework(err, req) {
    const status = err.statusCode ?? 500;
    if (isOidcPath(req.url)) {
      if (status === 413) return oauthErrors.payloadTooLarge();
      return status < 500
        ? oauthErrors.invalidRequest(STATUS_CODES[status] ?? 'bad request')
        : oauthErrors.serverError();
    }
    if (status === 413) return transmitErrors.payloadTooLarge();
    return status >= 400 && status < 500
      ? nest(status, STATUS_CODES[status] ?? 'Bad Request')
      : transmitErrors.internal();
  },
  notFound: (req) => (isOidcPath(req.url) ? oauthErrors.unrecognizedRoute(req) : transmitErrors.routeNotFound(req)),
  // Neither Express nor oidc-provider answers 405: another method is an unknown route.
  methodNotAllowed: (req) =>
    isOidcPath(req.url) ? oauthErrors.unrecognizedRoute(req) : transmitErrors.routeNotFound(req),
};
