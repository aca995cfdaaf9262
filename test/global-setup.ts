import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Where the tests' copy of the server bundle is built (one folder below the root, as `bundle/`). */
export const TEST_BUNDLE_DIR = '.test-bundle';

/** What the bundle is made of: the sources, the build script, and the installed dependencies. */
const INPUTS = ['src', 'scripts/build-server.mjs', 'package.json', 'tsconfig.json', 'node_modules/.package-lock.json'];
const STAMP = '.inputs-sha256';

/**
 * The CLI tests start the server from a bundle of the current sources, built
 * once per run: under tsx every start compiled the sources again (1.5 s of CPU
 * a process, most of the suite's time). It is the production bundle
 * (`npm run start:prod`), built by the same script, in a folder of its own.
 * A run whose inputs are those of the last build (by content, not date) keeps it.
 */
export default function setup(): void {
  const root = join(__dirname, '..');
  const digest = inputsDigest(root);
  const stamp = join(root, TEST_BUNDLE_DIR, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  execFileSync(process.execPath, ['scripts/build-server.mjs', TEST_BUNDLE_DIR], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, digest);
}

function inputsDigest(root: string): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    const name = relative(root, path);
    if (!existsSync(path)) hash.update(`${name}\0missing`);
    else if (statSync(path).isDirectory()) for (const entry of readdirSync(path).sort()) add(join(path, entry));
    else hash.update(`${name}\0`).update(readFileSync(path));
  };
  for (const input of INPUTS) add(join(root, input));
  return hash.digest('hex');
}
