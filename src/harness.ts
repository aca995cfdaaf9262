import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from './app.js';
import { checkFault, type FaultSpec, type Fault } from './admin/faults.js';
import { EXPIRES_IN_MAX } from './admin/limits.js';
import { type JournalEntry, type JournalFilter, matches } from './admin/journal.js';
import type { MintedToken } from './providers/types.js';
import { type Export, exportAll, replaceVendorData, upsertVendorData } from './state/vendor-data.js';
import type { VendorName } from './providers/index.js';
import { LISTEN_BACKLOG } from './server/listen.js';

export interface OrgMockOptions extends AppOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
}

export interface OrgMock {
  url: string;
  port: number;
  app: FastifyInstance;
  reset(): void;
  mintToken(
    vendor: VendorName,
    identity: string,
    options?: { expiresIn?: number; tenant?: string },
  ): Promise<MintedToken>;
  requests(filter?: JournalFilter & { vendor?: VendorName }): JournalEntry[];
  /**
   * Resolves with the first vendor request that matches, recorded from now on
   * (or, with `since`, already recorded after that id); rejects after
   * `timeoutMs` (default 5000). `filter` is a journal filter or a predicate.
   */
  waitForRequest(
    filter?: (JournalFilter & { vendor?: VendorName }) | ((entry: JournalEntry) => boolean),
    options?: { timeoutMs?: number },
  ): Promise<JournalEntry>;
  inject(fault: FaultSpec & { vendor: VendorName }): Fault;
  clearFaults(): void;
  /**
   * Upserts a (partial) fixtures document of one vendor by id, as
   * `POST /__admin/state/:vendor` does; throws a SeedError naming the first
   * problem, and then writes nothing.
   */
  seed(vendor: VendorName, data: unknown): void;
  /** Replaces one vendor's data, as `PUT /__admin/state/:vendor` does. */
  replace(vendor: VendorName, data: unknown): void;
  /** Every vendor's data in fixture format, keyed by vendor (`GET /__admin/export`). */
  export(): Export;
  /** Copies the store's data (not the journal); the id is for `restore`. */
  snapshot(): string;
  /** Puts the store back exactly to a snapshot; throws for an unknown id. */
  restore(id: string): void;
  close(): Promise<void>;
}

/**
 * Starts orgmock inside the calling process, on its own port and its own
 * in-memory store: several instances in one test run share nothing.
 */
export async function startOrgMock(options: OrgMockOptions = {}): Promise<OrgMock> {
  const { port = 0, host = '127.0.0.1', ...appOptions } = options;
  const app = await buildApp({ host, ...appOptions });
  await app.listen({ port, host, backlog: LISTEN_BACKLOG });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const ctx = app.orgmock;
  const providerNamed = (vendor: string) => {
    const provider = ctx.providers.find((p) => p.name === vendor);
    if (!provider) throw new Error(`orgmock: unknown vendor ${vendor}`);
    return provider;
  };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
    port: boundPort,
    app,
    reset: () => ctx.reset(),
    async mintToken(vendor, identity, opts = {}) {
      const provider = ctx.providers.find((p) => p.name === vendor);
      // Checked at run time too, for callers in JavaScript.
      if (!provider?.mintToken)
        throw new Error(
          `orgmock: unknown vendor ${JSON.stringify(vendor)}: one of ${ctx.providers.map((p) => p.name).join(', ')}`,
        );
      const { expiresIn } = opts;
      if (expiresIn !== undefined && !(Number.isInteger(expiresIn) && Math.abs(expiresIn) <= EXPIRES_IN_MAX))
        throw new RangeError(`orgmock: expiresIn must be a whole number of seconds within ±${EXPIRES_IN_MAX}`);
      return provider.mintToken(ctx, identity, opts);
    },
    requests: (filter) => ctx.journal.list(filter),
    waitForRequest(filter = {}, { timeoutMs = 5000 } = {}) {
      const test = typeof filter === 'function' ? filter : (e: JournalEntry) => matches(e, filter);
      const since = typeof filter === 'function' ? undefined : filter.since;
      if (since !== undefined) {
        const already = ctx.journal.list({ since }).find(test);
        if (already) return Promise.resolve(already);
      }
      return new Promise<JournalEntry>((resolve, reject) => {
        const timer = setTimeout(() => {
          stop();
          const what = typeof filter === 'function' ? 'the predicate' : JSON.stringify(filter);
          reject(new Error(`orgmock: no request matching ${what} within ${timeoutMs} ms`));
        }, timeoutMs);
        const stop = ctx.journal.subscribe((entry) => {
          if (!test(entry)) return;
          clearTimeout(timer);
          stop();
          resolve(entry);
        });
      });
    },
    inject(fault) {
      checkFault(ctx.providers, fault);
      return ctx.faults.add(fault);
    },
    clearFaults: () => ctx.faults.clear(),
    seed: (vendor, data) => upsertVendorData(ctx.store, providerNamed(vendor), data),
    replace: (vendor, data) => replaceVendorData(ctx.store, providerNamed(vendor), data),
    export: () => exportAll(ctx.store, ctx.providers),
    snapshot: () => ctx.snapshots.take().id,
    restore(id) {
      if (!ctx.snapshots.restore(id)) throw new Error(`orgmock: no snapshot ${id}`);
    },
    close: () => app.close(),
  };
}
