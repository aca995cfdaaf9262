import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionNodeFlags } from '../bench/production-start.js';

const root = join(__dirname, '..');

describe('the production start', () => {
  it('the Docker CMD runs the bundle with the Node flags of npm run start:prod', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
    expect(cmd, 'a CMD in exec form').not.toBeNull();
    expect(JSON.parse(cmd![1]!)).toEqual(['node', ...productionNodeFlags(root), 'bundle/cli.js']);
  });

  it('this Node accepts those flags', () => {
    const flags = productionNodeFlags(root);
    expect(flags.length).toBeGreaterThan(0);
    // An unknown V8 flag makes node exit with "bad option" before running anything.
    expect(execFileSync(process.execPath, [...flags, '-p', '"ok"'], { encoding: 'utf8' }).trim()).toBe('ok');
  });
});
