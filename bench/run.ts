/**
 * `npm run bench`: orgmock's vendor update routes under load, against a bare
 * Fastify server (the ceiling) in the same run, with the in-memory and the file
 * store. Prints a table and writes the figures as JSON. Exits non-zero only when
 * it cannot run; a missed target is reported, not an error.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { peakRssMB, rssMB, startServer, type Server } from './child.js';
import { productionNodeFlags } from './production-start.js';
import { runSlice, summarize, type LoadTarget, type Slice } from './load.js';
import { ROUTES, benchName, lastBenchN, type VendorRoute } from './routes.js';
import {
  judge,
  printReport,
  type BenchResults,
  type ModeResults,
  type ProcessFigures,
  type RouteResult,
  type StoreMode,
} from './report.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: npm run bench -- [--duration S] [--warmup S] [--connections N] [--modes memory,file] [--out FILE] [--source] [--harness]
  --harness      only the in-process harness: startOrgMock(), reset(), snapshot/restore, memory per instance
  --duration     measured seconds per route (default 5)
  --warmup       discarded seconds before each route (default: a fifth of --duration, at most 1)
  --connections  concurrent connections (default 50)
  --modes        store modes to run (default memory,file)
  --out          where to write the JSON (default bench/results.json)
  --source       run orgmock from src/ with tsx instead of the production bundle in bundle/ (for the smoke test)`;

interface Options {
  durationSec: number;
  warmupSec: number;
  connections: number;
  modes: StoreMode[];
  out: string;
  source: boolean;
  harness: boolean;
}

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      modes: { type: 'string' },
      out: { type: 'string' },
      source: { type: 'boolean' },
      harness: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (text: string | undefined, fallback: number, what: string) => {
    if (text === undefined) return fallback;
    const v = Number(text);
    if (!Number.isFinite(v) || v < 0) throw new Error(`invalid ${what}: ${text}\n${USAGE}`);
    return v;
  };
  const durationSec = positive(values.duration, 5, '--duration');
  if (durationSec === 0) throw new Error(`--duration must be more than 0\n${USAGE}`);
  const modes = (values.modes ?? 'memory,file').split(',').map((m) => m.trim());
  for (const m of modes) if (m !== 'memory' && m !== 'file') throw new Error(`unknown store mode ${m}\n${USAGE}`);
  return {
    durationSec,
    warmupSec: positive(values.warmup, Math.min(1, durationSec / 5), '--warmup'),
    connections: Math.max(1, Math.round(positive(values.connections, 50, '--connections'))),
    modes: modes as StoreMode[],
    out: resolve(values.out ?? join(root, 'bench', 'results.json')),
    source: values.source ?? false,
    harness: values.harness ?? false,
  };
}

function orgmockArgs(opts: Options, db: string): string[] {
  // The production start (`npm run start:prod`, the Docker CMD): the bundle, with its Node flags.
  const entry = opts.source
    ? ['--import', 'tsx', join(root, 'src', 'cli.ts')]
    : [...NODE_FLAGS, join(root, 'bundle', 'cli.js')];
  return [...entry, '--port', '0', '--log-level', 'silent', '--db', db];
}

/** Node's flags for both servers: the production start's (`npm run start:prod`). */
const NODE_FLAGS = productionNodeFlags(root);

/**
 * How the ceiling is started: as orgmock is, so that cold start and memory compare
 * like with like. With the bundle, the ceiling is bundled by the same esbuild into
 * one file of its own; with --source, both run from source under tsx.
 */
async function ceilingArgs(opts: Options, dir: string): Promise<string[]> {
  const source = join(root, 'bench', 'ceiling.ts');
  if (opts.source) return ['--import', 'tsx', source];
  const { build } = await import('esbuild');
  const outfile = join(dir, 'ceiling.mjs');
  await build({
    entryPoints: [source],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return [...NODE_FLAGS, outfile];
}

/** Seconds after the first 200 at which the settled figure is read: past V8's memory reducer (about 8 s). */
const SETTLED_AFTER_SEC = 10;

/** Cold start and resident memory of one server, as measured at start. */
async function figuresAtStart(servers: Server[]): Promise<Map<Server, ProcessFigures>> {
  // Idle: once start-up's last timers and promises have settled.
  await sleep(1000);
  const idle = servers.map((s) => rssMB(s.child.pid) ?? null);
  await sleep((SETTLED_AFTER_SEC - 1) * 1000);
  return new Map(
    servers.map((s, i) => [
      s,
      {
        coldStartMs: s.coldStartMs,
        idleRssMB: idle[i] ?? null,
        settledRssMB: rssMB(s.child.pid) ?? null,
        peakRssMB: null,
      } satisfies ProcessFigures,
    ]),
  );
}

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* kept as text */
  }
  return { status: res.status, body };
}

/** Vendors the running orgmock serves, from its admin state. */
async function registeredVendors(url: string): Promise<string[]> {
  const { status, body } = await json(`${url}/__admin/state`);
  if (status !== 200 || typeof body !== 'object' || body === null)
    throw new Error(`GET /__admin/state answered ${status}`);
  return Object.keys(body);
}

async function credentials(url: string, route: VendorRoute): Promise<Record<string, string>> {
  const { status, body } = await json(`${url}/__admin/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      vendor: route.vendor,
      identity: route.identity,
      ...(route.tenant ? { tenant: route.tenant } : {}),
    }),
  });
  const headers = (body as { headers?: Record<string, string> } | null)?.headers;
  if (status !== 201 || !headers) throw new Error(`POST /__admin/tokens answered ${status} ${JSON.stringify(body)}`);
  return { ...route.extraHeaders, ...headers };
}

/**
 * The route and the ceiling take turns in short slices (ceiling-route, then
 * route-ceiling, ...), so that whatever else the machine is doing weighs on both
 * alike and the ratio stays meaningful on a shared machine.
 */
async function paired(
  route: LoadTarget,
  ceiling: LoadTarget,
  opts: Options,
): Promise<{ route: Slice[]; ceiling: Slice[] }> {
  const slice = Math.min(SLICE_SEC, opts.durationSec);
  const count = Math.max(1, Math.round(opts.durationSec / slice));
  const out = { route: [] as Slice[], ceiling: [] as Slice[] };
  for (let i = 0; i < count; i++) {
    const order = i % 2 === 0 ? (['ceiling', 'route'] as const) : (['route', 'ceiling'] as const);
    for (const which of order) {
      out[which].push(await runSlice(which === 'route' ? route : ceiling, slice, opts.connections));
    }
  }
  return out;
}

const SLICE_SEC = 1;

async function benchRoute(
  server: Server,
  ceiling: LoadTarget,
  route: VendorRoute,
  opts: Options,
): Promise<RouteResult> {
  const base = { vendor: route.vendor, method: route.method, path: route.path };
  let headers: Record<string, string>;
  try {
    headers = await credentials(server.url, route);
    // One request first: a route that refuses the bench's request is a failure to report, not a load to measure.
    const probe = await json(`${server.url}${route.path}`, {
      method: route.method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(route.body(0)),
    });
    if (probe.status < 200 || probe.status > 299)
      throw new Error(`probe answered ${probe.status} ${JSON.stringify(probe.body)}`);
  } catch (err) {
    return { ...base, status: 'failed', reason: (err as Error).message };
  }
  const target: LoadTarget = {
    url: server.url,
    method: route.method,
    path: route.path,
    headers,
    body: route.body,
    pid: server.child.pid,
    sent: 0,
  };
  if (opts.warmupSec > 0) await runSlice(target, opts.warmupSec, opts.connections);
  const firstMeasured = target.sent + 1;
  const slices = await paired(target, ceiling, opts);
  const result = summarize(slices.route);
  const ceilingResult = summarize(slices.ceiling);
  const state = await json(`${server.url}/__admin/state/${route.vendor}`);
  const stored = lastBenchN(state.body);
  return {
    ...base,
    status: 'ok',
    ...result,
    ratio: ceilingResult.rps > 0 ? result.rps / ceilingResult.rps : null,
    wrote: stored !== undefined && stored >= firstMeasured,
    ceiling: ceilingResult,
    slices: slices.route.length,
  };
}

async function benchMode(mode: StoreMode, ceilingLaunch: string[], opts: Options): Promise<ModeResults> {
  const dir = mode === 'file' ? mkdtempSync(join(tmpdir(), 'orgmock-bench-')) : undefined;
  const db = dir ? join(dir, 'bench.db') : ':memory:';
  // A ceiling of its own per mode, started just before orgmock: the two cold starts
  // and idle figures are taken on the same machine in the same minute.
  log(`${mode}: starting the ceiling`);
  const ceilingServer = await startServer({ name: 'ceiling', args: ceilingLaunch, cwd: root, healthPath: '/health' });
  let server: Server | undefined;
  try {
    log(`${mode}: starting orgmock (${opts.source ? 'src' : 'bundle'}, --db ${db})`);
    server = await startServer({
      name: 'orgmock',
      args: orgmockArgs(opts, db),
      cwd: root,
      healthPath: '/__admin/health',
    });
    const atStart = await figuresAtStart([server, ceilingServer]);
    const ceiling = ceilingTarget(ceilingServer);
    const registered = new Set(await registeredVendors(server.url));
    if (opts.warmupSec > 0) await runSlice(ceiling, opts.warmupSec, opts.connections);
    const routes: RouteResult[] = [];
    for (const route of ROUTES) {
      if (!registered.has(route.vendor)) {
        routes.push({
          vendor: route.vendor,
          method: route.method,
          path: route.path,
          status: 'skipped',
          reason: 'not registered',
        });
        continue;
      }
      log(`${mode}: ${route.vendor} ${route.method} ${route.path}`);
      routes.push(await benchRoute(server, ceiling, route, opts));
    }
    const orgmock = atStart.get(server)!;
    const bare = atStart.get(ceilingServer)!;
    return {
      mode,
      coldStartMs: orgmock.coldStartMs,
      idleRssMB: orgmock.idleRssMB,
      settledRssMB: orgmock.settledRssMB,
      peakRssMB: peakRssMB(server.child.pid) ?? null,
      ceilingProcess: { ...bare, peakRssMB: peakRssMB(ceilingServer.child.pid) ?? null },
      routes,
    };
  } finally {
    await server?.stop();
    await ceilingServer.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function ceilingTarget(ceiling: Server): LoadTarget {
  return {
    url: ceiling.url,
    method: 'PATCH',
    path: '/ceiling/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    headers: {},
    body: (n) => ({ name: benchName(n) }),
    pid: ceiling.child.pid,
    sent: 0,
  };
}

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function main(): Promise<number> {
  const opts = readOptions(process.argv.slice(2));
  if (opts.harness) return harnessOnly(opts.out);
  if (!opts.source && !existsSync(join(root, 'bundle', 'cli.js'))) {
    throw new Error('bundle/cli.js is missing: run `npm run build` first (npm run bench does), or pass --source');
  }
  // This process's first fetch loads and sets up its HTTP client: done here, so no cold start is charged for it.
  await fetch('http://127.0.0.1:1/').catch(() => undefined);
  const work = mkdtempSync(join(tmpdir(), 'orgmock-bench-ceiling-'));
  const modes: ModeResults[] = [];
  try {
    const ceilingLaunch = await ceilingArgs(opts, work);
    for (const mode of opts.modes) modes.push(await benchMode(mode, ceilingLaunch, opts));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const results: BenchResults = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    orgmock: opts.source ? 'src' : 'bundle',
    connections: opts.connections,
    durationSec: opts.durationSec,
    warmupSec: opts.warmupSec,
    modes,
    ...judge(modes),
  };
  printReport(results);
  writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten to ${opts.out}`);
  const failed = modes.flatMap((m) =>
    m.routes.flatMap((r) => (r.status === 'failed' ? [`${m.mode} ${r.vendor}: ${r.reason}`] : [])),
  );
  if (failed.length > 0) {
    console.error(`\nbench: ${failed.length} route(s) could not be measured:\n${failed.join('\n')}`);
    return 1;
  }
  return 0;
}

/** `--harness`: printed, and written into the results file beside the load figures (kept). */
async function harnessOnly(out: string): Promise<number> {
  const { benchHarness } = await import('./harness.js');
  const harness = await benchHarness((line) => console.log(line));
  let results: Record<string, unknown> = {};
  if (existsSync(out)) {
    try {
      results = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    } catch {
      results = {};
    }
  }
  writeFileSync(
    out,
    `${JSON.stringify({ ...results, harness: { date: new Date().toISOString(), ...harness } }, null, 2)}\n`,
  );
  console.log(`\nwritten to ${out}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench: ${(err as Error).message}`);
    process.exit(1);
  },
);
