import type { FastifyRequest } from 'fastify';

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), if any. */
export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/** A single header value (the first when repeated). */
export function headerValue(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The bare media type of the Content-Type the client sent, lower-cased: `application/json`. */
export function mediaType(req: FastifyRequest): string | undefined {
  return req.contentType === undefined ? undefined : bareMediaType(req.contentType) || undefined;
}

/** A Content-Type value without its parameters, lower-cased (empty for an empty value). */
export function bareMediaType(header: string): string {
  // What nearly every client sends is already the answer: no split, trim or lower-casing per request.
  if (header === 'application/json') return header;
  return header.split(';')[0]!.trim().toLowerCase();
}

export type JsonBody =
  | { ok: true; value: unknown; empty: false }
  | { ok: true; value: undefined; empty: true }
  | { ok: false; error: SyntaxError };

/** The body as JSON (JSON.parse makes `__proto__` an own key, never a prototype). */
export function readJson(req: FastifyRequest): JsonBody {
  const raw = req.rawBody;
  if (!raw || raw.length === 0) return { ok: true, value: undefined, empty: true };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')), empty: false };
  } catch (error) {
    return { ok: false, error: error as SyntaxError };
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
