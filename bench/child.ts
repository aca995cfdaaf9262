import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  /** From spawn to the first 200 of `healthPath` (or to the listening line without one), in ms. */
  coldStartMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  args: string[];
  cwd: string;
  /** Polled once the listening line is out; cold start ends at its first 200. */
  healthPath?: string;
  timeoutMs?: number;
}

/** Spawns a node process that prints "... listening on http://HOST:PORT" and waits until it serves. */
export async function startServer(opts: StartOptions): Promise<Server> {
  const started = performance.now();
  const child = spawn(process.execPath, opts.args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const fail = (why: string) => new Error(`${opts.name}: ${why}\nstdout: ${out.trim()}\nstderr: ${err.trim()}`);

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(fail('no listening line in time')), opts.timeoutMs ?? 30_000);
      const onData = () => {
        const m = /listening on (http:\/\/[^\s]+)/.exec(out);
        if (!m) return;
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve(m[1]!);
      };
      child.stdout!.on('data', onData);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(fail(`could not start: ${e.message}`));
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(fail(`exited with ${code} before listening`));
      });
    });
    if (opts.healthPath) await firstOk(`${url}${opts.healthPath}`, started + (opts.timeoutMs ?? 30_000));
    const coldStartMs = performance.now() - started;
    return {
      name: opts.name,
      url,
      child,
      coldStartMs,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

async function firstOk(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not accepting yet
    }
    if (performance.now() > deadline) throw new Error(`no 200 from ${url} in time`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Peak resident set size of a live process, in MB of 10^6 bytes (Linux: VmHWM). Undefined where /proc is absent. */
export function peakRssMB(pid: number | undefined): number | undefined {
  return statusMB(pid, 'VmHWM');
}

/** Resident set size of a live process now, in MB of 10^6 bytes (Linux: VmRSS). */
export function rssMB(pid: number | undefined): number | undefined {
  return statusMB(pid, 'VmRSS');
}

function statusMB(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? (Number(m[1]) * 1024) / 1e6 : undefined;
  } catch {
    return undefined;
  }
}
