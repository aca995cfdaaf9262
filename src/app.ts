import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { type Clock, systemClock } from './clock.js';
import { Store, type StoreDump } from './store/store.js';
import { SnapshotRegistry } from './state/snapshots.js';
import { TokenService } from './auth/tokens.js';
import { randomSecret } from './auth/secrets.js';
import { Journal, type JournalLimits } from './admin/journal.js';
import { Masking } from './admin/mask.js';
import { FaultRegistry } from './admin/faults.js';
import { createLogger, RequestLog, type LogOptions } from './logging.js';
import { adminRoutes } from './admin/routes.js';
import { registerLazyDocs } from './admin/docs.js';
import { lazySchemaCompilers } from './http/lazy-schema-compilers.js';
import { adminErrorHandler, sendAdminError } from './admin/errors.js';
import { eventRoutes } from './admin/events.js';
import { dashboardApiRoutes } from './admin/vendors.js';
import { uiRoutes } from './admin/ui-routes.js';
import { defaultFixturesDir, loadFixtures, seedBaseline, type Fixtures } from './fixtures.js';
import { providers as defaultProviders } from './providers/index.js';
import { mountProvider, providerForPath, vendorFallback } from './providers/mount.js';
import { registerBrowserAccess } from './http/browser-access.js';
import { serveHeadWithGet } from './http/head-with-get.js';
import { AccessPolicy } from './http/access-policy.js';
import { hostCheckedGrpc } from './server/grpc-host-check.js';
import { ServedRoutes } from './providers/served-routes.js';
import { dualProtocolServer } from './server/dual-protocol.js';
import { ParserRefusals } from './server/parser-refusals.js';
import { GO_MAX_HEADER_BYTES } from './server/http-stacks.js';
import { lazyGrpcHandler } from './server/grpc-handler.js';
import type { Provider } from './providers/types.js';
import type { OrgMockContext } from './context.js';
import { namedPlugin } from './http/named-plugin.js';

export interface AppOptions {
  /** An open store; otherwise one is opened at `dbPath` (default `:memory:`) and closed with the app. */
  store?: Store;
  dbPath?: string;
  /** Fixture data, or the folder to read it from (default: the bundled `fixtures/`). */
  fixtures?: Fixtures;
  fixturesDir?: string;
  clock?: Clock;
  secrets?: { tokenSecret?: string };
  /** pino options (`level`, `stream`...), or false (the default) for no logging. */
  logger?: boolean | LogOptions;
  /** Entries the journal keeps (default 10,000); `journalLimits` bounds its bytes too. */
  journalLimit?: number;
  journalLimits?: JournalLimits;
  /** A client must have sent its request headers within this time (default 10 s). */
  headersTimeoutMs?: number;
  /** ...and its whole request within this time (default 30 s). */
  requestTimeoutMs?: number;
  /** Largest accepted body in bytes (default 1 MiB). */
  bodyLimit?: number;
  providers?: readonly Provider[];
  /** The address the server listens on (`--host`); answered as a Host name unless it is a wildcard. */
  host?: string;
  /**
   * Host names answered besides `localhost`, `*.localhost`, IP addresses and `host`
   * (`.example.test` covers its subdomains). `true` answers any Host: open to DNS rebinding.
   */
  allowedHosts?: readonly string[] | true;
  /** Page origins allowed (CORS, `/__admin`) besides loopback ones: exact, or with `*` (`https://*.example.test`). */
  corsOrigins?: readonly string[];
}

/** Headers every page needs whatever vendor it calls; each vendor adds its own (`Provider.corsHeaders`). */
const COMMON_CORS_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'X-Requested-With'];

/** Builds an orgmock app. Knows nothing of process env or flags: that is cli.ts's job. */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const providers = options.providers ?? defaultProviders;
  const fixtures = options.fixtures ?? loadFixtures(options.fixturesDir ?? defaultFixturesDir, providers);
  const ownsStore = !options.store;
  const store = options.store ?? new Store(options.dbPath ?? ':memory:');
  const clock = options.clock ?? systemClock;
  const masking = new Masking(providers);
  const journal = new Journal({ entries: options.journalLimit, ...options.journalLimits }, masking);
  const faults = new FaultRegistry();

  // The store as the fixtures make it, kept so that a reset is one bulk load
  // rather than a new seeding (password hashing, a statement per record).
  let baseline: StoreDump | undefined;
  try {
    if (store.isEmpty()) baseline = seedBaseline(store, providers, fixtures);
  } catch (err) {
    if (ownsStore) store.close();
    throw err;
  }

  const logger = await createLogger(options.logger, masking);
  const ctx: OrgMockContext = {
    store,
    clock,
    tokens: new TokenService(options.secrets?.tokenSecret ?? randomSecret(), clock),
    journal,
    faults,
    fixtures,
    providers,
    requestLog: new RequestLog(logger, masking),
    snapshots: new SnapshotRegistry(store, clock),
    reset(next) {
      if (next) {
        // Seeding is one transaction: fixtures that fail to seed leave the store and the old baseline as they were.
        baseline = seedBaseline(store, providers, next);
        ctx.fixtures = next;
      } else if (baseline) store.load(baseline);
      else baseline = seedBaseline(store, providers, ctx.fixtures);
      journal.clear();
      faults.clear();
      ctx.snapshots.clear();
    },
  };

  // gRPC (HTTP/2) shares the port with every HTTP/1.1 route.
  const policy = new AccessPolicy({
    host: options.host,
    allowedHosts: options.allowedHosts,
    corsOrigins: options.corsOrigins,
  });
  const grpcHandler = hostCheckedGrpc(policy, lazyGrpcHandler(providers, ctx));
  // Which methods each vendor path serves, filled as the routes are registered.
  const routing = new Map(providers.map((p) => [p.name, new ServedRoutes()] as const));
  const fallback = (req: FastifyRequest, reply: FastifyReply) => vendorFallback(ctx, req, reply, routing);
  // Requests Node's HTTP parser refuses are answered as each vendor's own server would.
  const parserRefusals = new ParserRefusals(providers, ctx);
  const app = Fastify({
    clientErrorHandler: parserRefusals.onClientError,
    rewriteUrl: parserRefusals.rewriteUrl,
    serverFactory: dualProtocolServer(grpcHandler, options.headersTimeoutMs),
    // Typed as Fastify's base logger, the type every route and plugin here is written against.
    loggerInstance: logger as FastifyBaseLogger | undefined,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // An admin body with a field the schema does not know (a typo: `delayMS`) is refused, not silently trimmed.
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: lazySchemaCompilers(),
    // Fastify's two lines per request are replaced by one per vendor request, with
    // its vendor and refusal reason (RequestLog, written where the journal records).
    logController: new LogController({ disableRequestLogging: true }),
    // A slow client must not hold a connection forever.
    connectionTimeout: 0,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Ids are the vendors' to judge (a 422, a 404 in their format), however long:
    // the server's head limit (Go's, see http-stacks.ts) already bounds the URL.
    routerOptions: { maxParamLength: GO_MAX_HEADER_BYTES },
    // HEAD is served by each GET route itself (serveHeadWithGet), not by a route of its own.
    exposeHeadRoutes: false,
    // A path the router cannot decode (`%zz`) matches no route: on a vendor's
    // paths, that vendor's 404 rather than Fastify's own error body.
    frameworkErrors: (err, req, reply: FastifyReply) =>
      (parserRefusals.refuseBadEscape(req, reply) ? reply : undefined) ??
      fallback(req, reply) ??
      sendAdminError(reply, err.statusCode ?? 400, err.code ?? 'ORGMOCK_BAD_REQUEST', err.message),
  });
  app.decorate('orgmock', ctx);
  serveHeadWithGet(app);
  parserRefusals.attach(app);

  // A request no vendor route took, on a vendor's paths, is that vendor's 405
  // or 404, even when the root's body parser failed on it first (empty or
  // invalid JSON). Set before any route, so that every route of the root has them.
  // Outside the vendors' paths, orgmock's own answers have the admin error shape.
  app.setErrorHandler((err, req, reply) => fallback(req, reply) ?? adminErrorHandler(err as Error, req, reply));
  app.setNotFoundHandler((req, reply) => {
    return (
      fallback(req, reply) ??
      sendAdminError(reply, 404, 'ORGMOCK_NOT_FOUND', `orgmock serves no route ${req.method} ${req.url.split('?')[0]}`)
    );
  });

  // Browser clients (frontends working offline) call every vendor from their own
  // origin, with credentials (Razi's cookie) and every vendor's own headers; only
  // allowed hosts and origins, and /__admin only from allowed pages.
  registerBrowserAccess(app, {
    policy,
    allowedHeaders: [...new Set([...COMMON_CORS_HEADERS, ...providers.flatMap((p) => p.corsHeaders ?? [])])],
    exposedHeaders: ['WWW-Authenticate', 'Allow', 'grpc-status', 'grpc-message'],
    isVendorPath: (url) => providerForPath(providers, url) !== undefined,
  });

  // The OpenAPI document is built from the routes' TypeBox schemas, on first use.
  registerLazyDocs(app);

  await app.register(namedPlugin('orgmock-admin', async (admin) => adminRoutes(admin, ctx)));
  await app.register(namedPlugin('orgmock-dashboard-api', async (admin) => dashboardApiRoutes(admin, ctx)));
  await app.register(namedPlugin('orgmock-events', async (admin) => eventRoutes(admin, ctx)));
  await app.register(namedPlugin('orgmock-ui', async (admin) => uiRoutes(admin)));
  for (const provider of providers) mountProvider(app, provider, ctx, routing.get(provider.name)!, fallback);

  app.addHook('onClose', async () => {
    if (ownsStore) store.close();
  });
  return app;
}
