import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli } from './cli-process.js';

const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
describe('the CLI on a real socket', () => {
  it('--port 0 prints the port, serves Junction, and SIGTERM exits 0', async () => {
    const cli = startCli(['--port', '0']);
    const url = await cli.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/__admin/health`)).json()).toEqual({ status: 'ok' });
    const res = await fetch(`${url}/v1/org/${ACME}`, {
      method: 'PATCH',
      headers: { 'x-vital-org-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      body: '{"name":"Socket"}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: ACME, name: 'Socket', expires_at: null });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('PORT and HOST come from the environment', async () => {
    const cli = startCli([], { PORT: '0', HOST: '127.0.0.1' });
    expect(await cli.listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('a malformed fixture file stops start-up with its name and the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-fx-'));
    writeFileSync(join(dir, 'junction.json'), '{ nope');
    const cli = startCli(['--port', '0', '--fixtures', dir]);
    await expect(cli.listening).rejects.toThrow();
    expect(await cli.exited).toBe(1);
    expect(cli.output().err).toContain(`orgmock: invalid fixture file ${join(dir, 'junction.json')}: not valid JSON`);
  });

  it('a file store given by --db survives a restart', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'orgmock-db-')), 'o.db');
    const first = startCli(['--port', '0', '--db', db]);
    const url = await first.listening;
    await fetch(`${url}/v1/org/${ACME}`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      body: '{"name":"Kept"}',
    });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = startCli(['--port', '0'], { ORGMOCK_DB: db });
    const url2 = await second.listening;
    const res = await fetch(`${url2}/v1/org/${ACME}`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      body: '{"name":"Kept"}',
    });
    expect(await res.json()).toEqual({ id: ACME, name: 'Kept', expires_at: null });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
