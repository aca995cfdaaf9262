import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';

/** Headers of the inner instance's answer that the app's own reply sets for itself. */
const HOP_BY_HOP = new Set(['connection', 'content-length', 'date', 'keep-alive', 'transfer-encoding']);

/**
 * A handler that answers with what a Fastify instance built on first use answers
 * (through `inject`): for plugins only some runs need (Swagger UI, @fastify/static),
 * whose modules would otherwise be loaded and registered at every start-up. The
 * inner instance's 404 (a file it does not have) is the app's own 404.
 */
export function forwardTo(load: () => Promise<FastifyInstance>) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const answer = await (await load()).inject({
      method: req.method as HTTPMethods,
      url: req.url,
      headers: req.headers,
    });
    if (answer.statusCode === 404) return reply.callNotFound();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) reply.header(name, value);
    }
    return reply.code(answer.statusCode).send(answer.rawPayload);
  };
}

/** `build` run once, on first call; a failed build (a missing module) is tried again next time. */
export function onFirstUse(build: () => Promise<FastifyInstance>) {
  let instance: Promise<FastifyInstance> | undefined;
  const load = () => {
    instance ??= build().catch((err: unknown) => {
      instance = undefined;
      throw err;
    });
    return instance;
  };
  const close = async () => {
    await (await instance?.catch(() => undefined))?.close();
  };
  return { load, close };
}
