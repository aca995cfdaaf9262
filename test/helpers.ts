import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, afterEach, vi } from 'vitest';
import { buildApp, type AppOptions } from '../src/app.js';
import { startOrgMock, type OrgMock, type OrgMockOptions } from '../src/harness.js';
import { fixedClock } from '../src/clock.js';

export const START = '2026-01-01T00:00:00.000Z';

type TestClock = ReturnType<typeof fixedClock>;

interface Kept {
  options: AppOptions;
  app: FastifyInstance;
  clock: TestClock;
  /** Handed to the running test already: a second make() in it gets an app of its own. */
  taken: boolean;
  closed: boolean;
}

/** Options naming an open store or a file describe state a reset does not put back. */
const keepable = (options: AppOptions) => options.store === undefined && options.dbPath === undefined;

/**
 * Apps for the tests of one describe block, on a clock that only moves when told to.
 *
 * Building an app costs 100-300 ms, a reset a few: so make() hands out an app the
 * block built earlier with equal options and no other caller in this test holds,
 * reset (fixtures reseeded, journal and faults cleared, the clock back at START);
 * only when there is none does it build one, and keeps it for later tests. A test
 * that makes three apps at once therefore gets three distinct apps, built once
 * for the whole block. A `fresh` one is built for the test alone and closed after
 * it, as is any app whose options name a store or a file. An app a test closed or
 * left listening is not reused.
 * The journal's ids keep growing across resets: a test that asserts them asks for
 * a fresh app.
 */
export function useApp() {
  const kept: Kept[] = [];
  const own: FastifyInstance[] = [];
  afterEach(async () => {
    // A spy on a kept app's store would otherwise count the next test's calls too.
    vi.restoreAllMocks();
    const done: Promise<unknown>[] = own.splice(0).map((a) => a.close());
    for (let i = kept.length - 1; i >= 0; i--) {
      const k = kept[i];
      if (!k) continue;
      k.taken = false;
      if (k.closed || k.app.server.listening) {
        kept.splice(i, 1);
        done.push(k.app.close());
      }
    }
    await Promise.all(done);
  });
  afterAll(async () => {
    await Promise.all(kept.splice(0).map((k) => k.app.close()));
  });

  async function build(options: AppOptions) {
    const clock = fixedClock(START);
    const app = await buildApp({ clock, secrets: { tokenSecret: 'test-secret' }, ...options });
    return { app, clock };
  }
  const made = (app: FastifyInstance, clock: TestClock) => ({
    app,
    clock,
    call: (opts: InjectOptions) => app.inject(opts),
  });

  return async function make(options: AppOptions = {}, { fresh = false }: { fresh?: boolean } = {}) {
    if (!fresh && keepable(options)) {
      const found = kept.find((k) => !k.taken && !k.closed && isDeepStrictEqual(k.options, options));
      if (found) {
        found.taken = true;
        found.app.orgmock.reset();
        found.clock.set(START);
        return made(found.app, found.clock);
      }
      const { app, clock } = await build(options);
      const k: Kept = { options, app, clock, taken: true, closed: false };
      app.addHook('onClose', async () => {
        k.closed = true;
      });
      kept.push(k);
      return made(app, clock);
    }
    const { app, clock } = await build(options);
    own.push(app);
    return made(app, clock);
  };
}

/**
 * One listening server for a describe block, for tests that each need a real port
 * but no options of their own: started on the first call, reset on every call (as
 * a suite written against orgmock does between its tests), closed after the block.
 */
export function useServer(options: OrgMockOptions = {}): () => Promise<OrgMock> {
  let mock: OrgMock | undefined;
  afterAll(async () => {
    await mock?.close();
  });
  return async () => {
    mock ??= await startOrgMock(options);
    mock.reset();
    return mock;
  };
}

/** Status, parsed body and content type of an inject() answer, for one exact assertion. */
export function answer(res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
  let body: unknown = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    /* keep text */
  }
  return { status: res.statusCode, body };
}
