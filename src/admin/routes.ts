import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { OrgMockContext } from '../context.js';

const JournalQuery = Type.Object({
  vendor: Type.Optional(Type.String()),
  path: Type.Optional(Type.String({ description: 'prefix of the request path' })),
  status: Type.Optional(Type.Integer()),
  method: Type.Optional(Type.String()),
});

/** orgmock's own API, apart from every vendor route. Errors here use one plain shape. */
export async function adminRoutes(app: FastifyInstance, ctx: OrgMockContext): Promise<void> {
  app.get('/__admin/health', {
    schema: { tags: ['admin'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.post('/__admin/reset', {
    schema: { tags: ['admin'], description: 'Puts the store back to the fixtures and clears the journal.' },
  }, async () => {
    ctx.reset();
    return { status: 'reset' };
  });

  app.get<{ Querystring: Static<typeof JournalQuery> }>('/__admin/requests', {
    schema: { tags: ['admin'], querystring: JournalQuery, description: 'Journal of vendor requests, oldest first; credentials masked.' },
  }, async (req) => ({ requests: ctx.journal.list(req.query) }));

  app.delete('/__admin/requests', { schema: { tags: ['admin'] } }, async (_req, reply) => {
    ctx.journal.clear();
    return reply.code(204).send();
  });
}
