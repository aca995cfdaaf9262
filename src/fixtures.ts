import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Provider } from './providers/types.js';
import type { Store, StoreDump } from './store/store.js';
import { SeedError, checkDocument, checkReferences } from './state/vendor-data.js';

/** Fixture data per vendor name, already checked against each vendor's schema. */
export type Fixtures = Record<string, unknown>;

export class FixtureError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    message = `invalid fixture file ${file}: ${problem}`,
  ) {
    super(message);
  }
}

/** The fixtures folder shipped with orgmock (works from src/ under tsx and from dist/). */
export const defaultFixturesDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/**
 * Reads `<dir>/<vendor>.json` for every vendor. A vendor without a file starts
 * empty; a file that is not JSON or does not fit the vendor's schema stops start-up
 * with a message that names the file and the problem.
 */
export function loadFixtures(dir: string, providers: readonly Provider[]): Fixtures {
  if (!existsSync(dir))
    throw new FixtureError(dir, 'fixtures folder does not exist', `the fixtures folder ${dir} does not exist`);
  if (!statSync(dir).isDirectory())
    throw new FixtureError(
      dir,
      'not a folder',
      `the fixtures folder ${dir} is a file: give the folder that holds the <vendor>.json files`,
    );
  const out: Fixtures = {};
  for (const p of providers) {
    const file = join(dir, `${p.name}.json`);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const key = `${p.name}\0${file}\0${text}`;
    let doc = checked.get(key);
    if (doc === undefined) {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (err) {
        throw new FixtureError(file, `not valid JSON (${(err as Error).message})`);
      }
      doc = deepFreeze(checkFixture(p, file, data));
      if (checked.size >= CHECKED_KEPT) checked.delete(checked.keys().next().value!);
      checked.set(key, doc);
    }
    out[p.name] = doc;
  }
  return out;
}

/**
 * Checked fixture documents by their file's text: every app of a test suite
 * reads the same files, and parsing and checking them took longer than opening
 * the store. Frozen, since apps share them; a few at most.
 */
const checked = new Map<string, unknown>();
const CHECKED_KEPT = 32;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A fixture file's document, with left-out arrays filled in; a FixtureError names the file and the problem. */
function checkFixture(p: Provider, file: string, data: unknown): unknown {
  try {
    const doc = checkDocument(p, data);
    checkReferences(p, doc);
    return doc;
  } catch (err) {
    if (err instanceof SeedError) throw new FixtureError(file, err.message);
    throw err;
  }
}

/**
 * What seeding given fixtures writes, by their content: a second app of the
 * process started from the same fixtures loads these rows in one go instead of
 * hashing every password again. Frozen dumps, a few at most.
 */
const seeded = new Map<string, StoreDump>();
const SEEDED_KEPT = 8;

/** Seeds the store from the fixtures and answers the rows it holds then (the reset baseline). */
export function seedBaseline(store: Store, providers: readonly Provider[], fixtures: Fixtures): StoreDump {
  const key = JSON.stringify([providers.map((p) => p.name), fixtures]);
  const known = seeded.get(key);
  if (known) {
    store.load(known);
    return known;
  }
  seedStore(store, providers, fixtures);
  const dump = store.dump();
  if (seeded.size >= SEEDED_KEPT) seeded.delete(seeded.keys().next().value!);
  seeded.set(key, dump);
  return dump;
}

/** Replaces the store's vendor data with the fixtures, atomically. */
export function seedStore(store: Store, providers: readonly Provider[], fixtures: Fixtures): void {
  store.transaction(() => {
    store.clear();
    for (const p of providers) {
      const data = Object.hasOwn(fixtures, p.name) ? fixtures[p.name] : undefined;
      if (data !== undefined) p.seed(store, data);
    }
  });
}
