/**
 * `npx tsx bench/profile.ts <vendor|ceiling> [seconds] [--db file]`: loads one route of a
 * `node --cpu-prof` orgmock (from dist/) and prints where its CPU time went,
 * by function (self time) and by file. The .cpuprofile stays for a closer look.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './child.js';
import { runSlice, summarize, type LoadTarget } from './load.js';
import { ROUTES, benchName } from './routes.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

async function main(): Promise<void> {
  const [which = 'junction', secondsText = '10', ...rest] = process.argv.slice(2);
  const seconds = Number(secondsText);
  const dir = mkdtempSync(join(tmpdir(), 'orgmock-prof-'));
  const db = rest[0] === '--db' ? join(dir, 'bench.db') : ':memory:';
  const isCeiling = which === 'ceiling';
  const server = await startServer({
    name: which,
    args: isCeiling
      ? ['--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', join(root, 'bench', 'ceiling.ts')]
      : [
          '--cpu-prof',
          '--cpu-prof-dir',
          dir,
          join(root, 'dist', 'cli.js'),
          '--port',
          '0',
          '--log-level',
          'silent',
          '--db',
          db,
        ],
    cwd: root,
    healthPath: isCeiling ? undefined : '/__admin/health',
  });
  let target: LoadTarget;
  if (isCeiling) {
    target = {
      url: server.url,
      method: 'PATCH',
      path: '/ceiling/x',
      headers: {},
      body: (n) => ({ name: benchName(n) }),
      sent: 0,
    };
  } else {
    const route = ROUTES.find((r) => r.vendor === which);
    if (!route) throw new Error(`unknown vendor ${which}`);
    const res = await fetch(`${server.url}/__admin/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: route.vendor, identity: route.identity, tenant: route.tenant }),
    });
    const minted = (await res.json()) as { headers: Record<string, string> };
    target = {
      url: server.url,
      method: route.method,
      path: route.path,
      headers: { ...route.extraHeaders, ...minted.headers },
      body: route.body,
      sent: 0,
    };
  }
  // The profile's clock is the monotonic one hrtime reads, so the load's window can be cut out of it.
  const from = Number(process.hrtime.bigint() / 1000n);
  const result = summarize([await runSlice(target, seconds, 50)]);
  const to = Number(process.hrtime.bigint() / 1000n);
  console.log(`${which}: ${result.rps.toFixed(0)} req/s, p99 ${result.p99Ms.toFixed(1)} ms, non-2xx ${result.non2xx}`);
  await server.stop();
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile in ${dir}`);
  report(join(dir, file), result.requests, from, to);
}

/**
 * Shares of the samples taken while the load ran (start-up and shutdown left
 * out), and what they come to in microseconds per request.
 */
function report(path: string, requests: number, from: number, to: number): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as {
    nodes: ProfileNode[];
    startTime: number;
    endTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const hitsById = new Map<number, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]!;
    if (t >= from && t <= to) hitsById.set(id, (hitsById.get(id) ?? 0) + 1);
  });
  for (const n of profile.nodes) n.hitCount = hitsById.get(n.id) ?? 0;
  const total = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  if (total === 0) throw new Error('no samples in the load window');
  const usPerHit = (to - from) / total;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    const file = n.callFrame.url.replace(`file://${root}/`, '') || '(native)';
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
    const group = file.startsWith('node_modules/')
      ? file
          .split('/')
          .slice(0, file.startsWith('node_modules/@') ? 3 : 2)
          .join('/')
      : file;
    byFile.set(group, (byFile.get(group) ?? 0) + hits);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(
        ([name, hits]) =>
          `${((100 * hits) / total).toFixed(1).padStart(5)}% ${((hits * usPerHit) / requests).toFixed(1).padStart(6)} us/req  ${name}`,
      )
      .join('\n');
  console.log(`\nself time by function (${path}):\n${top(byFunction, 35)}`);
  console.log(`\nself time by file or package:\n${top(byFile, 25)}`);

  // Inclusive time of orgmock's own functions: a function's hits plus those of everything it called.
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const n = nodes.get(id)!;
    const file = n.callFrame.url.replace(`file://${root}/`, '');
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
    const mine = file.startsWith('dist/') || file.startsWith('src/') || file.startsWith('node_modules/');
    const fresh = mine && !onStack.has(fn);
    if (fresh) onStack.add(fn);
    let hits = n.hitCount ?? 0;
    for (const c of n.children ?? []) hits += walk(c, onStack);
    if (fresh) {
      onStack.delete(fn);
      inclusive.set(fn, (inclusive.get(fn) ?? 0) + hits);
    }
    return hits;
  };
  walk(profile.nodes[0]!.id, new Set());
  const own = new Map([...inclusive].filter(([k]) => !k.includes(' node_modules/')));
  console.log(`\ninclusive time, orgmock's functions:\n${top(own, 40)}`);
  const deps = new Map([...inclusive].filter(([k]) => k.includes(' node_modules/')));
  console.log(`\ninclusive time, dependencies' functions:\n${top(deps, 30)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
