import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase } from '../../src/store/sqlite.js';
import { describe, expect, it } from 'vitest';
import { startCli } from '../cli-process.js';
import { HEAVY } from './arbitraries.js';
import { GMI, JUNCTION, SCALEKIT, TRANSMIT, updateRequest, type Headers, type Vendor } from './vendors.js';

/**
 * test/crash-safety.test.ts kills the server under Razi's merging writes; this
 * one does it under every other vendor's whole-value updates, one sequential
 * writer per org. After the restart each org must hold the last write that was
 * acknowledged, or the one that was in flight when the process died: an update
 * is atomic, and none acknowledged is lost.
 */
describe("crash safety under every vendor's writes", () => {
  it(
    'kill -9 mid-load: integrity_check ok, each org holds its last acknowledged write or the one in flight',
    async () => {
      const db = join(mkdtempSync(join(tmpdir(), 'orgmock-crash-vendors-')), 'crash.db');
      const first = startCli(['--port', '0', '--db', db]);
      const url = await first.listening;
      const mint = async (vendor: Vendor, identity: string) =>
        (
          (await (
            await fetch(`${url}/__admin/tokens`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ vendor, identity }),
            })
          ).json()) as { headers: Headers }
        ).headers;
      const targets: { vendor: Vendor; tenant: string; org: string; headers: Headers }[] = [
        { vendor: 'junction', tenant: '', org: JUNCTION.acme, headers: { 'x-management-key': JUNCTION.acmeKey } },
        { vendor: 'junction', tenant: '', org: JUNCTION.globex, headers: { 'x-management-key': JUNCTION.globexKey } },
        {
          vendor: 'scalekit',
          tenant: SCALEKIT.dev.env,
          org: SCALEKIT.acme,
          headers: await mint('scalekit', SCALEKIT.dev.clientId),
        },
        { vendor: 'gmicloud', tenant: '', org: GMI.org, headers: await mint('gmicloud', GMI.owner.email) },
        {
          vendor: 'transmit',
          tenant: TRANSMIT.tenant,
          org: TRANSMIT.acme,
          headers: await mint('transmit', TRANSMIT.admin.client_id),
        },
      ];

      const minAcks = HEAVY ? 400 : 40;
      const progress = targets.map(() => ({
        acked: undefined as string | undefined,
        inFlight: undefined as string | undefined,
        count: 0,
      }));
      let dead = false;
      const writers = targets.map(async (t, n) => {
        for (let i = 0; !dead; i++) {
          const value = `${t.vendor}-${n}-${i}`;
          progress[n]!.inFlight = value;
          const r = updateRequest(t.vendor, t.org, t.headers, value);
          try {
            const res = await fetch(url + r.url, { method: r.method, headers: r.headers, body: r.payload });
            await res.arrayBuffer();
            if (res.status !== 200) throw new Error(`${t.vendor}: ${res.status}`);
            progress[n]!.acked = value;
            progress[n]!.inFlight = undefined;
            progress[n]!.count++;
          } catch (err) {
            if (dead) return;
            throw err;
          }
        }
      });
      while (progress.some((p) => p.count < minAcks)) await new Promise((r) => setTimeout(r, 5));
      dead = true;
      first.child.kill('SIGKILL');
      await Promise.all(writers);
      expect(await first.exited).toBeNull();

      const check = new SqliteDatabase(db);
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();

      const second = startCli(['--port', '0', '--db', db]);
      const url2 = await second.listening;
      const state = (await (await fetch(`${url2}/__admin/state`)).json()) as Record<
        string,
        { orgs: { tenant: string; id: string; data: Record<string, unknown> }[] }
      >;
      const found = targets.map((t) => {
        const data = state[t.vendor]!.orgs.find((o) => o.tenant === t.tenant && o.id === t.org)!.data;
        return t.vendor === 'scalekit' ? data.display_name : data.name;
      });
      const allowed = progress.map((p) => [p.acked, ...(p.inFlight ? [p.inFlight] : [])]);
      for (const [n, t] of targets.entries()) expect(allowed[n], `${t.vendor} ${t.org}`).toContain(found[n]);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    },
    HEAVY ? 300_000 : 60_000,
  );
});
