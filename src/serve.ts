import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { banner, browseHost } from './banner.js';
import type { CliConfig } from './config.js';
import { defaultFixturesDir } from './fixtures.js';
import { ExportWriteError, type FixturesWatch, watchFixtures, writeFixturesFolder } from './fixtures-folder.js';
import { type LogOptions, prettyStream } from './logging.js';
import { exportAll } from './state/vendor-data.js';
import { explainStartupError } from './startup-errors.js';
import { LISTEN_BACKLOG } from './server/listen.js';

/**
 * What `orgmock` does once its options are read: build the app, listen, print
 * the banner, and on SIGTERM/SIGINT export (--export-on-exit) and close.
 */
export async function serve(config: CliConfig): Promise<void> {
  const verbose = config.logLevel === 'debug' || config.logLevel === 'trace';
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({
      dbPath: config.db,
      fixturesDir: config.fixtures,
      secrets: { tokenSecret: config.tokenSecret },
      host: config.host,
      allowedHosts: config.allowedHosts,
      corsOrigins: config.corsOrigins,
      logger: await loggerOptions(config),
    });
    await app.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
  } catch (err) {
    // One line that names what is wrong; the stack only for those who asked for detail.
    console.error(explainStartupError(err, config));
    if (verbose) console.error(err);
    await app?.close().catch(() => {});
    process.exit(1);
  }

  const running = app;
  const fixturesDir = config.fixtures ?? defaultFixturesDir;
  const watcher = config.watch ? watchFixtureChanges(running, fixturesDir) : undefined;

  // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the store, exit 0.
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) running.log.error({ err }, 'orgmock: shutting down after an error');
    else running.log.info(`orgmock: ${signal} received, shutting down`);
    watcher?.close();
    let exportFailed = false;
    if (signal && config.exportOnExit !== undefined) exportFailed = !exportOnExit(running, config.exportOnExit);
    await running.close();
    if (exportFailed) process.exit(1);
  });

  const address = running.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  process.stdout.write(
    banner({
      url: `http://${shownHost}:${port}`,
      browseUrl: `http://${browseHost(config.host)}:${port}`,
      db: config.db,
      fixturesDir,
      ctx: running.orgmock,
    }),
  );
}

/** Writes the store as a fixtures folder; a failure is one line naming the path (answers false). */
function exportOnExit(app: FastifyInstance, dir: string): boolean {
  try {
    writeFixturesFolder(dir, exportAll(app.orgmock.store, app.orgmock.providers));
  } catch (err) {
    if (!(err instanceof ExportWriteError)) throw err;
    console.error(`orgmock: ${err.message}`);
    return false;
  }
  // On stderr, not in the log: the user asked for it, whatever the log level.
  console.error(`orgmock: exported every vendor's data to ${dir}`);
  return true;
}

function watchFixtureChanges(app: FastifyInstance, dir: string): FixturesWatch {
  return watchFixtures(dir, app.orgmock.providers, {
    onReload(fixtures, files) {
      try {
        app.orgmock.reset(fixtures);
      } catch (err) {
        app.log.error(`fixtures changed but could not be seeded, previous data kept: ${(err as Error).message}`);
        return;
      }
      app.log.info(`fixtures changed: reloaded ${files.join(', ')}`);
    },
    onInvalid(err) {
      app.log.error(`fixtures changed but not reloaded, previous data kept: ${err.message}`);
    },
  });
}

async function loggerOptions(config: CliConfig): Promise<LogOptions | false> {
  if (config.logLevel === 'silent') return false;
  const format = config.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json');
  return {
    level: config.logLevel,
    ...(format === 'pretty' ? { stream: await prettyStream() } : {}),
    // The banner says where orgmock listens, once; Fastify's own line per address would repeat it.
    hooks: {
      logMethod(args, method) {
        if (typeof args[0] === 'string' && args[0].startsWith('Server listening at ')) return;
        method.apply(this, args);
      },
    },
  };
}
