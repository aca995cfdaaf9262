import type { LoadResult } from './load.js';

export type StoreMode = 'memory' | 'file';

export type RouteResult =
  | { vendor: string; method: string; path: string; status: 'skipped' | 'failed'; reason: string }
  | ({
      vendor: string;
      method: string;
      path: string;
      status: 'ok';
      /** Requests per second over those of the ceiling, measured in slices taken in turn with this route's. */
      ratio: number | null;
      /** Whether the store holds a name sent during the measured run. */
      wrote: boolean;
      ceiling: LoadResult;
      slices: number;
    } & LoadResult);

/** One server process: from spawn to its first 200, its RSS once idle after that, its peak RSS at the end. */
export interface ProcessFigures {
  coldStartMs: number;
  /** One second after the first 200 (the target's figure). */
  idleRssMB: number | null;
  /**
   * Ten seconds after the first 200, still idle: V8's memory reducer has then run
   * (it waits about 8 s), and start-up's garbage is handed back.
   */
  settledRssMB: number | null;
  peakRssMB: number | null;
}

export interface ModeResults extends ProcessFigures {
  mode: StoreMode;
  /** The bare Fastify ceiling's figures, started the same way just before orgmock. */
  ceilingProcess: ProcessFigures;
  routes: RouteResult[];
}

export interface Target {
  what: string;
  limit: string;
  value: number | null;
  met: boolean;
  /**
   * For a p99 target: the ceiling's own p99 over the slices taken in turn with
   * this route's. When it misses the limit too, the bare framework could not meet
   * it on this machine in that run; the target is still judged on orgmock's figure.
   */
  ceilingValue?: number;
}

export interface BenchResults {
  date: string;
  node: string;
  cpus: number;
  orgmock: 'bundle' | 'src';
  connections: number;
  durationSec: number;
  warmupSec: number;
  modes: ModeResults[];
  targets: Target[];
  allTargetsMet: boolean;
}

/** The targets: judged on the ratio to the ceiling, since absolute figures on shared machines are noisy. */
const TARGETS = {
  ratio: { memory: 0.6, file: 0.4 } as Record<StoreMode, number>,
  p99Ms: 15,
  /** orgmock's cold start over the ceiling's, started the same way in the same run. */
  coldStartRatio: 1.5,
  idleRssMB: 60,
  peakRssMB: 100,
};

export function judge(modes: ModeResults[]): Pick<BenchResults, 'targets' | 'allTargetsMet'> {
  const targets: Target[] = [];
  for (const m of modes) {
    for (const r of m.routes) {
      if (r.status !== 'ok') continue;
      const minRatio = TARGETS.ratio[m.mode];
      targets.push({
        what: `${m.mode} ${r.vendor} ratio to ceiling`,
        limit: `>= ${minRatio}`,
        value: r.ratio,
        met: (r.ratio ?? 0) >= minRatio,
      });
      targets.push({
        what: `${m.mode} ${r.vendor} p99 ms`,
        limit: `< ${TARGETS.p99Ms}`,
        value: r.p99Ms,
        met: r.p99Ms < TARGETS.p99Ms,
        ceilingValue: r.ceiling.p99Ms,
      });
      const bad = r.non2xx + r.errors + (r.wrote ? 0 : 1);
      targets.push({
        what: `${m.mode} ${r.vendor} every request a 2xx that wrote`,
        limit: '= 0 non-2xx/errors',
        value: r.non2xx + r.errors,
        met: bad === 0,
      });
    }
    const coldRatio = m.ceilingProcess.coldStartMs > 0 ? m.coldStartMs / m.ceilingProcess.coldStartMs : null;
    targets.push({
      what: `${m.mode} cold start x ceiling's`,
      limit: `<= ${TARGETS.coldStartRatio}`,
      value: coldRatio,
      met: coldRatio !== null && coldRatio <= TARGETS.coldStartRatio,
    });
    targets.push({
      what: `${m.mode} idle RSS MB`,
      limit: `< ${TARGETS.idleRssMB}`,
      value: m.idleRssMB,
      met: m.idleRssMB !== null && m.idleRssMB < TARGETS.idleRssMB,
    });
    targets.push({
      what: `${m.mode} peak RSS MB`,
      limit: `< ${TARGETS.peakRssMB}`,
      value: m.peakRssMB,
      met: m.peakRssMB !== null && m.peakRssMB < TARGETS.peakRssMB,
    });
  }
  return { targets, allTargetsMet: targets.every((t) => t.met) };
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

const fixed = (v: number | null | undefined, digits: number) =>
  v === null || v === undefined ? '-' : v.toFixed(digits);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
    .join('\n');
}

export function printReport(results: BenchResults): void {
  console.log(
    `\norgmock bench: ${results.connections} connections, ${results.durationSec} s per route ` +
      `(+${results.warmupSec} s warm-up), node ${results.node}, ${results.cpus} cpus, orgmock from ${results.orgmock}`,
  );
  for (const m of results.modes) {
    const bare = m.ceilingProcess;
    console.log(`\nstore: ${m.mode === 'memory' ? ':memory:' : 'file (WAL)'}`);
    console.log(
      table([
        ['process', 'cold start ms', 'idle RSS MB', 'settled MB', 'peak RSS MB'],
        ['orgmock', fixed(m.coldStartMs, 0), fixed(m.idleRssMB, 1), fixed(m.settledRssMB, 1), fixed(m.peakRssMB, 1)],
        [
          'ceiling',
          fixed(bare.coldStartMs, 0),
          fixed(bare.idleRssMB, 1),
          fixed(bare.settledRssMB, 1),
          fixed(bare.peakRssMB, 1),
        ],
        [
          'x ceiling',
          fixed(ratio(m.coldStartMs, bare.coldStartMs), 2),
          fixed(ratio(m.idleRssMB, bare.idleRssMB), 2),
          fixed(ratio(m.settledRssMB, bare.settledRssMB), 2),
          fixed(ratio(m.peakRssMB, bare.peakRssMB), 2),
        ],
      ]),
    );
    console.log('');
    const rows = [['route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'x ceiling', 'cpu', 'wrote']];
    for (const r of m.routes) {
      const label = `${r.vendor} ${r.method} ${r.path}`;
      if (r.status !== 'ok') {
        rows.push([label, `${r.status}: ${r.reason}`.slice(0, 60), '', '', '', '', '', '', '']);
        continue;
      }
      rows.push([
        label,
        fixed(r.rps, 0),
        fixed(r.p50Ms, 1),
        fixed(r.p99Ms, 1),
        String(r.non2xx),
        String(r.errors),
        fixed(r.ratio, 2),
        fixed(r.serverCpu, 2),
        r.wrote ? 'yes' : 'NO',
      ]);
      const c = r.ceiling;
      rows.push([
        '  ceiling, in turn with it',
        fixed(c.rps, 0),
        fixed(c.p50Ms, 1),
        fixed(c.p99Ms, 1),
        String(c.non2xx),
        String(c.errors),
        '',
        fixed(c.serverCpu, 2),
        '',
      ]);
    }
    console.log(table(rows));
  }
  const missed = results.targets.filter((t) => !t.met);
  console.log(`\ntargets: ${results.targets.length - missed.length} of ${results.targets.length} met`);
  for (const t of missed) {
    const ceiling =
      t.ceilingValue === undefined
        ? ''
        : `; ceiling in turn with it ${fixed(t.ceilingValue, 2)}${t.ceilingValue >= TARGETS.p99Ms ? ', missed it too' : ''}`;
    console.log(`  missed: ${t.what} = ${fixed(t.value, 2)} (target ${t.limit}${ceiling})`);
  }
  const p99 = results.targets.filter((t) => t.ceilingValue !== undefined);
  const ceilingMissed = p99.filter((t) => t.ceilingValue! >= TARGETS.p99Ms).length;
  if (ceilingMissed > 0) {
    console.log(
      `  the bare ceiling itself missed the p99 target in ${ceilingMissed} of ${p99.length} routes' slices: ` +
        'this machine was too slow or too busy for it in this run (see README, Benchmark)',
    );
  }
}
