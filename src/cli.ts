#!/usr/bin/env node
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { readConfig, UsageError } from './config.js';
import { FixtureError } from './fixtures.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig(process.argv.slice(2), process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(err instanceof UsageError ? 2 : 1);
  }

  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({
      dbPath: config.db,
      fixturesDir: config.fixturesDir,
      secrets: { tokenSecret: config.tokenSecret },
      host: config.host,
      allowedHosts: config.allowedHosts,
      corsOrigins: config.corsOrigins,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    });
  } catch (err) {
    if (err instanceof FixtureError) {
      console.error(`orgmock: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the store, exit 0.
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'orgmock: shutting down after an error');
    else app.log.info(`orgmock: ${signal} received, shutting down`);
    await app.close();
  });

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  // The one line scripts wait for: with --port 0 it is the only way to learn the port.
  console.log(`orgmock listening on http://${shownHost}:${port} (store: ${config.db})`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
