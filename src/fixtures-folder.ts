import { type FSWatcher, mkdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Fixtures, loadFixtures } from './fixtures.js';
import type { Provider } from './providers/types.js';
import type { Export } from './state/vendor-data.js';

/** A fixtures folder that could not be written; `path` is the file or folder that failed. */
export class ExportWriteError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const err = cause as NodeJS.ErrnoException;
    super(`could not write the export to ${path}: ${err.code ?? err.message}`);
  }
}

/**
 * Writes an export as a fixtures folder (`<dir>/<vendor>.json`, what `--fixtures` reads),
 * creating the folder if needed. Answers the files written.
 */
export function writeFixturesFolder(dir: string, data: Export): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new ExportWriteError(dir, err);
  }
  const written: string[] = [];
  for (const [vendor, doc] of Object.entries(data)) {
    const file = join(dir, `${vendor}.json`);
    try {
      writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    } catch (err) {
      throw new ExportWriteError(file, err);
    }
    written.push(file);
  }
  return written;
}

/** Editors save in bursts (a truncate, a write, a rename): one reload once the folder is quiet this long. */
const QUIET_MS = 150;

export interface FixturesWatch {
  close(): void;
}

/**
 * Watches a fixtures folder: once a burst of changes to `<vendor>.json` files is over,
 * reads the whole folder again and hands the fixtures to `onReload`. A folder that no longer
 * loads (a file half-edited, not JSON, not fitting its schema) goes to `onInvalid`, and
 * `onReload` is not called: the data in use stays as it was.
 */
export function watchFixtures(
  dir: string,
  providers: readonly Provider[],
  handlers: { onReload(fixtures: Fixtures, files: string[]): void; onInvalid(err: Error): void },
): FixturesWatch {
  const names = new Set(providers.map((p) => `${p.name}.json`));
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    timer = undefined;
    const files = [...changed].sort();
    changed.clear();
    let fixtures: Fixtures;
    try {
      fixtures = loadFixtures(dir, providers);
    } catch (err) {
      handlers.onInvalid(err as Error);
      return;
    }
    handlers.onReload(fixtures, files);
  };
  const watcher: FSWatcher = watch(dir, (_event, filename) => {
    // Some platforms give no name; any change may then be one of ours.
    const name = filename?.toString();
    if (name !== undefined && !names.has(name)) return;
    changed.add(name ?? dir);
    clearTimeout(timer);
    timer = setTimeout(reload, QUIET_MS);
  });
  watcher.on('error', (err) => handlers.onInvalid(err));
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
