import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendAdminError } from './errors.js';
import { forwardTo, onFirstUse } from '../http/forward.js';

const UI_PREFIX = '/__admin/ui';

/**
 * The folder holding the dashboard's files (`ui/` at the package root). Looked up
 * from this module upwards, so it is found from `src/admin/` under tsx, from
 * `dist/admin/` and from the esbuild bundle in `bundle/` alike.
 */
export function findUiDir(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'ui', 'index.html'))) return join(dir, 'ui');
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The front-end libraries, served from node_modules under fixed names (never a
 * CDN: the page must work offline). Resolved by Node's own resolution, so a
 * hoisted or nested install, the bundle and the Docker image all find them.
 */
function libraryFiles(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const preact = require.resolve('preact');
  const hooks = require.resolve('preact/hooks');
  // htm's `require` condition points at its CommonJS build; the ES module sits beside it.
  const htm = join(dirname(require.resolve('htm')), 'htm.module.js');
  return new Map([
    ['preact.mjs', preact],
    ['preact.mjs.map', `${preact}.map`],
    ['hooks.mjs', hooks],
    ['hooks.mjs.map', `${hooks}.map`],
    ['htm.mjs', htm],
  ]);
}

/** sha256 sources of the page's inline scripts (its import map), for the Content-Security-Policy. */
function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    const body = m[1] ?? '';
    if (body.trim() === '') continue;
    hashes.push(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  }
  return hashes;
}

/**
 * `GET /__admin/ui`: the dashboard, a single page of static ES modules served by
 * orgmock itself. `/__admin` and `/__admin/` lead to it.
 */
export async function uiRoutes(app: FastifyInstance, uiDir?: string): Promise<void> {
  const redirect = async (_req: unknown, reply: FastifyReply) => reply.redirect(UI_PREFIX, 302);
  app.get('/__admin', { schema: { hide: true } }, redirect);
  app.get('/__admin/', { schema: { hide: true } }, redirect);

  // Everything below is found and read on first use, not at start-up: most
  // instances (a test suite's) never serve the page.
  let dir: string | null | undefined = uiDir;
  const folder = () => (dir ??= findUiDir() ?? null);
  const notInstalled = (reply: FastifyReply) =>
    sendAdminError(reply, 404, 'ORGMOCK_NOT_FOUND', 'the dashboard files (ui/) are not installed');

  let page: { html: string; csp: string } | undefined;
  const loadPage = (from: string) => {
    if (!page) {
      const html = readFileSync(join(from, 'index.html'), 'utf8');
      page = {
        html,
        // Nothing from elsewhere, and no framing by another page (the page has a Reset button).
        csp: [
          "default-src 'self'",
          `script-src 'self' ${inlineScriptHashes(html).join(' ')}`,
          "style-src 'self'",
          "img-src 'self' data:",
          "connect-src 'self'",
          "frame-ancestors 'none'",
          "base-uri 'none'",
          "form-action 'none'",
        ].join('; '),
      };
    }
    return page;
  };

  const sendPage = async (_req: unknown, reply: FastifyReply) => {
    const from = folder();
    if (!from) return notInstalled(reply);
    const { html, csp } = loadPage(from);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', csp)
      .header('x-frame-options', 'DENY')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(html);
  };
  app.get(UI_PREFIX, { schema: { hide: true } }, sendPage);
  app.get(`${UI_PREFIX}/`, { schema: { hide: true } }, sendPage);

  let libs: Map<string, string> | undefined;
  // The page's own modules and styles; `no-cache` revalidates by ETag, so an upgrade shows at once.
  // @fastify/static (with glob, send, mime) is loaded on the first request for one, not at start-up.
  const files = onFirstUse(async () => {
    const [{ default: Fastify }, { default: fastifyStatic }] = await Promise.all([
      import('fastify'),
      import('@fastify/static'),
    ]);
    const server = Fastify();
    await server.register(fastifyStatic, {
      root: folder() ?? '',
      prefix: `${UI_PREFIX}/`,
      decorateReply: false,
      index: false,
      cacheControl: false,
      setHeaders: (reply) => {
        reply.header('cache-control', 'no-cache');
        reply.header('x-content-type-options', 'nosniff');
      },
    });
    await server.ready();
    return server;
  });
  app.addHook('onClose', files.close);
  const forward = forwardTo(files.load);
  app.get(`${UI_PREFIX}/*`, { schema: { hide: true } }, async (req, reply) =>
    folder() ? forward(req, reply) : notInstalled(reply),
  );
  app.get<{ Params: { file: string } }>(`${UI_PREFIX}/lib/:file`, { schema: { hide: true } }, async (req, reply) => {
    libs ??= libraryFiles();
    const file = libs.get(req.params.file);
    if (!file || !existsSync(file)) {
      return sendAdminError(reply, 404, 'ORGMOCK_NOT_FOUND', `no library file ${req.params.file}`);
    }
    const type = file.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8';
    return reply
      .header('content-type', type)
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(readFileSync(file));
  });
}
