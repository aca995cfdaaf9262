import type { SqliteDatabase, SqliteStatement } from '../../src/store/sqlite.js';
import type { FastifyInstance } from 'fastify';

/** Every row of every table of the app's store, in a stable order: equal text means an unchanged store. */
export function dumpStore(app: FastifyInstance): string {
  const db = app.orgmock.store.db;
  let tables = readers.get(db);
  if (!tables) {
    // Prepared once per store: a property test dumps it twice a run, thousands of times.
    tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map(({ name }) => ({ name, rows: db.prepare(`SELECT * FROM "${name}"`) }));
    readers.set(db, tables);
  }
  return JSON.stringify(
    tables.map(({ name, rows }) => [
      name,
      rows
        .all()
        .map((row) => JSON.stringify(row))
        .sort(),
    ]),
  );
}

const readers = new WeakMap<SqliteDatabase, { name: string; rows: SqliteStatement }[]>();

/**
 * The store's dump, taken again only when SQLite counts a changed row. A property
 * test compares the store around each of thousands of requests, most of them
 * refusals that write nothing, and two dumps a run were a fifth of its time.
 * `total_changes()` counts every row an INSERT, UPDATE or DELETE (trigger ones
 * included) touched on this connection, the store's only one: an unmoved count
 * means the same rows, and a moved one compares whole dumps, as without it.
 */
export function storeWatch(app: FastifyInstance): { current(): string } {
  const changes = app.orgmock.store.db.prepare<[], number>('SELECT total_changes()').pluck();
  let seen = changes.get();
  let dump = dumpStore(app);
  return {
    current() {
      const now = changes.get();
      if (now !== seen) {
        seen = now;
        dump = dumpStore(app);
      }
      return dump;
    },
  };
}

const PROTOTYPES: [string, object][] = [
  ['Object', Object.prototype],
  ['Array', Array.prototype],
  ['Function', Function.prototype],
  ['String', String.prototype],
  ['Number', Number.prototype],
  ['Boolean', Boolean.prototype],
];

type PrototypeSnapshot = Map<string, Map<string | symbol, unknown>>;

/** What each built-in prototype holds now, to tell later whether a request added or replaced anything. */
export function prototypeSnapshot(): PrototypeSnapshot {
  return new Map(
    PROTOTYPES.map(([name, proto]) => [
      name,
      new Map(
        Reflect.ownKeys(proto).map((key) => {
          const d = Object.getOwnPropertyDescriptor(proto, key)!;
          return [key, d.value ?? d.get];
        }),
      ),
    ]),
  );
}

/** How the prototypes differ from `before`, and whether a fresh object sees a polluted key. */
export function pollutionProblems(before: PrototypeSnapshot): string[] {
  const problems: string[] = [];
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'isAdmin', 'role', 'name', 'metadata']) {
    if (probe[key] !== undefined) problems.push(`({}).${key} is ${String(probe[key])}`);
  }
  const now = prototypeSnapshot();
  for (const [name, keys] of before) {
    const current = now.get(name)!;
    for (const [key, value] of current) {
      if (!keys.has(key)) problems.push(`${name}.prototype gained ${String(key)}`);
      else if (keys.get(key) !== value) problems.push(`${name}.prototype.${String(key)} was replaced`);
    }
    for (const key of keys.keys()) if (!current.has(key)) problems.push(`${name}.prototype lost ${String(key)}`);
  }
  return problems;
}
