// Run by store-collector.test.ts in a process of its own: on Node 24 with
// better-sqlite3 12 an abort here (SIGABRT) is the bug that test guards against.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as turn } from 'node:timers/promises';
import { SqliteDatabase } from '../src/store/sqlite.js';
import { Store } from '../src/store/store.js';

// What the app, the tests and a harness user do with SQLite objects, then drop:
// stores on a file and in memory, closed or not, the store's own database for
// reads and pragmas, an iterator, a second handle checking a file.
const dir = mkdtempSync(join(tmpdir(), 'orgmock-collector-'));
let checked = 0;
let iterated = 0;
for (let i = 0; i < 20; i++) {
  const path = i % 2 === 0 ? ':memory:' : join(dir, `s${i}.db`);
  const store = new Store(path);
  store.putOrg('v', 't', `o${i}`, { i });
  store.transaction(() => store.putOrg('v', 't', `p${i}`, { i }));
  for (const _ of store.db.prepare('SELECT id FROM orgs').iterate()) iterated++;
  store.db.pragma('foreign_keys', { simple: true });
  store.db.pragma('foreign_keys = ON');
  store.close();
  if (path !== ':memory:') {
    const check = new SqliteDatabase(path, { readonly: true });
    if (check.pragma('integrity_check', { simple: true }) === 'ok') checked++;
    check.close();
  }
  new Store(':memory:').db.prepare('SELECT 1').get();
}

// V8 runs most scavenges as a task of its own, with no JavaScript context
// entered, once the young generation fills up: short-lived garbage and a turn
// of the event loop after each batch let those run (gc() from JavaScript would
// not: a context is entered then).
let collections = 0;
const observer = new PerformanceObserver((list) => {
  collections += list.getEntries().length;
});
observer.observe({ entryTypes: ['gc'] });
for (let round = 0; round < 20; round++) {
  let junk: object[] = [];
  for (let i = 0; i < 1e6; i++) {
    junk.push({ i });
    if (junk.length > 1000) junk = [];
  }
  await turn();
}
await turn();
observer.disconnect();
process.stdout.write(`${JSON.stringify({ checked, iterated, collections })}\n`);
