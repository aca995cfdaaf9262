#!/usr/bin/env node
import { type CliConfig, readConfig, UsageError, usage } from './config.js';
import { packageVersion } from './version.js';

async function main(): Promise<void> {
  let config: CliConfig;
  try {
    config = readConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`orgmock: ${err.message}`);
    process.exit(2);
  }
  if (config.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  if (config.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  // Loaded only now: --help, --version and a mistyped option answer at once,
  // without loading Fastify, the store and five vendors first.
  const { serve } = await import('./serve.js');
  await serve(config);
}

main().catch((err) => {
  console.error(`orgmock: ${err instanceof Error ? err.message : String(err)}`);
  if (process.argv.includes('debug') || process.env.LOG_LEVEL === 'debug') console.error(err);
  process.exit(1);
});
