import { resolve } from 'node:path';
import type { OrgMockContext } from './context.js';

export interface BannerInput {
  /** The URL the server answers on, as bound (`--port 0` resolved). */
  url: string;
  /** A URL a browser on this machine can open: a wildcard host (0.0.0.0) is shown as localhost. */
  browseUrl: string;
  db: string;
  fixturesDir: string;
  ctx: OrgMockContext;
}

/**
 * What orgmock prints once the port is bound. Its first line is the one scripts
 * wait for (`orgmock listening on http://...`); the others say where to look and
 * which credential of the loaded fixtures to try, per vendor.
 */
export function banner({ url, browseUrl, db, fixturesDir, ctx }: BannerInput): string {
  const store = db === ':memory:' ? ':memory:' : resolve(db);
  const width = Math.max(...ctx.providers.map((p) => p.name.length)) + 2;
  const lines = [
    `orgmock listening on ${url} (store: ${store})`,
    `  docs       ${browseUrl}/__admin/docs`,
    `  dashboard  ${browseUrl}/__admin/ui`,
    `  fixtures   ${fixturesDir}`,
    '  try:',
  ];
  for (const p of ctx.providers) {
    const data = Object.hasOwn(ctx.fixtures, p.name) ? ctx.fixtures[p.name] : undefined;
    const hint =
      data === undefined
        ? `no fixtures (no ${p.name}.json in the fixtures folder)`
        : (p.tryIt?.(data) ?? 'no credential in its fixtures may update an organization');
    lines.push(`    ${p.name.padEnd(width)}${hint}`);
  }
  return `${lines.join('\n')}\n`;
}

/** 0.0.0.0 and :: are where the server listens, not addresses to browse to. */
export function browseHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
