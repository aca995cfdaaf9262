import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Where the tests' copy of the server bundle is built (one folder below the root, as `bundle/`). */
export const TEST_BUNDLE_DIR = '.test-bundle';

/**
 * The CLI tests start the server from a bundle of the current sources, built
 * once per run: under tsx every start compiled the sources again (1.5 s of CPU
 * a process, most of the suite's time). It is the production bundle
 * (`npm run start:prod`), built by the same script, in a folder of its own.
 */
export default function setup(): void {
  const root = join(__dirname, '..');
  execFileSync(process.execPath, ['scripts/build-server.mjs', TEST_BUNDLE_DIR], { cwd: root, stdio: 'inherit' });
}
