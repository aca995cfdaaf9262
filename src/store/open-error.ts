import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The store's file could not be opened or is not orgmock's: the message names the file and what is wrong. */
export class StoreOpenError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`cannot open the store ${path}: ${problem}`, options);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function whoAmI(): string {
  const uid = process.getuid?.();
  return uid === undefined ? 'this user' : `this user (uid ${uid})`;
}

/**
 * Says why SQLite could not open (or set up) the file at `path`. SQLite's own
 * words ("unable to open database file") name neither the file nor the reason:
 * the file system is asked instead.
 */
export function explainOpenFailure(path: string, err: unknown): StoreOpenError {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  const options = { cause: err };
  if (code === 'SQLITE_BUSY' || /database is locked/i.test(message))
    return new StoreOpenError(
      path,
      'it is locked by another process (another orgmock on the same file holds it for as long as it runs)',
      options,
    );
  if (code === 'SQLITE_NOTADB') return new StoreOpenError(path, 'it is not a SQLite database file', options);
  const full = resolve(path);
  const folder = dirname(full);
  if (!exists(folder)) return new StoreOpenError(path, `the folder ${folder} does not exist`, options);
  if (exists(full) && statSync(full).isDirectory())
    return new StoreOpenError(path, 'it is a folder; give a file path inside it', options);
  if (exists(full) && !writable(full))
    return new StoreOpenError(path, `the file is not writable by ${whoAmI()}`, options);
  if (!writable(folder))
    return new StoreOpenError(
      path,
      `the folder ${folder} is not writable by ${whoAmI()} (SQLite creates the file and its -wal beside it)`,
      options,
    );
  return new StoreOpenError(path, message, options);
}

/**
 * Tables of another application: orgmock must not migrate (and then seed and
 * reset) a database it did not create. A database orgmock made has its
 * `schema_migrations` table; an empty one is free to take.
 */
export function foreignTables(tables: readonly string[]): string[] {
  if (tables.includes('schema_migrations')) return [];
  return tables.filter((t) => !t.startsWith('sqlite_'));
}
