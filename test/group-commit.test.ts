import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMITS_PER_CHECKPOINT, Store } from '../src/store/store.js';
import { useApp } from './helpers.js';

const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const KEY = { 'x-management-key': 'mk_test_acme_health' };

type Named = { name: string };
const stored = (store: Store, id: string) =>
  (
    store.db.prepare('SELECT data FROM orgs WHERE vendor = ? AND tenant = ? AND id = ?').get('v', 't', id) as {
      data: string;
    }
  ).data;
const rename = (store: Store, id: string, name: string) =>
  store.updateOrg<Named>('v', 't', id, (o) => ({ ...o, name }));
/** Makes every UPDATE of orgs fail, as a full disk or an I/O error would at commit. */
const breakUpdates = (store: Store) =>
  store.db.exec("CREATE TRIGGER broken BEFORE UPDATE ON orgs BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");

describe('group commit of org updates', () => {
  it("a turn's updates are read back at once and committed together once the turn is over", async () => {
    const store = new Store();
    store.putOrg('v', 't', 'a', { name: 'a0' });
    store.putOrg('v', 't', 'b', { name: 'b0' });
    rename(store, 'a', 'a1');
    rename(store, 'a', 'a2');
    rename(store, 'b', 'b1');
    expect(store.getOrg('v', 't', 'a')).toEqual({ name: 'a2' });
    expect(stored(store, 'a')).toBe('{"name":"a0"}');

    const order: string[] = [];
    store.afterCommit((err) => order.push(`first ${err ?? 'ok'} ${stored(store, 'a')} ${stored(store, 'b')}`));
    store.afterCommit((err) => order.push(`second ${err ?? 'ok'}`));
    expect(order).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['first ok {"name":"a2"} {"name":"b1"}', 'second ok']);
    // Nothing pending: the caller goes on at once.
    store.afterCommit(() => order.push('third'));
    expect(order.at(-1)).toBe('third');
    store.close();
  });

  it('any other read or write of the database commits the pending updates first', () => {
    const store = new Store();
    store.putOrg('v', 't', 'a', { name: 'a0' });
    rename(store, 'a', 'a1');
    expect(store.listOrgs<Named>('v').map((r) => r.data.name)).toEqual(['a1']);
    rename(store, 'a', 'a2');
    expect(() =>
      store.transaction(() => {
        rename(store, 'a', 'a3');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    // The update made before the transaction is not undone by its rollback.
    expect(store.getOrg('v', 't', 'a')).toEqual({ name: 'a2' });
    expect(stored(store, 'a')).toBe('{"name":"a2"}');
    store.close();
  });

  it('closing the store commits what is pending', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'orgmock-gc-')), 'gc.db');
    const first = new Store(path);
    first.putOrg('v', 't', 'a', { name: 'a0' });
    rename(first, 'a', 'a1');
    first.close();
    const second = new Store(path);
    expect(second.getOrg('v', 't', 'a')).toEqual({ name: 'a1' });
    second.close();
  });

  it("a file store's WAL is checkpointed as group commits go on, not left to grow", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'orgmock-gc-')), 'wal.db');
    const store = new Store(path);
    store.putOrg('v', 't', 'a', { name: 'a0' });
    const frameBytes = (store.db.pragma('page_size', { simple: true }) as number) + 24;
    const commits = Math.round(2.5 * COMMITS_PER_CHECKPOINT);
    for (let i = 0; i < commits; i++) {
      rename(store, 'a', `a${i}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Each commit adds at least one frame and the WAL file never shrinks: fewer frames
    // than commits means it was checkpointed and started over.
    expect(statSync(`${path}-wal`).size / frameBytes).toBeLessThan(commits);
    expect(store.getOrg('v', 't', 'a')).toEqual({ name: `a${commits - 1}` });
    store.close();
  });

  it('a waiter that throws does not keep the others from hearing, and its error is not swallowed', () => {
    const store = new Store();
    store.putOrg('v', 't', 'a', { name: 'a0' });
    rename(store, 'a', 'a1');
    const heard: string[] = [];
    store.afterCommit(() => {
      throw new Error('bug in a waiter');
    });
    store.afterCommit(() => heard.push('second'));
    expect(() => store.commit()).toThrow('bug in a waiter');
    expect(heard).toEqual(['second']);
    expect(stored(store, 'a')).toBe('{"name":"a1"}');
    store.close();
  });

  it('inside a transaction an update is written at once, and one that fails leaves the read as it was', () => {
    const store = new Store();
    store.putOrg('v', 't', 'a', { name: 'a0' });
    store.transaction(() => {
      rename(store, 'a', 'a1');
      expect(stored(store, 'a')).toBe('{"name":"a1"}');
    });
    breakUpdates(store);
    store.transaction(() => {
      expect(() => rename(store, 'a', 'a2')).toThrow('disk I/O error');
      expect(store.getOrg('v', 't', 'a')).toEqual({ name: 'a1' });
    });
    store.close();
  });

  it('a failed commit tells every waiter and undoes the updates it held', async () => {
    const store = new Store();
    store.putOrg('v', 't', 'a', { name: 'a0' });
    breakUpdates(store);
    rename(store, 'a', 'a1');
    rename(store, 'a', 'a2');
    const heard: (string | undefined)[] = [];
    store.afterCommit((err) => heard.push(err?.message));
    store.afterCommit((err) => heard.push(err?.message));
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard).toEqual(['disk I/O error', 'disk I/O error']);
    expect(store.getOrg('v', 't', 'a')).toEqual({ name: 'a0' });
    store.close();
  });
});

describe('group commit behind the vendor routes', () => {
  const make = useApp();

  it('concurrent updates all succeed, each answer shows its own change, and the last one is stored', async () => {
    const { app, call } = await make();
    const names = Array.from({ length: 20 }, (_, i) => `Concurrent ${i}`);
    const answers = await Promise.all(
      names.map((name) => call({ method: 'PATCH', url: `/v1/org/${ACME}`, headers: KEY, payload: { name } })),
    );
    expect(answers.map((r) => [r.statusCode, r.json().name])).toEqual(names.map((n) => [200, n]));
    const row = app.orgmock.store.db
      .prepare("SELECT data FROM orgs WHERE vendor = 'junction' AND id = ?")
      .get(ACME) as { data: string };
    expect(JSON.parse(row.data).name).toBe('Concurrent 19');
  });

  it("a commit that fails is the vendor's 500, in the journal too, and the org keeps its name", async () => {
    // Its own app: the broken trigger outlives a reset.
    const { app, call } = await make({}, { fresh: true });
    const before = app.orgmock.store.getOrg<Named>('junction', '', ACME)!.name;
    breakUpdates(app.orgmock.store);
    const res = await call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: KEY,
      payload: { name: 'Never stored' },
    });
    expect([res.statusCode, res.headers['content-type'], res.body]).toEqual([
      500,
      'text/plain; charset=utf-8',
      'Internal Server Error',
    ]);
    expect(app.orgmock.store.getOrg<Named>('junction', '', ACME)!.name).toBe(before);
    const journal = (await call({ method: 'GET', url: '/__admin/requests?vendor=junction' })).json() as {
      requests: { status: number }[];
    };
    expect(journal.requests.map((r) => r.status)).toEqual([500]);
  });

  it("every request of a batch whose commit fails gets the vendor's 500, none Fastify's", async () => {
    // Its own app: the broken trigger outlives a reset.
    const { app, call } = await make({}, { fresh: true });
    breakUpdates(app.orgmock.store);
    const answers = await Promise.all(
      ['One', 'Two', 'Three'].map((name) =>
        call({ method: 'PATCH', url: `/v1/org/${ACME}`, headers: KEY, payload: { name } }),
      ),
    );
    expect(answers.map((r) => [r.statusCode, r.body])).toEqual(Array(3).fill([500, 'Internal Server Error']));
  });
});
