import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

/** A route under load: every request gets the next body, so every one changes what is stored. */
export interface LoadTarget {
  url: string;
  method: 'PATCH' | 'PUT';
  path: string;
  headers: Record<string, string>;
  /** The JSON body of the n-th request. */
  body(n: number): unknown;
  /** The server's pid, to measure how busy it was. */
  pid?: number;
  /** The last `n` sent; the next request sends `n + 1`. */
  sent: number;
}

/** One stretch of load on one target. */
export interface Slice {
  seconds: number;
  latenciesMs: number[];
  non2xx: number;
  errors: number;
  timeouts: number;
  cpuSeconds: number | null;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Server CPU time over wall time while loaded (1 = one core busy). */
  serverCpu: number | null;
}

export async function runSlice(target: LoadTarget, seconds: number, connections: number): Promise<Slice> {
  const latenciesMs: number[] = [];
  let non2xx = 0;
  const instance = autocannon({
    url: `${target.url}${target.path}`,
    connections,
    duration: seconds,
    // autocannon looks at its stop flag once per sample: the default second would round every slice up to one.
    sampleInt: 50,
    method: target.method,
    headers: { 'content-type': 'application/json', ...target.headers },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(target.body(++target.sent)) }) }],
  });
  // Latencies are kept whole so that slices add up to exact percentiles.
  (instance as unknown as NodeJS.EventEmitter).on(
    'response',
    (_client: unknown, status: number, _bytes: number, ms: number) => {
      latenciesMs.push(ms);
      if (status < 200 || status > 299) non2xx++;
    },
  );
  const cpuBefore = cpuSeconds(target.pid);
  const started = performance.now();
  const r = await instance;
  const wall = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(target.pid);
  return {
    seconds: wall,
    latenciesMs,
    non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    cpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? null : cpuAfter - cpuBefore,
  };
}

export function summarize(slices: Slice[]): LoadResult {
  const latencies = slices.flatMap((s) => s.latenciesMs).sort((a, b) => a - b);
  const seconds = slices.reduce((t, s) => t + s.seconds, 0);
  const cpu = slices.every((s) => s.cpuSeconds !== null) ? slices.reduce((t, s) => t + s.cpuSeconds!, 0) : null;
  return {
    requests: latencies.length,
    rps: seconds > 0 ? latencies.length / seconds : 0,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    non2xx: slices.reduce((t, s) => t + s.non2xx, 0),
    errors: slices.reduce((t, s) => t + s.errors, 0),
    timeouts: slices.reduce((t, s) => t + s.timeouts, 0),
    serverCpu: cpu === null || seconds === 0 ? null : cpu / seconds,
  };
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** User + system CPU time of a process from /proc (Linux), in seconds. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux build that matters here. */
const CLOCK_TICKS = 100;
