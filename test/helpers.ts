import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterEach } from 'vitest';
import { buildApp, type AppOptions } from '../src/app.js';
import { fixedClock } from '../src/clock.js';

export const START = '2026-01-01T00:00:00.000Z';

/**
 * A fresh app per test, on a clock that only moves when told to; closed after
 * each test so many can run at once without sharing anything.
 */
export function useApp() {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });
  return async function make(options: AppOptions = {}) {
    const clock = fixedClock(START);
    const app = await buildApp({ clock, secrets: { tokenSecret: 'test-secret' }, ...options });
    apps.push(app);
    return { app, clock, call: (opts: InjectOptions) => app.inject(opts) };
  };
}

/** Status, parsed body and content type of an inject() answer, for one exact assertion. */
export function answer(res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
  let body: unknown = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    /* keep text */
  }
  return { status: res.statusCode, body };
}
