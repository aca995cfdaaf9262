import { FixtureError } from './fixtures.js';
import { StoreOpenError } from './store/open-error.js';

/** Where orgmock was asked to listen, for the messages below. */
export interface ListenTarget {
  host: string;
  port: number;
}

/**
 * One line saying why orgmock could not start, naming the file, port or value
 * at fault. Node's and SQLite's own messages ("listen EADDRINUSE", "unable to
 * open database file") are translated where their cause is known.
 */
export function explainStartupError(err: unknown, target: ListenTarget): string {
  if (err instanceof FixtureError || err instanceof StoreOpenError) return `orgmock: ${err.message}`;
  const code = (err as { code?: unknown }).code;
  const { host, port } = target;
  switch (code) {
    case 'EADDRINUSE':
      return `orgmock: port ${port} on ${host} is already in use (another orgmock?); choose another with --port, or --port 0 for a free one`;
    case 'EACCES':
      return `orgmock: no permission to listen on port ${port} on ${host} (ports below 1024 need privileges); choose another with --port`;
    case 'EADDRNOTAVAIL':
      return `orgmock: cannot listen on host ${host}: it is not an address of this machine (--host 127.0.0.1 or 0.0.0.0)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return `orgmock: cannot listen on host ${host}: the name does not resolve (--host takes an address or a resolvable name)`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `orgmock: cannot start: ${message.split('\n')[0]}`;
}
