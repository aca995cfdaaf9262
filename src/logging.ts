import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import type { Masking } from './admin/mask.js';

/** pino's options, plus where the lines go (default stdout). */
export type LogOptions = LoggerOptions & { stream?: DestinationStream };

/**
 * The app's logger: pino with credentials in logged headers redacted; undefined
 * for no logging. pino (and the worker-thread transport it loads) is imported only
 * by an app that logs: `startOrgMock()` and a `--log-level silent` server start
 * without it, 15-20 ms sooner.
 */
export async function createLogger(
  options: boolean | LogOptions | undefined,
  masking: Masking,
): Promise<Logger | undefined> {
  if (!options) return undefined;
  const { default: pino } = await import('pino');
  const { stream, ...rest } = typeof options === 'object' ? options : {};
  const opts = { ...rest, redact: masking.redactPaths };
  return stream ? pino(opts, stream) : pino(opts);
}

/** What one vendor request's log line says. */
export interface RequestLine {
  vendor: string;
  method: string;
  /** As requested: its query string is masked here, since a client may put a secret there. */
  path: string;
  status: number;
  durationMs: number;
  reason?: string;
}

/**
 * One line per vendor request (REST and gRPC) at `info`. Built only when the
 * level lets it through: the check is one boolean taken at start-up, so a server
 * run with `--log-level warn` (the benchmark) pays nothing for it.
 */
export class RequestLog {
  readonly enabled: boolean;

  constructor(
    private readonly log: Logger | undefined,
    private readonly masking: Masking,
  ) {
    this.enabled = log?.isLevelEnabled('info') === true;
  }

  /** `log` is the request's own logger where it has one (its lines carry the request id). */
  write(line: RequestLine, log: Pick<FastifyBaseLogger, 'info'> | undefined = this.log): void {
    if (!this.enabled || !log) return;
    const path = this.masking.maskQuery(line.path);
    const durationMs = Math.round(line.durationMs * 10) / 10;
    // A reason is orgmock's own words, but may quote what the client sent: masked like the journal's text.
    const reason = line.reason === undefined ? undefined : this.masking.maskSecretsInText(line.reason);
    const msg = `${line.method} ${path} ${line.status} ${line.vendor}${reason ? `: ${reason}` : ''} (${durationMs} ms)`;
    log.info({ vendor: line.vendor, method: line.method, path, status: line.status, durationMs, reason }, msg);
  }
}

/**
 * The pretty format (a terminal): time, level and the message; the request
 * line's fields are already in its message. Loaded only when asked for.
 */
export async function prettyStream(): Promise<DestinationStream> {
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    colorize: process.stdout.isTTY === true,
    translateTime: 'HH:MM:ss.l',
    ignore: 'pid,hostname,reqId,vendor,method,path,status,durationMs,reason',
    sync: true,
  });
}
