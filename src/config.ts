import { parseArgs } from 'node:util';

export interface CliConfig {
  port: number;
  host: string;
  db: string;
  fixturesDir?: string;
  tokenSecret?: string;
  logLevel: string;
}

export const USAGE = `usage: orgmock [--port N] [--host H] [--db FILE|:memory:] [--fixtures DIR] [--token-secret S] [--log-level L]
  env: PORT, HOST, ORGMOCK_DB, ORGMOCK_FIXTURES, ORGMOCK_TOKEN_SECRET, LOG_LEVEL (flags win)`;

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
  };
}

export class UsageError extends Error {}
