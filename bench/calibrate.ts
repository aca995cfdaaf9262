/**
 * `npm run bench:calibrate`: what the ceiling ratio means on this machine. The
 * bare Fastify ceiling is loaded in turn with copies of itself that spend a fixed
 * number of microseconds of busy work on every request, and each copy's ratio is
 * printed beside that cost. On a small VM the ratio falls much faster than the
 * added CPU time alone explains: once the server is slower than the load
 * generator, the generator sleeps between responses, and every response pays
 * for waking it (the `writev` that sends it grows several times longer).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer, type Server } from './child.js';
import { runSlice, summarize, type LoadTarget, type Slice } from './load.js';
import { benchName } from './routes.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { work: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' } },
});
const works = (values.work ?? '5,10,15,20,30').split(',').map(Number);
const durationSec = Number(values.duration ?? 5);
const connections = Number(values.connections ?? 50);
if (works.some((w) => !Number.isFinite(w) || w < 0) || !(durationSec > 0) || !(connections >= 1)) {
  console.error('usage: npm run bench:calibrate -- [--work 5,10,20] [--duration S] [--connections N]');
  process.exit(1);
}

const ceilingArgs = (workUs: number) => [
  '--import',
  'tsx',
  join(root, 'bench', 'ceiling.ts'),
  '--work-us',
  String(workUs),
];
const target = (server: Server): LoadTarget => ({
  url: server.url,
  method: 'PATCH',
  path: '/ceiling/x',
  headers: {},
  body: (n) => ({ name: benchName(n) }),
  pid: server.child.pid,
  sent: 0,
});

const bare = await startServer({ name: 'ceiling', args: ceilingArgs(0), cwd: root });
try {
  console.log(`busy work per request   req/s   p99 ms   ceiling req/s   ceiling p99 ms   x ceiling   server cpu`);
  for (const workUs of works) {
    const loaded = await startServer({ name: `ceiling +${workUs} us`, args: ceilingArgs(workUs), cwd: root });
    try {
      const a = target(loaded);
      const b = target(bare);
      await runSlice(a, 1, connections);
      await runSlice(b, 1, connections);
      // Short slices in turn, as `npm run bench` does, so the machine's mood weighs on both alike.
      const slices = { a: [] as Slice[], b: [] as Slice[] };
      for (let i = 0; i < durationSec; i++) {
        slices.a.push(await runSlice(a, 1, connections));
        slices.b.push(await runSlice(b, 1, connections));
      }
      const ra = summarize(slices.a);
      const rb = summarize(slices.b);
      console.log(
        `${`+${workUs} us`.padEnd(22)}${ra.rps.toFixed(0).padStart(7)}${ra.p99Ms.toFixed(1).padStart(9)}${rb.rps.toFixed(0).padStart(16)}${rb.p99Ms.toFixed(1).padStart(17)}${(ra.rps / rb.rps).toFixed(2).padStart(12)}${(ra.serverCpu ?? 0).toFixed(2).padStart(13)}`,
      );
    } finally {
      await loaded.stop();
    }
  }
} finally {
  await bare.stop();
}
