import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase } from '../src/store/sqlite.js';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from './cli-process.js';

/** Every failure must be one line on stderr, no stack trace, a non-zero exit. */
function expectOneLine(result: { code: number | null; err: string; out: string }, ...parts: string[]) {
  expect(result.code, result.err).toBe(1);
  const lines = result.err.trimEnd().split('\n');
  expect(lines, result.err).toHaveLength(1);
  expect(lines[0]).toMatch(/^orgmock: /);
  for (const part of parts) expect(lines[0]).toContain(part);
  expect(result.err).not.toMatch(/\n\s+at /);
  expect(result.out).not.toContain('listening');
}

const tmp = () => mkdtempSync(join(tmpdir(), 'orgmock-start-'));

describe('a start-up failure is one clear line and a non-zero exit', () => {
  it('a --db whose folder does not exist', async () => {
    const db = join(tmp(), 'missing', 'o.db');
    expectOneLine(await runCli(['--port', '0', '--db', db]), db, 'does not exist');
  });

  it('a --db that is a folder', async () => {
    const dir = tmp();
    expectOneLine(await runCli(['--port', '0', '--db', dir]), dir, 'is a folder');
  });

  it('a --db file of random bytes', async () => {
    const db = join(tmp(), 'random.db');
    writeFileSync(db, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)));
    expectOneLine(await runCli(['--port', '0', '--db', db]), db, 'not a SQLite database');
  });

  it("another application's SQLite file, which is left as it was", async () => {
    const db = join(tmp(), 'app.db');
    const other = new SqliteDatabase(db);
    other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    other.close();
    expectOneLine(await runCli(['--port', '0', '--db', db]), db, "another application's", 'customers');
    const after = new SqliteDatabase(db, { readonly: true });
    const tables = after.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all();
    after.close();
    expect(tables).toEqual([{ name: 'customers' }]);
  });

  it('a folder the user cannot write (a root-owned volume)', async () => {
    const dir = tmp();
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(dir, 0o755);
    chmodSync(ro, 0o555);
    // root writes anywhere: run as nobody then, as the image runs as `node`.
    const asRoot = process.getuid?.() === 0;
    const result = await runCli(
      ['--port', '0', '--db', join(ro, 'o.db')],
      {},
      asRoot ? { uid: 65534, gid: 65534 } : {},
    );
    expectOneLine(result, join(ro, 'o.db'), 'not writable');
  });

  it('a second orgmock on the same --db file', async () => {
    const db = join(tmp(), 'o.db');
    const first = startCli(['--port', '0', '--db', db]);
    await first.listening;
    expectOneLine(await runCli(['--port', '0', '--db', db]), db, 'locked by another process');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('a port in use', async () => {
    const server = createServer();
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const port = (server.address() as { port: number }).port;
    try {
      expectOneLine(await runCli(['--port', String(port)]), `port ${port}`, 'already in use');
    } finally {
      server.close();
    }
  });

  it('a --host that does not resolve', async () => {
    expectOneLine(await runCli(['--port', '0', '--host', 'no-such-host.invalid']), 'no-such-host.invalid');
  });

  it('--fixtures naming a regular file', async () => {
    const file = join(tmp(), 'junction.json');
    writeFileSync(file, '{}');
    expectOneLine(await runCli(['--port', '0', '--fixtures', file]), file, 'is a file');
  });

  it('--log-level debug shows the stack under the line', async () => {
    const db = join(tmp(), 'missing', 'o.db');
    const result = await runCli(['--port', '0', '--db', db], { LOG_LEVEL: 'debug' });
    expect(result.code).toBe(1);
    expect(result.err.split('\n')[0]).toContain(db);
    expect(result.err).toMatch(/\n\s+at /);
  });
});

describe('command-line mistakes exit 2 with one line', () => {
  it.each([
    [['--log-level', 'bogus'], '--log-level "bogus"'],
    [['--nope'], "'--nope'"],
  ])('%j', async (args, quoted) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    const lines = result.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(quoted);
  });

  it('a bad value in the environment names the variable', async () => {
    const result = await runCli([], { PORT: 'http' });
    expect(result.code).toBe(2);
    expect(result.err.trim()).toBe('orgmock: invalid PORT "http": expected a port number from 0 to 65535');
  });
});
