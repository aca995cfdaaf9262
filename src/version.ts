import { readFileSync } from 'node:fs';

/**
 * orgmock's version, from its package.json: one folder up from this module in
 * src/ (tsx), dist/ (the library) and bundle/ (the CLI) alike.
 */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
