import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type {
  FastifyInstance,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';

type CorsHook = (
  this: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
) => void;

/**
 * @fastify/cors, run only for requests that carry an Origin header. Browsers
 * send one on every cross-origin call, preflights included; SDKs, curl and test
 * suites do not, and for them the plugin's per-request work (its options merged
 * anew, the route's options built twice, a Vary header) was about a tenth of
 * what a vendor request costs. The plugin adds its one hook through `addHook`:
 * it is given an instance whose `addHook` puts that hook behind the check.
 * Everything else the plugin does (its OPTIONS route, the header rules) is its own.
 */
export async function registerBrowserCors(app: FastifyInstance, options: FastifyCorsOptions): Promise<void> {
  const gated = Object.create(app) as FastifyInstance;
  gated.addHook = ((name: 'onRequest', hook: CorsHook) =>
    app.addHook(name, function (req, reply, done) {
      if (req.headers.origin === undefined) return done();
      return hook.call(this, req, reply, done);
    })) as FastifyInstance['addHook'];
  await new Promise<void>((resolve, reject) => {
    (cors as unknown as FastifyPluginCallback<FastifyCorsOptions>)(gated, options, (err?: Error) =>
      err ? reject(err) : resolve(),
    );
  });
}
