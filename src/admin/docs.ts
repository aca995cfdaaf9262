import type { FastifyInstance, RouteOptions } from 'fastify';
import { forwardTo, onFirstUse } from '../http/forward.js';

const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'orgmock',
    version: '0.1.0',
    description: "Local emulator of five vendors' update-organization APIs, and its admin API.",
  },
};

const DOCS_PREFIX = '/__admin/docs';

/** What the OpenAPI document needs of a route. */
type RecordedRoute = Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config' | 'constraints'>;

/**
 * `/__admin/openapi.json` and the Swagger UI at `/__admin/docs`, loaded on first use.
 *
 * @fastify/swagger (with yaml) and @fastify/swagger-ui (with @fastify/static, glob,
 * send, mime) are a fifth of orgmock's start-up time and several MB of every
 * process, for pages few runs ever open. So the app only records its routes (and
 * each scope's shared schemas) as they are added; the first request for the docs
 * builds a docs-only Fastify instance that registers both plugins and replays those
 * routes (schemas, no validation, no handlers), and every docs request is answered
 * by it through `inject`. The document is built from the same route options as when
 * the plugin sat on the app itself.
 *
 * Call before any route is added.
 */
export function registerLazyDocs(app: FastifyInstance): void {
  const routes: RecordedRoute[] = [];
  const scopes: FastifyInstance[] = [app];
  app.addHook('onRoute', (route) => {
    // Hidden routes (these below among them) are left out of the document anyway.
    if (route.schema?.hide) return;
    routes.push({
      // HEAD rides along with GET (serveHeadWithGet): the document lists the GET alone, as Fastify's own HEAD routes were left out.
      method:
        Array.isArray(route.method) && route.method.includes('GET')
          ? route.method.filter((m) => m !== 'HEAD')
          : route.method,
      url: route.url,
      schema: route.schema,
      config: route.config,
      constraints: route.constraints,
    });
  });
  app.addHook('onRegister', (instance) => {
    scopes.push(instance);
  });

  const docs = onFirstUse(() => buildDocsInstance(routes, scopes));
  app.addHook('onClose', docs.close);

  app.get('/__admin/openapi.json', { schema: { hide: true } }, async () => (await docs.load()).swagger());
  const forward = forwardTo(docs.load);
  app.get(DOCS_PREFIX, { schema: { hide: true } }, forward);
  app.get(`${DOCS_PREFIX}/*`, { schema: { hide: true } }, forward);
}

async function buildDocsInstance(routes: RecordedRoute[], scopes: FastifyInstance[]): Promise<FastifyInstance> {
  const [{ default: Fastify }, { default: swagger }, { default: swaggerUi }] = await Promise.all([
    import('fastify'),
    import('@fastify/swagger'),
    import('@fastify/swagger-ui'),
  ]);
  const docs = Fastify({ exposeHeadRoutes: false });
  // The replayed routes are never called: nothing to validate or serialize.
  docs.setValidatorCompiler(() => () => true);
  docs.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const shared = new Map<string, unknown>();
  for (const scope of scopes) {
    for (const [id, schema] of Object.entries(scope.getSchemas())) shared.set(id, schema);
  }
  for (const schema of shared.values()) docs.addSchema(schema);
  await docs.register(swagger, { openapi: OPENAPI });
  await docs.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  await docs.register(async (replay) => {
    const unreachable = async () => undefined;
    for (const route of routes) replay.route({ ...route, handler: unreachable });
  });
  await docs.ready();
  return docs;
}
