import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from './cli-process.js';

const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const VENDORS = ['gmicloud', 'junction', 'razi', 'scalekit', 'transmit'];

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const getJson = async (url: string) => (await fetch(url)).json();

/** Polls until `check` answers true; bounded by attempts, not a speed assertion. */
async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('--export-on-exit and --import', () => {
  it('a folder written on SIGTERM starts the same state with --import', async () => {
    const out = join(tmp('orgmock-export-'), 'nested', 'out');
    const first = startCli(['--port', '0', '--export-on-exit', out]);
    const url = await first.listening;
    const renamed = await fetch(`${url}/v1/org/${ACME}`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      body: '{"name":"Exported"}',
    });
    expect(renamed.status).toBe(200);
    const before = await getJson(`${url}/__admin/export`);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output().err).toContain(`exported every vendor's data to ${out}`);
    for (const v of VENDORS) expect(existsSync(join(out, `${v}.json`))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'junction.json'), 'utf8')).orgs).toContainEqual(
      expect.objectContaining({ id: ACME, name: 'Exported' }),
    );

    const second = startCli(['--port', '0'], { ORGMOCK_IMPORT: out });
    const url2 = await second.listening;
    expect(await getJson(`${url2}/__admin/export`)).toEqual(before);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('an export that cannot be written is one line naming the path and a non-zero exit', async () => {
    const file = join(tmp('orgmock-export-'), 'a-file');
    writeFileSync(file, 'not a folder');
    const target = join(file, 'out');
    const cli = startCli(['--port', '0', '--export-on-exit', target]);
    await cli.listening;
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(1);
    const err = cli.output().err.trim();
    expect(err).toMatch(
      new RegExp(`^orgmock: could not write the export to ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENOTDIR$`),
    );
  });

  it('--import and --fixtures naming different folders is a usage error', async () => {
    const { code, err, out } = await runCli(['--import', tmp('orgmock-a-'), '--fixtures', tmp('orgmock-b-')]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^orgmock: --import .* and --fixtures .* name different folders/);
  });
});

describe('--watch', () => {
  it('reloads an edited fixture file, and keeps the data when an edit is invalid', async () => {
    const dir = tmp('orgmock-watch-');
    cpSync(join(__dirname, '..', 'fixtures'), dir, { recursive: true });
    const cli = startCli(['--port', '0', '--fixtures', dir, '--watch'], { LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    const url = await cli.listening;
    const initial = JSON.stringify(await getJson(`${url}/__admin/state`));

    const file = join(dir, 'junction.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.orgs[0].name = 'Edited on disk';
    // Two writes in a row, as an editor saves: one reload.
    writeFileSync(file, '');
    writeFileSync(file, JSON.stringify(doc));
    let changed = '';
    await eventually(async () => {
      changed = JSON.stringify(await getJson(`${url}/__admin/state`));
      return changed !== initial;
    }, 'the state to change after the edit');
    const exported = (await getJson(`${url}/__admin/export`)) as { junction: { orgs: { id: string; name: string }[] } };
    expect(exported.junction.orgs).toContainEqual(expect.objectContaining({ id: ACME, name: 'Edited on disk' }));
    await eventually(() => cli.output().out.includes('fixtures changed: reloaded junction.json'), 'the reload line');

    writeFileSync(file, '{ "orgs": [ { "id": 1 } ] }');
    await eventually(() => cli.output().out.includes('not reloaded, previous data kept'), 'the invalid-file line');
    expect(cli.output().out).toContain(file);
    expect(JSON.stringify(await getJson(`${url}/__admin/state`))).toBe(changed);

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });
});
