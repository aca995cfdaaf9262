import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { productionNodeFlags } from '../bench/production-start.js';

const root = join(__dirname, '..');
const bundleDir = join(root, 'node_modules', '.cache', 'orgmock-journal-memory');

/** The server as production runs it (one bundle, plain node): tsx's loader alone weighs some 50 MB. */
async function startBundled() {
  // The production build's own script and options (scripts/build-server.mjs).
  execFileSync(process.execPath, ['scripts/build-server.mjs', bundleDir], { cwd: root, stdio: 'inherit' });
  const child = spawn(
    process.execPath,
    [...productionNodeFlags(root), join(bundleDir, 'cli.js'), '--port', '0', '--fixtures', join(root, 'fixtures')],
    { env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', () => reject(new Error(`exited early: ${out}`)));
  });
  const exited = new Promise((r) => child.on('exit', r));
  return { child, listening, exited };
}

const MiB = 1024 * 1024;

/** Resident memory of a process, from /proc (Linux). */
function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) * 1024;
}

/**
 * 1,000 refused bodies of 1 MiB each: the journal keeps the start of each and
 * only as many as its byte budget holds, so the server stays small and
 * `GET /__admin/requests` keeps answering. (Heavy: `npm run test:heavy`, in CI.)
 */
describe('journal memory under large refused bodies', () => {
  const children: ReturnType<typeof spawn>[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  it('1,000 bodies of 1 MiB: RSS stays under 200 MB and the journal still answers', async () => {
    const cli = await startBundled();
    children.push(cli.child);
    const url = await cli.listening;
    const pid = cli.child.pid!;
    // Just under the 1 MiB body limit: read whole, then refused (no key).
    const body = `{"name":"${'a'.repeat(MiB - 20)}"}`;
    let peak = rssOf(pid);
    const send = async () => {
      const res = await fetch(`${url}/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await res.arrayBuffer();
      return res.status;
    };
    const statuses: number[] = [];
    for (let round = 0; round < 125; round++) {
      statuses.push(...(await Promise.all(Array.from({ length: 8 }, send))));
      peak = Math.max(peak, rssOf(pid));
    }
    console.log(
      `journal-memory: after sending, peak ${(peak / MiB).toFixed(0)} MB, now ${(rssOf(pid) / MiB).toFixed(0)} MB`,
    );
    expect(statuses.length).toBe(1000);
    expect(new Set(statuses)).toEqual(new Set([401]));

    // The whole journal, page by page.
    const requests: { id: number; requestBody: unknown }[] = [];
    for (let since: number | undefined = 0; since !== undefined; ) {
      const res = await fetch(`${url}/__admin/requests?since=${since}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { requests: { id: number; requestBody: unknown }[]; next?: number };
      requests.push(...page.requests);
      since = page.next;
      peak = Math.max(peak, rssOf(pid));
    }
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.at(-1)!.id).toBe(1000);
    expect(String(requests.at(-1)!.requestBody)).toContain('body too large to keep');
    const page = await fetch(`${url}/__admin/requests?since=990&limit=5`);
    expect(((await page.json()) as { requests: { id: number }[] }).requests.map((r) => r.id)).toEqual([
      991, 992, 993, 994, 995,
    ]);
    console.log(`journal-memory: peak RSS ${(peak / MiB).toFixed(0)} MB, ${requests.length} entries kept`);
    expect(peak).toBeLessThan(200 * 1000 * 1000);
    cli.child.kill('SIGTERM');
    await cli.exited;
  }, 300_000);
});
