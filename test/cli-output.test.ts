import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS, readConfig, usage } from '../src/config.js';
import { runCli, startCli } from './cli-process.js';

const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };

/** Waits until `read()` passes `test`, for output that arrives after the response. */
async function until(read: () => string, test: (s: string) => boolean) {
  for (let i = 0; i < 200 && !test(read()); i++) await new Promise((r) => setTimeout(r, 25));
  return read();
}

describe('--help and --version', () => {
  it('--help prints every option to stdout and exits 0', async () => {
    const { code, out, err } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toBe(`${usage()}\n`);
    for (const key of Object.keys(OPTIONS)) {
      const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      expect(out).toContain(flag);
    }
    for (const env of ['PORT', 'HOST', 'ORGMOCK_DB', 'LOG_LEVEL', 'LOG_FORMAT']) expect(out).toContain(env);
  });

  it("--version prints the package's version and exits 0", async () => {
    const { code, out } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(out).toBe(`${pkg.version}\n`);
  });
});

describe('readConfig', () => {
  it('a flag wins over its variable, which wins over the default', () => {
    expect(readConfig(['--port', '5000'], { PORT: '6000' }).port).toBe(5000);
    expect(readConfig([], { PORT: '6000' }).port).toBe(6000);
    expect(readConfig([], {}).port).toBe(4545);
    expect(readConfig([], { PORT: '' }).port).toBe(4545);
    expect(readConfig([], {}).logFormat).toBeUndefined();
    expect(readConfig(['--log-format', 'json'], {}).logFormat).toBe('json');
    expect(readConfig(['-h'], {}).help).toBe(true);
  });

  it.each([
    ['--port', '-1'],
    ['--port', '1e3'],
    ['--port', '65536'],
    ['--log-level', 'verbose'],
    ['--log-format', 'xml'],
  ])('refuses %s %s', (flag, value) => {
    expect(() => readConfig([`${flag}=${value}`], {})).toThrow(`invalid ${flag} "${value}"`);
  });

  it('takes no positional argument', () => {
    expect(() => readConfig(['extra'], {})).toThrow("Unexpected argument 'extra'");
  });

  it('a mistake node:util explains over several lines is still one line', () => {
    expect(() => readConfig(['--port', '-1'], {})).toThrow(/^Option '--port' argument is ambiguous\. [^\n]+$/);
  });
});

describe('the banner', () => {
  it('names the URL, the store, the docs and dashboard, and a credential per vendor from the loaded fixtures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-banner-'));
    writeFileSync(
      join(dir, 'junction.json'),
      JSON.stringify({
        orgs: [{ id: ACME, name: 'Mine', expires_at: null }],
        management_keys: [{ key: 'mk_my_own_key', org_id: ACME }],
      }),
    );
    const db = join(dir, 'o.db');
    const cli = startCli(['--port', '0', '--fixtures', dir, '--db', db]);
    const url = await cli.listening;
    const out = await until(
      () => cli.output().out,
      (s) => s.includes('scalekit'),
    );
    expect(out.split('\n').filter((l) => l.includes('listening on'))).toEqual([
      `orgmock listening on ${url} (store: ${db})`,
    ]);
    expect(out).toContain(`docs       ${url}/__admin/docs`);
    expect(out).toContain(`dashboard  ${url}/__admin/ui`);
    expect(out).toMatch(
      /junction\s+PATCH \/v1\/org\/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d with X-Management-Key: mk_my_own_key/,
    );
    for (const vendor of ['gmicloud', 'razi', 'transmit', 'scalekit'])
      expect(out).toMatch(new RegExp(`${vendor}\\s+no fixtures`));
    // The credential works.
    const res = await fetch(`${url}/v1/org/${ACME}`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_my_own_key', 'content-type': 'application/json' },
      body: '{"name":"Tried"}',
    });
    expect(res.status).toBe(200);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });
});

describe('one log line per vendor request', () => {
  it('JSON when stdout is not a terminal: method, path, vendor, status, duration; no secret', async () => {
    const cli = startCli(['--port', '0'], { LOG_LEVEL: 'info' });
    const url = await cli.listening;
    await fetch(`${url}/v1/org/${ACME}?api_key=query-secret-1`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'header-secret-2', 'content-type': 'application/json' },
      body: '{"name":"x","client_secret":"body-secret-3"}',
    });
    const out = await until(
      () => cli.output().out,
      (s) => s.includes('"vendor":"junction"'),
    );
    const lines = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const request = lines.filter((l) => l.vendor !== undefined);
    expect(request).toHaveLength(1);
    expect(request[0]).toMatchObject({
      level: 30,
      vendor: 'junction',
      method: 'PATCH',
      path: `/v1/org/${ACME}?api_key=***`,
      status: 401,
      msg: expect.stringMatching(
        new RegExp(`^PATCH /v1/org/${ACME}\\?api_key=\\*\\*\\* 401 junction.* \\(\\d+(\\.\\d)? ms\\)$`),
      ),
    });
    expect(typeof request[0]!.durationMs).toBe('number');
    expect(out).not.toMatch(/query-secret-1|header-secret-2|body-secret-3/);
    // The banner says where orgmock listens; Fastify's own line does not repeat it.
    expect(out).not.toContain('Server listening at');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('pretty on request, and silent at --log-level warn', async () => {
    const pretty = startCli(['--port', '0', '--log-format', 'pretty'], { LOG_LEVEL: 'info' });
    const quiet = startCli(['--port', '0', '--log-level', 'warn']);
    const [prettyUrl, quietUrl] = await Promise.all([pretty.listening, quiet.listening]);
    const update = (url: string) =>
      fetch(`${url}/v1/org/${ACME}`, {
        method: 'PATCH',
        headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
        body: '{"name":"Logged"}',
      });
    expect((await update(prettyUrl)).status).toBe(200);
    expect((await update(quietUrl)).status).toBe(200);
    const out = await until(
      () => pretty.output().out,
      (s) => s.includes('200 junction'),
    );
    expect(out).toMatch(new RegExp(`INFO.*: PATCH /v1/org/${ACME} 200 junction \\(\\d+(\\.\\d)? ms\\)\\n`));
    expect(out).not.toContain('{"level"');
    pretty.child.kill('SIGTERM');
    quiet.child.kill('SIGTERM');
    expect(await pretty.exited).toBe(0);
    expect(await quiet.exited).toBe(0);
    expect(quiet.output().out).not.toContain('junction (');
  });
});
