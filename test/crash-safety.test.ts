import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase } from '../src/store/sqlite.js';
import { describe, expect, it } from 'vitest';
import { startCli } from './cli-process.js';

const ORG = '281185056586736799';
const WRITES = Number(process.env.ORGMOCK_HEAVY ? 5000 : 600);

/**
 * kill -9 in the middle of a write load on a file store: the database must
 * open, pass integrity_check, and hold every write that got a 2xx. Razi's
 * metadata merge makes each write leave its own key, so each can be checked.
 */
describe('crash safety of the file store', () => {
  it('every acknowledged write survives kill -9', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'orgmock-crash-')), 'crash.db');
    const first = startCli(['--port', '0', '--db', db]);
    const url = await first.listening;
    const minted = (await (
      await fetch(`${url}/__admin/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ vendor: 'razi', identity: 'mu_acme_client', tenant: 'orgmock-demo' }),
      })
    ).json()) as { headers: Record<string, string> };

    const acknowledged: string[] = [];
    let sent = 0;
    const worker = async () => {
      while (sent < WRITES) {
        const key = `k${sent++}`;
        try {
          const res = await fetch(`${url}/v1/authorization/organizations/${ORG}`, {
            method: 'PATCH',
            headers: { ...minted.headers, 'content-type': 'application/json' },
            body: JSON.stringify({ metadata: { [key]: 'v' } }),
          });
          if (res.ok) acknowledged.push(key);
        } catch {
          return; // the server is gone
        }
      }
    };
    const load = Promise.all(Array.from({ length: 16 }, worker));
    while (acknowledged.length < WRITES / 3) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    await load;
    expect(await first.exited).toBeNull();
    expect(acknowledged.length).toBeGreaterThan(0);

    const check = new SqliteDatabase(db);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    const second = startCli(['--port', '0', '--db', db]);
    const url2 = await second.listening;
    const state = (await (await fetch(`${url2}/__admin/state/razi`)).json()) as {
      orgs: { tenant: string; id: string; data: { metadata: Record<string, string> } }[];
    };
    const org = state.orgs.find((o) => o.tenant === 'orgmock-demo' && o.id === ORG)!;
    const missing = acknowledged.filter((k) => org.data.metadata[k] !== 'v');
    expect(missing).toEqual([]);
    expect(org.data.metadata.tier).toBe('gold');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
