import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Node's flags of the production start, read from `npm run start:prod`
 * (`node <flags> bundle/cli.js`): the bench and the memory test start the bundle
 * as production does, and the Docker CMD is held to the same flags by a test.
 */
export function productionNodeFlags(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.['start:prod'] ?? '').trim().split(/\s+/);
  const entry = words.indexOf('bundle/cli.js');
  if (words[0] !== 'node' || entry < 0)
    throw new Error(`start:prod is not "node [flags] bundle/cli.js": ${words.join(' ')}`);
  return words.slice(1, entry);
}
