import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * On Node 24, better-sqlite3 12 aborts the whole process when the collector frees
 * one of its objects (see src/store/sqlite.ts): what a vitest worker then reports
 * is "Worker exited unexpectedly". The objects are made and dropped in a child
 * process, so an abort is a failed assertion here, not a lost worker.
 */
describe('SQLite objects left to the garbage collector', () => {
  it('never abort the process, on any supported Node', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'collector-child.ts')], {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    expect({ code, signal }, err).toEqual({ code: 0, signal: null });
    const result = JSON.parse(out) as { checked: number; iterated: number; collections: number };
    // Ten file stores checked, two rows iterated in each of the twenty stores.
    expect(result.checked).toBe(10);
    expect(result.iterated).toBe(40);
    expect(result.collections).toBeGreaterThan(0);
  });
});
