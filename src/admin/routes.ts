import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { OrgMockContext } from '../context.js';
import { FaultSpec } from './faults.js';

const TokenRequest = Type.Object(
  {
    vendor: Type.String(),
    identity: Type.String({ description: 'client id, email or org id, as the vendor knows it' }),
    expiresIn: Type.Optional(Type.Integer({ description: 'seconds; negative gives an already-expired token' })),
    tenant: Type.Optional(Type.String({ description: 'environment or app name, where the vendor has tenants' })),
  },
  { additionalProperties: false },
);

const adminError = (message: string) => ({ error: 'Bad Request', message });

const JournalQuery = Type.Object({
  since: Type.Optional(Type.Integer({ description: 'only entries whose id is greater' })),
  vendor: Type.Optional(Type.String()),
  path: Type.Optional(Type.String({ description: 'prefix of the request path' })),
  status: Type.Optional(Type.Integer()),
  method: Type.Optional(Type.String()),
});

/** orgmock's own API, apart from every vendor route. Errors here use one plain shape. */
export async function adminRoutes(app: FastifyInstance, ctx: OrgMockContext): Promise<void> {
  app.get(
    '/__admin/health',
    {
      schema: { tags: ['admin'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.post(
    '/__admin/reset',
    {
      schema: { tags: ['admin'], description: 'Puts the store back to the fixtures and clears the journal.' },
    },
    async () => {
      ctx.reset();
      return { status: 'reset' };
    },
  );

  app.get<{ Querystring: Static<typeof JournalQuery> }>(
    '/__admin/requests',
    {
      schema: {
        tags: ['admin'],
        querystring: JournalQuery,
        description: 'Journal of vendor requests, oldest first; credentials masked.',
      },
    },
    async (req) => ({ requests: ctx.journal.list(req.query) }),
  );

  app.delete('/__admin/requests', { schema: { tags: ['admin'] } }, async (_req, reply) => {
    ctx.journal.clear();
    return reply.code(204).send();
  });

  app.post<{ Body: Static<typeof TokenRequest> }>(
    '/__admin/tokens',
    {
      schema: {
        tags: ['admin'],
        body: TokenRequest,
        description: "Issues a vendor credential for one of its identities, without the vendor's login chain.",
      },
    },
    async (req, reply) => {
      const provider = ctx.providers.find((p) => p.name === req.body.vendor);
      if (!provider?.mintToken)
        return reply
          .code(400)
          .send(adminError(`unknown vendor ${req.body.vendor}; one of ${ctx.providers.map((p) => p.name).join(', ')}`));
      try {
        const minted = await provider.mintToken(ctx, req.body.identity, {
          expiresIn: req.body.expiresIn,
          tenant: req.body.tenant,
        });
        return reply.code(201).send({ vendor: provider.name, identity: req.body.identity, ...minted });
      } catch (err) {
        return reply.code(404).send({ error: 'Not Found', message: (err as Error).message });
      }
    },
  );

  app.get('/__admin/faults', { schema: { tags: ['admin'] } }, async () => ({ faults: ctx.faults.list() }));

  app.post<{ Body: Static<typeof FaultSpec> }>(
    '/__admin/faults',
    {
      schema: {
        tags: ['admin'],
        body: FaultSpec,
        description: 'Makes matching vendor requests wait and/or fail with a named vendor error.',
      },
    },
    async (req, reply) => {
      const provider = ctx.providers.find((p) => p.name === req.body.vendor);
      if (!provider)
        return reply
          .code(400)
          .send(adminError(`unknown vendor ${req.body.vendor}; one of ${ctx.providers.map((p) => p.name).join(', ')}`));
      const { error, delayMs } = req.body;
      if (error === undefined && delayMs === undefined)
        return reply.code(400).send(adminError('a fault needs an error, a delayMs, or both'));
      if (error !== undefined && !(error in provider.faults)) {
        return reply
          .code(400)
          .send(
            adminError(
              `unknown error ${error} for ${provider.name}; one of ${Object.keys(provider.faults).join(', ')}`,
            ),
          );
      }
      return reply.code(201).send(ctx.faults.add(req.body));
    },
  );

  app.delete('/__admin/faults', { schema: { tags: ['admin'] } }, async (_req, reply) => {
    ctx.faults.clear();
    return reply.code(204).send();
  });

  const state = (vendor?: string) => {
    const out: Record<string, { orgs: { tenant: string; id: string; data: unknown }[] }> = {};
    for (const p of ctx.providers) {
      if (vendor === undefined || vendor === p.name) {
        out[p.name] = { orgs: ctx.store.listOrgs(p.name).map(({ tenant, id, data }) => ({ tenant, id, data })) };
      }
    }
    return out;
  };
  app.get(
    '/__admin/state',
    { schema: { tags: ['admin'], description: 'Every org as stored, per vendor.' } },
    async () => state(),
  );
  app.get<{ Params: { vendor: string } }>(
    '/__admin/state/:vendor',
    { schema: { tags: ['admin'] } },
    async (req, reply) => {
      if (!ctx.providers.some((p) => p.name === req.params.vendor)) {
        return reply.code(404).send({ error: 'Not Found', message: `unknown vendor ${req.params.vendor}` });
      }
      return state(req.params.vendor)[req.params.vendor];
    },
  );
}
