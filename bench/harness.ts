/**
 * `npm run bench -- --harness`: what the in-process harness costs a test suite.
 * A second `startOrgMock()` in one process, `reset()`, `snapshot()` and
 * `restore()` with the default fixtures, and the memory one more instance takes.
 * Targets (issue 19): reset and snapshot/restore medians under 2 ms, a second
 * instance under 30 ms.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startOrgMock, type OrgMock } from '../src/harness.js';

export interface HarnessResults {
  node: string;
  firstStartMs: number;
  /** Medians and 95th percentiles, in milliseconds. */
  startMs: Stats;
  resetMs: Stats;
  snapshotMs: Stats;
  restoreMs: Stats;
  /** Heap and RSS one more open instance adds, averaged over `instances` (MB). */
  perInstance: { heapMB: number; rssMB: number; instances: number };
  targets: { name: string; value: number; limit: number; met: boolean }[];
}

interface Stats {
  median: number;
  p95: number;
  runs: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: round(at(0.5)), p95: round(at(0.95)), runs: sorted.length };
}
const round = (ms: number) => Math.round(ms * 1000) / 1000;

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** A full collection before each memory reading, without asking the caller for --expose-gc. */
function exposeGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}
const gc = exposeGc();

export async function benchHarness(log: (line: string) => void = console.log): Promise<HarnessResults> {
  const quiet = { logger: false } as const;
  let t = performance.now();
  const first = await startOrgMock(quiet);
  const firstStartMs = round(performance.now() - t);

  const starts: number[] = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    const m = await startOrgMock(quiet);
    starts.push(performance.now() - t);
    await m.close();
  }

  // Each reset follows a change, as between two tests.
  const resets: number[] = [];
  const snapshots: number[] = [];
  const restores: number[] = [];
  const org = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  for (let i = 0; i < 300; i++) {
    first.app.orgmock.store.updateOrg('junction', '', org, (o: object) => ({ ...o, name: `n${i}` }));
    resets.push(time(() => first.reset()));
    let id = '';
    snapshots.push(time(() => (id = first.snapshot())));
    first.app.orgmock.store.updateOrg('junction', '', org, (o: object) => ({ ...o, name: `m${i}` }));
    restores.push(time(() => first.restore(id)));
  }
  await first.close();

  const instances = 20;
  gc?.();
  const before = process.memoryUsage();
  const open: OrgMock[] = [];
  for (let i = 0; i < instances; i++) open.push(await startOrgMock(quiet));
  gc?.();
  const after = process.memoryUsage();
  await Promise.all(open.map((m) => m.close()));
  const perInstance = {
    heapMB: round((after.heapUsed - before.heapUsed) / instances / 1024 / 1024),
    rssMB: round((after.rss - before.rss) / instances / 1024 / 1024),
    instances,
  };

  const results: HarnessResults = {
    node: process.version,
    firstStartMs,
    startMs: stats(starts),
    resetMs: stats(resets),
    snapshotMs: stats(snapshots),
    restoreMs: stats(restores),
    perInstance,
    targets: [],
  };
  const target = (name: string, value: number, limit: number) =>
    results.targets.push({ name, value, limit, met: value < limit });
  target('reset() median ms', results.resetMs.median, 2);
  target('second startOrgMock() median ms', results.startMs.median, 30);
  target('snapshot() median ms', results.snapshotMs.median, 2);
  target('restore() median ms', results.restoreMs.median, 2);

  log(
    `harness (in-process, default fixtures, ${process.version}${gc ? '' : ', no --expose-gc: memory is approximate'})`,
  );
  log(`  first startOrgMock()   ${firstStartMs} ms`);
  const line = (name: string, s: Stats) =>
    log(`  ${name.padEnd(22)} median ${s.median} ms, p95 ${s.p95} ms (${s.runs} runs)`);
  line('next startOrgMock()', results.startMs);
  line('reset()', results.resetMs);
  line('snapshot()', results.snapshotMs);
  line('restore(id)', results.restoreMs);
  log(`  per instance           heap ${perInstance.heapMB} MB, rss ${perInstance.rssMB} MB (${instances} open)`);
  for (const t of results.targets) log(`  ${t.met ? 'ok  ' : 'MISS'} ${t.name} ${t.value} < ${t.limit}`);
  return results;
}
