import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { providers } from '../src/providers/index.js';
import type { BenchResults } from '../bench/report.js';

const root = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'orgmock-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bench briefly, from source so that no build is needed. */
function runBench(out: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/run.ts', '--source', '--duration', '0.5', '--warmup', '0.1', '--out', out],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

describe('npm run bench', () => {
  it('runs every registered vendor in both store modes and writes finite figures', async () => {
    const out = join(dir, 'results.json');
    const { code, output } = await runBench(out);
    expect(code, output).toBe(0);
    const results = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
    expect(results.modes.map((m) => m.mode)).toEqual(['memory', 'file']);
    for (const mode of results.modes) {
      for (const figures of [mode, mode.ceilingProcess]) {
        expect(finite(figures.coldStartMs)).toBe(true);
        expect(finite(figures.idleRssMB)).toBe(true);
        expect(finite(figures.settledRssMB)).toBe(true);
        expect(finite(figures.peakRssMB)).toBe(true);
      }
      const measured = mode.routes.filter((r) => r.status === 'ok');
      expect(measured.map((r) => r.vendor).sort()).toEqual(providers.map((p) => p.name).sort());
      for (const r of measured) {
        if (r.status !== 'ok') continue;
        for (const v of [r.rps, r.p50Ms, r.p99Ms, r.ratio, r.ceiling.rps, r.ceiling.p99Ms])
          expect(finite(v), `${mode.mode} ${r.vendor}`).toBe(true);
        expect(r.requests, `${mode.mode} ${r.vendor}`).toBeGreaterThan(0);
        expect(r.ceiling.requests).toBeGreaterThan(0);
        expect({ vendor: r.vendor, non2xx: r.non2xx, errors: r.errors, wrote: r.wrote }).toEqual({
          vendor: r.vendor,
          non2xx: 0,
          errors: 0,
          wrote: true,
        });
      }
    }
    expect(results.targets.length).toBeGreaterThan(0);
    for (const t of results.targets) expect(typeof t.met).toBe('boolean');
    // Every p99 verdict carries the ceiling's own p99, so a miss can be told from a slow machine.
    const p99 = results.targets.filter((t) => t.what.endsWith('p99 ms'));
    expect(p99.length).toBe(2 * providers.length);
    for (const t of p99) expect(finite(t.ceilingValue), t.what).toBe(true);
  }, 120_000);
});
