import { createRequire } from 'node:module';
import Database from 'better-sqlite3';

export type SqliteStatement = Database.Statement;

/**
 * Why this module exists: on Node 24 (from 24.19, whose `node_object_wrap.h`
 * registers a cleanup hook per object), better-sqlite3 12's native objects, all
 * `node::ObjectWrap`s (Database, Statement, StatementIterator, Backup), remove that
 * hook in their destructor, and Node aborts the process (`Assertion failed: (env)
 * != nullptr`) when the destructor runs from a garbage collection with no
 * JavaScript context entered, such as the scavenges V8 runs as a task of its own.
 * Upstream: WiseLibs/better-sqlite3#1515 and nodejs/node#65446; 13.x fixes it by
 * moving to node-addon-api (commit 84245d3b, #1498) but needs Node 22, and the
 * stack pins 12.x.
 *
 * So on Node 24 none of them may ever become garbage: every database opened
 * through `SqliteDatabase`, every statement it prepares (`pragma()` included,
 * which upstream prepares and drops) and every iterator such a statement hands out
 * are kept here for the life of the process. `db.transaction()`'s own statements
 * live as long as their database. A closed database's statements are finalized by
 * `close()`: what stays is a few hundred bytes per object. `backup()` is not
 * covered: orgmock never calls it. orgmock's one piece of module-level state; it
 * holds nothing a request can reach. Biome's `noRestrictedImports` keeps every
 * other file from opening better-sqlite3 directly.
 */
const keptFromCollector: object[] | undefined = Number(process.versions.node.split('.')[0]) >= 24 ? [] : undefined;

/**
 * The compiled addon, by the path both of better-sqlite3's install steps
 * (prebuild-install, `node-gyp rebuild --release`) write it to, and the one file
 * of the package the Docker image copies (ADDONS in scripts/build-server.mjs,
 * which must name the same path). Named here, the
 * addon is loaded in one `require`; left to better-sqlite3, its `bindings`
 * package searches a dozen candidate paths first. The production bundle also
 * carries better-sqlite3's JavaScript, so a start loads one CommonJS module from
 * node_modules instead of sixteen, and their path work no longer makes V8
 * compile its optimizing tier's code into the idle process (about 4 MB of
 * resident memory). Run from src/ or dist/, an addon built elsewhere (a debug
 * build) is still found by `bindings`; the bundle needs this path, as its
 * bundled `bindings` cannot search from a bundled file.
 */
const addonPath: string | undefined = (() => {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
  } catch {
    return undefined;
  }
})();

export class SqliteDatabase extends Database {
  constructor(path: string, options?: Database.Options) {
    super(path, addonPath === undefined ? options : { ...options, nativeBinding: addonPath });
    keptFromCollector?.push(this);
  }

  // biome-ignore lint/complexity/noBannedTypes: the `{}` of better-sqlite3's own signature, which this overrides.
  override prepare<P extends unknown[] | {} = unknown[], R = unknown>(source: string): Database.Statement<P, R> {
    const statement: Database.Statement<P, R> = super.prepare<P, R>(source);
    if (keptFromCollector) {
      keptFromCollector.push(statement);
      const iterate = statement.iterate;
      Object.defineProperty(statement, 'iterate', {
        value: (...params: unknown[]) => {
          const iterator = iterate.apply(statement, params as never);
          keptFromCollector.push(iterator);
          return iterator;
        },
      });
    }
    return statement;
  }

  /** As better-sqlite3's, through a statement prepared (and so kept) above. */
  override pragma(source: string, options?: Database.PragmaOptions): unknown {
    const statement = this.prepare(`PRAGMA ${source}`);
    if (!statement.reader) {
      statement.run();
      return options?.simple ? undefined : [];
    }
    return options?.simple ? statement.pluck().get() : statement.all();
  }
}
