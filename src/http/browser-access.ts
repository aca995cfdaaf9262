import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendAdminError } from '../admin/errors.js';
import type { AccessPolicy } from './access-policy.js';

export interface BrowserAccessOptions {
  policy: AccessPolicy;
  /** Request headers a page may send (every vendor's credential and protocol headers). */
  allowedHeaders: readonly string[];
  /** Response headers a page may read besides the CORS-safelisted ones. */
  exposedHeaders: readonly string[];
  /** Whether a path is one of a vendor's (its refusals are then plain text, not orgmock's JSON). */
  isVendorPath(url: string): boolean;
}

const METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const ADMIN_PREFIX = '/__admin';

/**
 * One onRequest hook, first of all, for what a browser may do:
 *
 * 1. A Host that is not allowed is refused (403) on every route: a DNS-rebinding
 *    page reaches orgmock under its own name.
 * 2. A request that carries an Origin (browsers send one on every cross-origin
 *    call, preflights included) gets CORS headers only when that origin is
 *    allowed; SDKs, curl and test suites send none and pay nothing more.
 * 3. Under `/__admin`, an Origin that is not allowed is refused (403) before any
 *    handler runs: CORS headers only stop a page from reading an answer, not a
 *    "simple" request (a text/plain POST) from being sent and acted upon.
 */
export function registerBrowserAccess(app: FastifyInstance, options: BrowserAccessOptions): void {
  const { policy, isVendorPath } = options;
  const allowHeaders = options.allowedHeaders.join(', ');
  const exposeHeaders = options.exposedHeaders.join(', ');

  app.addHook('onRequest', (req, reply, done) => {
    const host = req.headers.host;
    if (!policy.hostAllowed(host)) return refuseHost(req, reply, host ?? '', isVendorPath);
    const origin = req.headers.origin;
    if (origin === undefined) return done();
    reply.header('vary', 'Origin');
    if (!policy.originAllowed(origin, host)) {
      if (isAdminPath(req.url))
        return sendAdminError(
          reply,
          403,
          'ORGMOCK_ORIGIN_NOT_ALLOWED',
          `a page of origin ${JSON.stringify(origin)} may not use /__admin; add it with --cors-origins or ORGMOCK_CORS_ORIGINS`,
        );
      return done();
    }
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-allow-credentials', 'true');
    reply.header('access-control-expose-headers', exposeHeaders);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      return reply
        .code(204)
        .header('access-control-allow-methods', METHODS)
        .header('access-control-allow-headers', allowHeaders)
        .header('access-control-max-age', '600')
        .header('content-length', '0')
        .send();
    }
    done();
  });
  // Any other OPTIONS request is for the route's own answer to an unknown method (a vendor's 404).
  app.options('*', { schema: { hide: true } }, (_req, reply) => reply.callNotFound());
}

function isAdminPath(url: string): boolean {
  return (
    url.startsWith(ADMIN_PREFIX) && (url.length === ADMIN_PREFIX.length || '/?#'.includes(url[ADMIN_PREFIX.length]!))
  );
}

function refuseHost(
  req: FastifyRequest,
  reply: FastifyReply,
  host: string,
  isVendorPath: (url: string) => boolean,
): FastifyReply {
  const message = hostRefusal(host);
  req.refusalReason = message;
  // On a vendor's path the answer is orgmock's, not the vendor's: one plain line, as Vite gives it.
  if (isVendorPath(req.url)) return reply.code(403).type('text/plain; charset=utf-8').send(message);
  return sendAdminError(reply, 403, 'ORGMOCK_HOST_NOT_ALLOWED', message);
}

/** One line naming the host and how to allow it (the host is quoted: it is the client's text). */
export function hostRefusal(host: string): string {
  const name = host.replace(/:\d+$/, '');
  return `Blocked request: host ${JSON.stringify(name)} is not allowed; add it with --allowed-hosts or ORGMOCK_ALLOWED_HOSTS`;
}
