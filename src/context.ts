import type { Clock } from './clock.js';
import type { Store } from './store/store.js';
import type { TokenService } from './auth/tokens.js';
import type { Journal } from './admin/journal.js';
import type { FaultRegistry } from './admin/faults.js';
import type { Fixtures } from './fixtures.js';
import type { Provider } from './providers/types.js';
import type { RequestLog } from './logging.js';
import type { SnapshotRegistry } from './state/snapshots.js';

/** Everything a request handler may touch; one per app instance, never global. */
export interface OrgMockContext {
  store: Store;
  clock: Clock;
  tokens: TokenService;
  journal: Journal;
  faults: FaultRegistry;
  fixtures: Fixtures;
  providers: readonly Provider[];
  /** One log line per vendor request, at info. */
  requestLog: RequestLog;
  /** Named copies of the store's data (`POST /__admin/snapshots`). */
  snapshots: SnapshotRegistry;
  /**
   * Puts the store back to the fixtures and forgets requests, faults and snapshots: the app as it started.
   * Given `fixtures` (already checked, as `loadFixtures` answers them), they replace the old ones for this
   * and every later reset (`--watch`).
   */
  reset(fixtures?: Fixtures): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    orgmock: OrgMockContext;
  }
}
