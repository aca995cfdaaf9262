import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { TEST_BUNDLE_DIR } from './global-setup.js';

const root = join(__dirname, '..');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/**
 * Starts the real CLI, bundled from the current sources (test/global-setup.ts),
 * and waits for its "listening" line.
 */
export function startCli(args: string[], env: Record<string, string> = {}, options: SpawnOptions = {}) {
  const child = spawn(process.execPath, [join(TEST_BUNDLE_DIR, 'cli.js'), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stdout=${out} stderr=${err}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`exited early; stdout=${out} stderr=${err}`));
    });
  });
  return { child, listening, exited, output: () => ({ out, err }) };
}

/** Runs the CLI to its end (a failed start, --help): exit code, stdout and stderr. */
export async function runCli(args: string[], env: Record<string, string> = {}, options: SpawnOptions = {}) {
  const cli = startCli(args, env, options);
  cli.listening.catch(() => {});
  // 'close', not 'exit': the last of stdout and stderr has been read by then.
  const code = await new Promise<number | null>((res) => cli.child.on('close', (c) => res(c)));
  return { code, ...cli.output() };
}
