import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import type { ConnectRouter } from '@connectrpc/connect';
import type { OrgMockContext } from '../context.js';
import type { Store } from '../store/store.js';
import type { VendorError } from './vendor-error.js';
import type { HttpStack } from '../server/http-stacks.js';

/** How a vendor answers failures that happen before its handlers run. */
export interface VendorErrorFormat {
  /** Fastify/body-reading failures (413, 415, aborted body...) and anything unexpected (500). */
  fromFramework(err: FastifyError, req: FastifyRequest): VendorError;
  /** A path under the vendor's prefixes that it does not serve. */
  notFound(req: FastifyRequest): VendorError;
  /**
   * A path it serves, with a method it does not. `allowed` lists the methods
   * the path serves, in the order its routes were registered (for `Allow`).
   */
  methodNotAllowed(req: FastifyRequest, allowed: readonly string[]): VendorError;
}

/**
 * One emulated vendor. Everything about it lives in `src/providers/<name>/`;
 * `src/providers/index.ts` lists the vendors, one line each.
 */
// biome-ignore lint/suspicious/noExplicitAny: the list of vendors holds providers of every fixture type
export interface Provider<F = any> {
  /** Short id used in the journal, fixtures file name and admin API: `junction`. */
  name: string;
  title: string;
  /** Path prefixes the vendor owns, so unknown paths under them get its 404. */
  pathPrefixes: string[];
  /**
   * Request headers a browser page must be allowed to send to this vendor (CORS),
   * besides `Authorization`, `Content-Type` and `Accept`: its credential and
   * protocol headers (`X-Management-Key`, `X-App-Name`...).
   */
  corsHeaders?: readonly string[];
  /**
   * Request headers that carry this vendor's credentials (`X-Management-Key`):
   * masked in the journal and the logs, besides `Authorization` and cookies.
   */
  credentialHeaders?: readonly string[];
  /**
   * Body field names that hold this vendor's secrets, matched as a suffix in any
   * case (`otpCode`), besides the generic ones (`secret`, `password`, `token`, `api_key`).
   */
  secretFields?: readonly string[];
  /**
   * The HTTP server in front of the vendor's handlers: it decides how requests
   * Node's parser refuses are answered (a lower-case method, bad header bytes, a
   * body that ends early...). See `src/server/http-stacks.ts`.
   */
  httpStack: HttpStack;
  /**
   * The router in front of the handlers, where its rules differ from Fastify's:
   * - `starlette` (behind uvicorn): matches the path after uvicorn's `unquote`
   *   (`%2F` is a slash, `%ZZ` stays as it is); a path that matches only without
   *   its trailing slashes is a 307 to it, whatever the method;
   * - `gin` (on Go's net/http): matches Go's decoded `URL.Path` (`%FF` is one
   *   byte); one trailing slash is a 307 (301 for GET) when the same method is
   *   served without it.
   * Both answer an unrouted method with 405 (OPTIONS included), and no route
   * of either matches an empty segment. Unset: Fastify's rules.
   */
  router?: 'starlette' | 'gin';
  /** Shape of `fixtures/<name>.json`; checked at start-up. */
  fixtureSchema: TSchema;
  /** Checks that go beyond the schema (references between records); returns problems. */
  checkFixtures?(fixtures: F): string[];
  /**
   * The startup banner's line for this vendor: a credential from these fixtures
   * and what to call with it; undefined when they hold none that may update.
   */
  tryIt?(fixtures: F): string | undefined;
  /**
   * Writes a fixtures document into the store, upserting each record by its key
   * (`fixtureKeys`): a record is replaced whole, with what hangs off it (a user's
   * memberships), and records not named are kept. Runs inside the caller's
   * transaction; start-up, reset, `POST /__admin/state/:vendor` and `mock.seed` use it.
   */
  seed(store: Store, fixtures: F): void;
  /** How the document's records are keyed, so that a partial document can be merged by id. */
  fixtureKeys: FixtureKeys;
  /** The vendor's data in the store, as a fixtures document (what export writes). */
  exportFixtures(store: Store): F;
  /**
   * Removes one org and what hangs off it (its keys, the roles held in it), in
   * every tenant or only `tenant`; how many orgs went. Without it, the org rows
   * and the memberships in them go.
   */
  deleteOrg?(store: Store, orgId: string, tenant?: string): number;
  /**
   * Native gRPC services the vendor's own SDK calls (h2c on the same port as
   * HTTP/1.1). Loaded on the first HTTP/2 connection, so the protobuf stack
   * costs nothing at start-up or to REST clients.
   */
  loadGrpc?(): Promise<GrpcRegistrar>;
  /** Registers the vendor's routes in a scope that already routes errors to `errors`. */
  routes(scope: FastifyInstance, ctx: OrgMockContext): Promise<void> | void;
  errors: VendorErrorFormat;
  /**
   * Named errors in the vendor's exact format, for fault injection
   * (`POST /__admin/faults {"vendor": "gmicloud", "error": "organization/1401"}`).
   */
  faults: Record<string, () => VendorError>;
  /**
   * Issues a credential for one of the vendor's identities without its login
   * chain (`POST /__admin/tokens`). `identity` is what a user would type: a client
   * id, an email, a key. A negative `expiresIn` gives an already-expired token.
   */
  mintToken?(
    ctx: OrgMockContext,
    identity: string,
    options: { expiresIn?: number; tenant?: string },
  ): Promise<MintedToken>;
  /** How the dashboard (`/__admin/ui`) shows the vendor and sends an edited org back. */
  dashboard?: VendorDashboard;
}

/** What the dashboard needs to know of a vendor beyond its data. */
export interface VendorDashboard {
  /** The vendor's short name, the heading of its section: `GMI Cloud`. */
  heading: string;
  /** What the vendor calls a tenant (`environment`, `app`); absent when it has none. */
  tenantLabel?: string;
  /**
   * Where orgs sit in `fixtures/<name>.json`, so an edited org goes back through
   * the seeding API in that shape: `{ tenants: { list: 'apps', key: 'name' }, orgs: 'orgs' }`.
   */
  fixtureOrgs: { tenants?: { list: string; key: string }; orgs: string };
  /** The org field that holds its display name. */
  orgName: string;
  /** `identity`: a credential is minted for a user or client; `org`: for an org (Junction's management keys). */
  mintBy: 'identity' | 'org';
  /** A sample update to show with a minted credential; `:id` in `path` is the org's id. */
  sampleUpdate: { method: string; path: string; body: unknown };
}

/**
 * For each array of a fixtures document, the field its records are known by; an
 * array of tenants (Razi apps, Scalekit environments) names its own arrays in turn.
 */
export interface FixtureKeys {
  [arrayField: string]: string | { key: string; children: FixtureKeys };
}

/** Registers a vendor's gRPC services on the shared Connect router. */
export type GrpcRegistrar = (router: ConnectRouter, ctx: OrgMockContext) => void;

export interface MintedToken {
  /** The credential, and how to send it: `{"authorization": "Bearer ..."}`. */
  token: string;
  headers: Record<string, string>;
  /** Seconds; null for a credential that does not expire. */
  expiresIn: number | null;
}
