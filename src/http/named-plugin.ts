import type { FastifyPluginAsync } from 'fastify';

/**
 * A plugin with the name Fastify shows for it (in its errors and `printPlugins()`).
 * Without one, Fastify names an anonymous plugin by scanning every module in
 * `require.cache` for it, at each registration: a few milliseconds of every app
 * built where many modules are loaded (a test runner), for nothing.
 */
export function namedPlugin<T extends FastifyPluginAsync>(name: string, plugin: T): T {
  return Object.assign(plugin, { [Symbol.for('fastify.display-name')]: name });
}
