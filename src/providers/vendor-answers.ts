import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OrgMockContext } from '../context.js';
import type { Provider } from './types.js';
import type { VendorError } from './vendor-error.js';

/** Sends a vendor's error as that vendor's server writes it; returns the body sent, for the journal. */
export function sendVendorError(reply: FastifyReply, err: VendorError): string {
  reply.code(err.status).headers(err.headers);
  // A string body is sent as it is (some frameworks answer a 500 in plain text).
  if (typeof err.body === 'string') {
    if (!reply.hasHeader('content-type')) reply.type('text/plain; charset=utf-8');
    reply.send(err.body);
    return err.body;
  }
  const text = JSON.stringify(err.body);
  reply.type('application/json; charset=utf-8').send(text);
  return text;
}

/**
 * Journals and logs one vendor request with its answer: the one place both the
 * vendors' own routes and the answers given before any route (404, 405,
 * redirects) record what a client sent a vendor.
 */
export function recordVendorRequest(
  ctx: OrgMockContext,
  provider: Provider,
  req: FastifyRequest,
  status: number,
  responseBody: string | undefined,
  durationMs: number,
): void {
  ctx.journal.record({
    time: ctx.clock.now(),
    vendor: provider.name,
    method: req.methodAsSent ?? req.method,
    path: req.originalUrl,
    status,
    durationMs,
    requestHeaders: req.raw.rawHeaders,
    requestContentType: req.contentType ?? req.headers['content-type'],
    requestBody: req.rawBody,
    responseBody,
    reason: req.refusalReason,
  });
  if (ctx.requestLog.enabled)
    ctx.requestLog.write(
      { vendor: provider.name, method: req.method, path: req.url, status, durationMs, reason: req.refusalReason },
      req.log,
    );
}
