import type { FastifyRequest } from 'fastify';
import { goPath, uvicornPath } from '../server/http-stacks.js';
import type { Provider } from './types.js';

/**
 * Which methods each of a vendor's paths serves, as `mountProvider` sees its
 * routes registered. What a vendor answers for a method or a path it does not
 * serve is derived from it: the `Allow` header of a 405, and the trailing-slash
 * redirects of Starlette and gin.
 */
export class ServedRoutes {
  // The patterns are compiled on the first request no route took: an app that never
  // meets one (a test's) does not pay for them at start.
  private readonly routes: Array<{ url: string; pattern?: RegExp; emptyParams?: RegExp; methods: string[] }> = [];

  add(url: string, methods: readonly string[]): void {
    let route = this.routes.find((r) => r.url === url);
    if (!route) {
      route = { url, methods: [] };
      this.routes.push(route);
    }
    for (const m of methods) if (m !== 'HEAD' && !route.methods.includes(m)) route.methods.push(m);
  }

  /** Every route URL (Fastify's syntax) with the methods it serves, in the order they were registered. */
  entries(): ReadonlyArray<{ url: string; methods: readonly string[] }> {
    return this.routes;
  }

  /** The methods served at the route URL `url` (a pattern, as registered). */
  methodsOf(url: string | undefined): readonly string[] {
    return this.routes.find((r) => r.url === url)?.methods ?? [];
  }

  /**
   * The routes (URL and methods) that match a concrete path, already decoded as
   * the router decodes it. A parameter takes a whole, non-empty segment, as
   * Starlette's, gin's and Express's do; with `emptyParams`, an empty one too, as
   * Fastify's router (and grpc-gateway's) do.
   */
  routesAt(path: string, emptyParams = false): ReadonlyArray<{ url: string; methods: readonly string[] }> {
    return this.routes.filter((r) => {
      if (emptyParams) {
        r.emptyParams ??= compile(r.url, '[^/]*');
        return r.emptyParams.test(path);
      }
      r.pattern ??= compile(r.url, '[^/]+');
      return r.pattern.test(path);
    });
  }

  /** The methods served at a concrete path (see `routesAt`). */
  methodsAt(path: string, emptyParams = false): readonly string[] {
    return methodsOf(this.routesAt(path, emptyParams));
  }
}

/** The methods a set of matching routes serves, each once. */
export function methodsOf(routes: ReadonlyArray<{ methods: readonly string[] }>): string[] {
  return [...new Set(routes.flatMap((r) => r.methods))];
}

/** A Fastify route URL as a regular expression over a decoded path (`:id`, `:id(regex)`, `::` for a colon). */
function compile(url: string, param: string): RegExp {
  let out = '';
  for (let i = 0; i < url.length; i++) {
    const c = url[i]!;
    if (c === ':' && url[i + 1] === ':') {
      out += ':';
      i++;
    } else if (c === ':') {
      let j = i + 1;
      while (j < url.length && /[\w$]/.test(url[j]!)) j++;
      if (url[j] === '(') {
        let depth = 0;
        let k = j;
        for (; k < url.length; k++) {
          if (url[k] === '(') depth++;
          else if (url[k] === ')' && --depth === 0) break;
        }
        out += `(?:${url
          .slice(j + 1, k)
          .replace(/^\^/, '')
          .replace(/\$$/, '')})`;
        i = k;
      } else {
        out += param;
        i = j - 1;
      }
    } else if (c === '*') out += '.*';
    else out += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** A redirect the vendor's router answers instead of a 404, if any. */
export interface Redirect {
  status: number;
  location: string;
}

/**
 * Starlette (`Router.app`, redirect_slashes): a path that matches no route but
 * would without its trailing slashes (any method) is a 307 to the absolute URL
 * built from the Host header and the decoded path (starlette/routing.py,
 * `redirect_scope["path"].rstrip("/")`; `URL(scope=...)`).
 *
 * gin (`redirectTrailingSlash`, gin.go lines 781-795, dcaa429): when the same
 * method's tree has the path without its one trailing slash (`tsr`), 301 for
 * GET and 307 otherwise, to the path only (`req.URL.String()`).
 */
export function trailingSlashRedirect(
  provider: Provider,
  served: ServedRoutes,
  req: FastifyRequest,
): Redirect | undefined {
  const url = req.originalUrl;
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q);
  const routed = decodedPath(req.url);
  if (routed === undefined || !routed.endsWith('/') || routed === '/') return undefined;
  const method = req.methodAsSent ?? req.method;
  if (provider.router === 'starlette') {
    const stripped = routed.replace(/\/+$/, '');
    if (stripped === '' || served.methodsAt(stripped).length === 0) return undefined;
    const decoded = uvicornPath(rawPath).replace(/\/+$/, '');
    const host = req.headers.host ?? '';
    // Starlette writes the decoded path; a header can only carry it when it is plain text.
    const path = /^[\x21-\x7e]*$/.test(decoded) ? decoded : rawPath.replace(/\/+$/, '');
    return { status: 307, location: host === '' ? `${path}${query}` : `http://${host}${path}${query}` };
  }
  if (provider.router === 'gin') {
    const stripped = routed.slice(0, -1);
    if (!served.methodsAt(stripped).includes(method)) return undefined;
    const bytes = goPath(rawPath);
    if (!bytes) return undefined;
    return { status: method === 'GET' ? 301 : 307, location: goEscapePath(bytes.subarray(0, -1)) + query };
  }
  return undefined;
}

/** The path of a URL with every escape decoded (`undefined` for one that does not decode). */
export function decodedPath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split('?')[0]!);
  } catch {
    return undefined;
  }
}

/** The path as Fastify's router matches it: each segment decoded, a slash inside one kept as `%2F`. */
export function segmentsDecoded(url: string): string | undefined {
  try {
    return url
      .split('?')[0]!
      .split('/')
      .map((segment) => decodeURIComponent(segment).replaceAll('/', '%2F'))
      .join('/');
  } catch {
    return undefined;
  }
}

/** Go's `url.PathEscape`-like escaping of a path (`escape(s, encodePath)`): unreserved, sub-delims, `:@/` kept. */
function goEscapePath(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~$&+,/:;=@]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
