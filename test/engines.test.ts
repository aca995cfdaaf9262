import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } | string[] }>;
};

/** The oldest release of each Node line orgmock supports, and the lines' newest as CI runs them. */
const SUPPORTED = ['20.12.0', '22.0.0', '24.0.0'];

describe('engines', () => {
  it("orgmock's engines admit Node 20.12+, 22 and 24", () => {
    for (const v of [...SUPPORTED, '20.20.0', '22.20.0', '24.11.0'])
      expect(semver.satisfies(v, pkg.engines.node), v).toBe(true);
  });

  it('no runtime dependency in the lockfile declares an engine that excludes a supported Node', () => {
    const excluding: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === '' || entry.dev) continue;
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!range) continue;
      const refused = SUPPORTED.filter((v) => !semver.satisfies(v, range));
      if (refused.length > 0) excluding.push(`${path}@${entry.version} (${range}) excludes ${refused.join(', ')}`);
    }
    expect(excluding).toEqual([]);
  });
});
