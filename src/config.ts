import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * One command-line option: its flag, the environment variable that stands in for
 * it, and how its text becomes a value. `--help` is printed from these entries, so
 * a new option is one entry in OPTIONS below and nothing else.
 */
interface Option<T> {
  /** Shown in `--help` after the flag (`N`, `FILE`); absent for a switch that takes no value. */
  arg?: string;
  env?: string;
  /** A one-letter alias (`-h`). */
  short?: string;
  /** As `--help` shows the default. */
  shownDefault?: string;
  help: string;
  /** `text` is the flag's or the variable's value (undefined when neither is set); `source` names it for errors. */
  read(text: string | undefined, source: string): T;
}

/** An option with a value; without `default` it is `undefined` when not given. */
function valueOption<T = string>(spec: {
  arg: string;
  env?: string;
  default: string;
  help: string;
  parse?: (text: string, source: string) => T;
}): Option<T>;
function valueOption<T = string>(spec: {
  arg: string;
  env?: string;
  default?: undefined;
  help: string;
  parse?: (text: string, source: string) => T;
}): Option<T | undefined>;
function valueOption<T>(spec: {
  arg: string;
  env?: string;
  default?: string;
  help: string;
  parse?: (text: string, source: string) => T;
}): Option<T | undefined> {
  const parse = spec.parse ?? ((text: string) => text as T);
  return {
    arg: spec.arg,
    env: spec.env,
    shownDefault: spec.default,
    help: spec.help,
    read(text, source) {
      const given = text ?? spec.default;
      return given === undefined ? undefined : parse(given, source);
    },
  };
}

/** A switch: on when the flag is given, or when its variable is `1`/`true`/`yes`. */
function switchOption(spec: { env?: string; short?: string; help: string }): Option<boolean> {
  return {
    env: spec.env,
    short: spec.short,
    help: spec.help,
    read(text, source) {
      if (text === undefined) return false;
      if (text === 'true') return true; // the flag itself
      if (/^(1|true|yes|on)$/i.test(text)) return true;
      if (/^(0|false|no|off|)$/i.test(text)) return false;
      throw new UsageError(`invalid ${source} ${JSON.stringify(text)}: expected 1/true/yes or 0/false/no`);
    },
  };
}

function oneOf<const V extends string>(values: readonly V[]) {
  return (text: string, source: string): V => {
    const found = values.find((v) => v === text);
    if (found === undefined)
      throw new UsageError(`invalid ${source} ${JSON.stringify(text)}: expected one of ${values.join(', ')}`);
    return found;
  };
}

function parsePort(text: string, source: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port > 65535)
    throw new UsageError(`invalid ${source} ${JSON.stringify(text)}: expected a port number from 0 to 65535`);
  return port;
}

/** A comma- or space-separated list. */
function list(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}

/** `all` (or `*`, or `true`) answers any Host, as Vite's `allowedHosts: true`. */
function allowedHostsOf(text: string): string[] | true {
  const names = list(text);
  return names.some((n) => ['all', '*', 'true'].includes(n.toLowerCase())) ? true : names;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Every option of the CLI, in `--help` order. The key is the config field; the flag is its kebab-case. */
export const OPTIONS = {
  port: valueOption({
    arg: 'N',
    env: 'PORT',
    default: '4545',
    help: 'port to listen on; 0 picks a free one (the banner shows it)',
    parse: parsePort,
  }),
  host: valueOption({
    arg: 'HOST',
    env: 'HOST',
    default: '127.0.0.1',
    help: 'address to bind; 0.0.0.0 for every interface',
  }),
  db: valueOption({
    arg: 'FILE',
    env: 'ORGMOCK_DB',
    default: ':memory:',
    help: 'SQLite file for a durable store, or :memory:',
  }),
  fixtures: valueOption({
    arg: 'DIR',
    env: 'ORGMOCK_FIXTURES',
    help: 'folder of <vendor>.json fixture files (default: the bundled fixtures/)',
  }),
  import: valueOption({
    arg: 'DIR',
    env: 'ORGMOCK_IMPORT',
    help: "--fixtures by another name (the Firebase emulators' --import), e.g. a folder --export-on-exit wrote",
  }),
  exportOnExit: valueOption({
    arg: 'DIR',
    env: 'ORGMOCK_EXPORT_ON_EXIT',
    help: "on SIGTERM/SIGINT, write every vendor's data there as <vendor>.json fixture files (created if missing)",
  }),
  watch: switchOption({
    env: 'ORGMOCK_WATCH',
    help: 'when a <vendor>.json in the fixtures folder changes, reload the fixtures and reset the store to them',
  }),
  tokenSecret: valueOption({
    arg: 'SECRET',
    env: 'ORGMOCK_TOKEN_SECRET',
    help: 'HS256 secret for every token orgmock issues (default: random per start)',
  }),
  logLevel: valueOption({
    arg: 'LEVEL',
    env: 'LOG_LEVEL',
    default: 'info',
    help: `${LOG_LEVELS.join('|')}; info logs one line per vendor request, debug adds stack traces`,
    parse: oneOf(LOG_LEVELS),
  }),
  logFormat: valueOption({
    arg: 'FORMAT',
    env: 'LOG_FORMAT',
    help: 'pretty|json (default: pretty on a terminal, json otherwise)',
    parse: oneOf(LOG_FORMATS),
  }),
  allowedHosts: valueOption({
    arg: 'NAME,...',
    env: 'ORGMOCK_ALLOWED_HOSTS',
    default: '',
    help: 'Host names answered besides localhost, IP addresses and --host; .example.test covers subdomains, all answers any',
    parse: allowedHostsOf,
  }),
  corsOrigins: valueOption({
    arg: 'ORIGIN,...',
    env: 'ORGMOCK_CORS_ORIGINS',
    default: '',
    help: 'page origins allowed besides loopback ones; exact or with * (https://*.example.test)',
    parse: list,
  }),
  help: switchOption({ short: 'h', help: 'print this help and exit' }),
  version: switchOption({ short: 'v', help: "print orgmock's version and exit" }),
};

type Options = typeof OPTIONS;
export type CliConfig = { [K in keyof Options]: ReturnType<Options[K]['read']> };

function flagOf(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A mistake in the command line or the environment: one line on stderr, exit 2. */
export class UsageError extends Error {}

export function usage(): string {
  const rows = Object.entries(OPTIONS as Record<string, Option<unknown>>).map(([key, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${flagOf(key)}${o.arg ? ` ${o.arg}` : ''}`;
    const env = o.env ? ` [env ${o.env}]` : '';
    const def = o.shownDefault ? ` (default ${o.shownDefault})` : '';
    return { flag, text: `${o.help}${def}${env}` };
  });
  const width = Math.max(...rows.map((r) => r.flag.length)) + 2;
  return [
    'usage: orgmock [options]',
    '',
    "Local emulator of five vendors' update-organization APIs (Junction, Scalekit, GMI Cloud, Razi, Transmit).",
    '',
    'options (a flag wins over its environment variable):',
    ...rows.map((r) => `  ${r.flag.padEnd(width)}${r.text}`),
    '',
    'admin API and docs: /__admin/docs once running',
  ].join('\n');
}

/** `--import` is `--fixtures` by another name: one folder, whichever spelling gave it. */
function withImport(config: CliConfig): CliConfig {
  if (config.import === undefined) return config;
  if (config.fixtures !== undefined && resolve(config.fixtures) !== resolve(config.import))
    throw new UsageError(
      `--import ${JSON.stringify(config.import)} and --fixtures ${JSON.stringify(config.fixtures)} name different folders: give one`,
    );
  return { ...config, fixtures: config.import };
}

/** Flags win over environment variables, which win over the defaults. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv): CliConfig {
  const entries = Object.entries(OPTIONS as Record<string, Option<unknown>>);
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: Object.fromEntries(
        entries.map(([key, o]) => [
          flagOf(key),
          { type: o.arg ? ('string' as const) : ('boolean' as const), ...(o.short ? { short: o.short } : {}) },
        ]),
      ),
      strict: true,
    }).values;
  } catch (err) {
    // node:util's own words ("Unknown option '--foo'"), some of them over several lines: one line here.
    const message = (err as Error).message.replace(/\s*\n\s*/g, ' ');
    throw new UsageError(`${message} (orgmock --help lists the options)`);
  }
  const config: Record<string, unknown> = {};
  for (const [key, o] of entries) {
    const flag = `--${flagOf(key)}`;
    const fromFlag = Object.hasOwn(values, flagOf(key)) ? values[flagOf(key)] : undefined;
    // An empty variable (`PORT=` in a compose file) counts as unset.
    const fromEnv = o.env !== undefined && Object.hasOwn(env, o.env) && env[o.env] !== '' ? env[o.env] : undefined;
    const text = fromFlag !== undefined ? String(fromFlag) : fromEnv;
    config[key] = o.read(text, fromFlag !== undefined ? flag : `${o.env}`);
  }
  return withImport(config as CliConfig);
}
