import { parseArgs } from 'node:util';

export interface CliConfig {
  port: number;
  host: string;
  db: string;
  fixturesDir?: string;
  tokenSecret?: string;
  logLevel: string;
  /** Host names answered besides the defaults; `true` for any (`--allowed-hosts all`). */
  allowedHosts: string[] | true;
  corsOrigins: string[];
}

export const USAGE = `usage: orgmock [--port N] [--host H] [--db FILE|:memory:] [--fixtures DIR] [--token-secret S] [--log-level L]
               [--allowed-hosts NAME,...|all] [--cors-origins ORIGIN,...]
  env: PORT, HOST, ORGMOCK_DB, ORGMOCK_FIXTURES, ORGMOCK_TOKEN_SECRET, LOG_LEVEL,
       ORGMOCK_ALLOWED_HOSTS, ORGMOCK_CORS_ORIGINS (flags win)`;

/** Flags win over environment variables, which win over the defaults. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv): CliConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      fixtures: { type: 'string' },
      'token-secret': { type: 'string' },
      'log-level': { type: 'string' },
      'allowed-hosts': { type: 'string' },
      'cors-origins': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) throw new UsageError(USAGE);
  const portText = values.port ?? env.PORT ?? '4545';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`invalid port: ${portText}\n${USAGE}`);
  return {
    port,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    db: values.db ?? env.ORGMOCK_DB ?? ':memory:',
    fixturesDir: values.fixtures ?? env.ORGMOCK_FIXTURES,
    tokenSecret: values['token-secret'] ?? env.ORGMOCK_TOKEN_SECRET,
    logLevel: values['log-level'] ?? env.LOG_LEVEL ?? 'info',
    allowedHosts: allowedHostsOf(values['allowed-hosts'] ?? env.ORGMOCK_ALLOWED_HOSTS),
    corsOrigins: list(values['cors-origins'] ?? env.ORGMOCK_CORS_ORIGINS),
  };
}

/** A comma- or space-separated list. */
function list(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter((s) => s !== '');
}

/** `all` (or `*`, or `true`) answers any Host, as Vite's `allowedHosts: true`. */
function allowedHostsOf(text: string | undefined): string[] | true {
  const names = list(text);
  return names.some((n) => ['all', '*', 'true'].includes(n.toLowerCase())) ? true : names;
}

export class UsageError extends Error {}
