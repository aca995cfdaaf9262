import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { OrgMockContext } from '../context.js';
import type { Provider } from './types.js';
import { VendorError } from './vendor-error.js';
import { recordVendorRequest, sendVendorError } from './vendor-answers.js';
import { namedFault } from '../admin/faults.js';
import { decodedPath, methodsOf, segmentsDecoded, type ServedRoutes, trailingSlashRedirect } from './served-routes.js';
import { sharedPrefixOwner } from './shared-prefixes.js';
import { namedPlugin } from '../http/named-plugin.js';

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^\\s*${TOKEN}/${TOKEN}\\s*(;.*)?$`);

declare module 'fastify' {
  interface FastifyRequest {
    /** Raw request body as bytes; each vendor decodes it with its own rules and errors. */
    rawBody?: Buffer;
    /** The Content-Type header as the client sent it (see the onRequest hook in mountProvider). */
    contentType?: string;
    /** Set when the commit this request's answer waited for failed: its error answer waits for no other. */
    commitFailed?: boolean;
    /** Why orgmock refused this request (see `VendorError.reason`); journaled and logged, never sent. */
    refusalReason?: string;
    /** `performance.now()` when the request came in: Fastify's `reply.elapsedTime` is 0 without a logger. */
    startedAt?: number;
    /** Answered (and journaled) for the vendor a shared prefix gives the path to, not the one whose route took it. */
    answeredElsewhere?: boolean;
  }
}

/**
 * Registers one vendor in its own encapsulated scope. In that scope:
 * - every body is read as raw bytes, whatever its content type, so the vendor
 *   decides what counts as malformed and how to say so;
 * - schemas document and type the routes but do not validate: each vendor
 *   validates in its handler, because each wording of a validation error is the
 *   vendor framework's (pydantic, class-validator, protovalidate...), not Ajv's;
 * - every error, including Fastify's own (413, 415...), is answered in the
 *   vendor's format;
 * - a known path with another method gets the vendor's 405 (`vendorFallback`,
 *   from the methods each path serves, gathered here);
 * - every request is journaled.
 */
export function mountProvider(
  app: FastifyInstance,
  provider: Provider,
  ctx: OrgMockContext,
  served: ServedRoutes,
  fallback: (req: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined,
): void {
  // The vendors a shared prefix can hand a path to are those loaded (a test may load fewer).
  const loaded = new Set(ctx.providers.map((p) => p.name));
  const vendorScope: FastifyPluginAsync = async (scope) => {
    scope.removeAllContentTypeParsers();
    const keepRawBody = (req: FastifyRequest, body: string | Buffer, done: (err: null, body: unknown) => void) => {
      req.rawBody = body as Buffer;
      done(null, body);
    };
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, keepRawBody);
    // The same parser by name for the type nearly every request carries: Fastify
    // caches the parser it finds for a content type, but not the catch-all, which
    // it looks up anew (parsing the header again) on every request.
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, keepRawBody);
    scope.setValidatorCompiler(() => () => true);
    // Hooks take callbacks rather than being async: they run on every request, and
    // an async hook costs a promise and a trip through the microtask queue each.
    scope.addHook('onRequest', (req, reply, done) => {
      req.startedAt = performance.now();
      // A route took a path that a shared prefix gives another vendor only because
      // that vendor serves no route for the method there: that vendor answers (405, 404).
      const owner = sharedPrefixOwner(req.url);
      if (owner !== undefined && owner !== provider.name && loaded.has(owner)) {
        req.answeredElsewhere = true;
        fallback(req, reply);
        return;
      }
      // Fastify refuses a malformed Content-Type with its own 415 before any parser
      // runs; a vendor framework may instead read such a body as bytes. Keep the
      // header as sent for the vendor, and let Fastify see a neutral one.
      const sent = req.headers['content-type'];
      req.contentType = sent;
      if (sent !== undefined && !MEDIA_TYPE.test(sent)) req.headers['content-type'] = 'application/octet-stream';
      // A method Node's parser refused but the vendor's router takes (`patch`): no route has it.
      if (req.methodAsSent !== undefined) {
        const refused = provider.errors
          .methodNotAllowed(req, served.methodsOf(req.routeOptions.url))
          .because(`method '${req.methodAsSent}' as sent: methods are case-sensitive, no route serves it`);
        return done(refused as unknown as FastifyError);
      }
      // Fastify binds an empty segment to a parameter; Starlette's and gin's routes never match one.
      if (provider.router !== undefined && hasEmptyParam(req.params)) {
        return done(
          provider.errors
            .notFound(req)
            .because('an empty path segment where the route has a parameter') as unknown as FastifyError,
        );
      }
      done();
    });
    scope.addHook('preHandler', (req, _reply, done) => {
      if (!ctx.faults.active) return done();
      const fault = ctx.faults.take(provider.name, req);
      if (!fault) return done();
      const named = fault.error === undefined ? undefined : namedFault(provider, fault.error);
      const answer = () =>
        named
          ? done(named().because(`injected fault ${fault.id} (${fault.error})`) as unknown as FastifyError)
          : done();
      if (fault.delayMs) setTimeout(answer, fault.delayMs);
      else answer();
    });
    scope.setErrorHandler((err, req, reply) => {
      const vendorError = err instanceof VendorError ? err : provider.errors.fromFramework(err as FastifyError, req);
      req.refusalReason ??=
        vendorError.reason ?? (err instanceof VendorError ? vendorWords(vendorError) : (err as Error).message);
      if (vendorError.status >= 500 && !(err instanceof VendorError))
        req.log.error({ err }, `${provider.name}: unexpected error`);
      sendVendorError(reply, vendorError);
      return reply;
    });
    scope.addHook('onSend', (req, reply, payload, done) => {
      // A browser's preflight, answered by CORS before the route: the browser's business, not a vendor request.
      // An answer for another vendor (see onRequest) is journaled as that vendor's.
      if (
        req.answeredElsewhere ||
        (req.method === 'OPTIONS' &&
          req.headers.origin !== undefined &&
          req.headers['access-control-request-method'] !== undefined)
      )
        return done(null, payload);
      // The client has ended its side: nothing more can come on this connection.
      if (req.raw.bodyEndedEarly) reply.header('connection', 'close');
      const send = (err?: Error) => {
        // A failed commit is answered as the vendor answers an internal error (the error reply comes back through here).
        if (err) {
          req.commitFailed = true;
          return done(err);
        }
        const durationMs = req.startedAt === undefined ? reply.elapsedTime : performance.now() - req.startedAt;
        recordVendorRequest(
          ctx,
          provider,
          req,
          reply.statusCode,
          typeof payload === 'string' ? payload : undefined,
          durationMs,
        );
        done(null, payload);
      };
      // The response may show an update of this turn: it leaves only once that is committed.
      // The error answer to a failed commit shows none, and must not meet another failure.
      if (req.commitFailed) send();
      else ctx.store.afterCommit(send);
    });

    let vendorRoutes = true;
    scope.addHook('onRoute', (route) => {
      if (vendorRoutes) served.add(route.url, Array.isArray(route.method) ? route.method : [route.method]);
    });
    await provider.routes(scope, ctx);
    vendorRoutes = false;
  };
  app.register(namedPlugin(`orgmock-${provider.name}`, vendorScope));
}

/** The vendor whose prefixes cover this path, for 404s of paths no route matched. */
export function providerForPath(providers: readonly Provider[], url: string): Provider | undefined {
  const path = url.split('?')[0]!;
  const owner = sharedPrefixOwner(path);
  const shared = owner === undefined ? undefined : providers.find((p) => p.name === owner);
  if (shared) return shared;
  let best: Provider | undefined;
  let bestLength = -1;
  for (const p of providers) {
    for (const prefix of p.pathPrefixes) {
      if (
        (path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)) &&
        prefix.length > bestLength
      ) {
        best = p;
        bestLength = prefix.length;
      }
    }
  }
  return best;
}

/**
 * What a vendor answers to a request none of its routes took, and journals it
 * as that vendor's request: a path it serves with another method (its 405,
 * `Allow` listing the methods served), its router's trailing-slash redirect, or
 * its 404. `undefined` when the path is no vendor's.
 *
 * Decided here, after routing, rather than by a route per other method per
 * path: those routes were a third of the time an app took to build, and they
 * covered six methods where the vendors' routers answer any (`TRACE`,
 * `PROPFIND`, and the methods Node's parser refuses, replayed by ParserRefusals).
 */
export function vendorFallback(
  ctx: OrgMockContext,
  req: FastifyRequest,
  reply: FastifyReply,
  routing: ReadonlyMap<string, ServedRoutes>,
): FastifyReply | undefined {
  const provider = providerForPath(ctx.providers, req.url);
  if (!provider) return undefined;
  const startedAt = req.startedAt ?? performance.now();
  const served = routing.get(provider.name);
  const redirect = served && trailingSlashRedirect(provider, served, req);
  if (redirect) {
    req.refusalReason ??= `${provider.title}'s router redirects ${req.url.split('?')[0]} to ${redirect.location}`;
    reply.code(redirect.status).header('location', redirect.location).send('');
    recordVendorRequest(ctx, provider, req, redirect.status, '', performance.now() - startedAt);
    return reply;
  }
  const method = req.methodAsSent ?? req.method;
  // Where the vendor's routes follow Fastify's router, a parameter takes an empty
  // segment, and `%2F` stays inside its segment; Starlette and gin route on the
  // decoded path (see the onRequest hook of mountProvider).
  const emptyParams = provider.router === undefined;
  const path = emptyParams ? segmentsDecoded(req.url) : decodedPath(req.url);
  const routes = served && path !== undefined ? served.routesAt(path, emptyParams) : [];
  const allowed = methodsOf(routes);
  let err: VendorError;
  if (allowed.length > 0 && !(allowed.includes(method) || (method === 'HEAD' && allowed.includes('GET')))) {
    req.refusalReason ??=
      req.methodAsSent === undefined
        ? `${provider.title} serves ${routes.map((r) => r.url).join(' and ')} with ${allowed.join(', ')}, not ${method}`
        : `method '${req.methodAsSent}' as sent: methods are case-sensitive, no route serves it`;
    err = provider.errors.methodNotAllowed(req, allowed);
  } else {
    req.refusalReason ??= `${provider.title} serves no route ${method} ${req.url.split('?')[0]}`;
    err = provider.errors.notFound(req);
  }
  const body = sendVendorError(reply, err);
  recordVendorRequest(ctx, provider, req, err.status, body, performance.now() - startedAt);
  return reply;
}

function hasEmptyParam(params: unknown): boolean {
  if (typeof params !== 'object' || params === null) return false;
  for (const v of Object.values(params)) if (v === '') return true;
  return false;
}

/**
 * Where a refusal carries no reason of its own (a validation error whose answer
 * already says what is wrong), the vendor's own message is the reason.
 */
function vendorWords(err: VendorError): string {
  const body = err.body;
  if (typeof body === 'string') return `${err.status} ${body}`;
  if (typeof body === 'object' && body !== null) {
    for (const key of ['message', 'error_description', 'detail', 'error'] as const) {
      const value = (body as Record<string, unknown>)[key];
      if (typeof value === 'string' && value !== '') return value;
    }
    return JSON.stringify(body).slice(0, 300);
  }
  return `answered ${err.status}`;
}
