import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { OrgMockContext } from '../context.js';
import type { JournalEntry } from './journal.js';

/** What the live journal sends per request: enough for a list row; the rest is fetched on demand. */
export type JournalSummary = Pick<
  JournalEntry,
  'id' | 'time' | 'vendor' | 'method' | 'path' | 'status' | 'durationMs' | 'reason'
>;

export function summarize(e: JournalEntry): JournalSummary {
  const { id, time, vendor, method, path, status, durationMs, reason } = e;
  return { id, time, vendor, method, path, status, durationMs, reason };
}

const EventsQuery = Type.Object({
  since: Type.Optional(
    Type.Integer({ minimum: 0, description: 'first send the kept entries after this id (0: all of them)' }),
  ),
});

/** A comment line every so often keeps proxies and the browser from timing the stream out. */
const HEARTBEAT_MS = 15_000;

/**
 * `GET /__admin/events`: the journal as Server-Sent Events, one `request` event
 * per vendor request (a summary; `GET /__admin/requests/:id` has the rest), and a
 * `cleared` event when the journal is emptied (by a reset, too). With
 * `?since=` (or the browser's `Last-Event-ID` on a reconnect) the kept entries
 * after that id come first, so a reader misses nothing between reading and listening.
 */
export async function eventRoutes(app: FastifyInstance, ctx: OrgMockContext): Promise<void> {
  const open = new Set<ServerResponse>();
  // Open streams would keep `server.close()` waiting forever: end them as closing starts.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
  });

  app.get<{ Querystring: Static<typeof EventsQuery> }>(
    '/__admin/events',
    {
      schema: {
        tags: ['admin'],
        querystring: EventsQuery,
        description: 'Live journal (text/event-stream): one `request` event per vendor request.',
      },
    },
    async (req, reply) => {
      const lastEventId = Number.parseInt(String(req.headers['last-event-id'] ?? ''), 10);
      const since = Number.isSafeInteger(lastEventId) && lastEventId >= 0 ? lastEventId : req.query.since;

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      const send = (e: JournalEntry) => {
        res.write(`id: ${e.id}\nevent: request\ndata: ${JSON.stringify(summarize(e))}\n\n`);
      };
      res.write('retry: 1000\n\n');
      // Subscribed before the backlog is read: this is one synchronous turn, so nothing falls between.
      const stop = ctx.journal.subscribe(send);
      // A reset or a cleared journal, from the page or from elsewhere (a test's `mock.reset()`): readers start over.
      const stopClear = ctx.journal.onClear(() => res.write('event: cleared\ndata: {}\n\n'));
      if (since !== undefined) for (const e of ctx.journal.list({ since })) send(e);
      res.write('event: ready\ndata: {}\n\n');

      const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      open.add(res);
      res.on('close', () => {
        clearInterval(heartbeat);
        stop();
        stopClear();
        open.delete(res);
      });
    },
  );
}
