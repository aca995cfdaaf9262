import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { OrgMockContext } from '../context.js';
import type { Provider } from '../providers/types.js';
import { UnknownIdentity } from '../providers/unknown-identity.js';
import { AdminError, AdminErrorBody, adminErrorHandler } from './errors.js';
import { FaultSpec, checkFault } from './faults.js';
import { EXPIRES_IN_MAX } from './limits.js';
import {
  SeedError,
  deleteVendorOrg,
  exportAll,
  fixtureJsonSchema,
  replaceVendorData,
  upsertVendorData,
} from '../state/vendor-data.js';

const TokenRequest = Type.Object(
  {
    vendor: Type.String(),
    identity: Type.String({ description: 'client id, email or org id, as the vendor knows it' }),
    expiresIn: Type.Optional(
      Type.Integer({
        minimum: -EXPIRES_IN_MAX,
        maximum: EXPIRES_IN_MAX,
        description: 'seconds (at most 100 years either way); negative gives an already-expired token',
      }),
    ),
    tenant: Type.Optional(Type.String({ description: 'environment or app name, where the vendor has tenants' })),
  },
  { additionalProperties: false },
);

/**
 * The provider of that name. A name that is no vendor's is refused: 400 when it
 * came in a body (a bad field), 404 when it is part of the path (no such resource).
 */
export function findProvider(ctx: OrgMockContext, vendor: string, status: 400 | 404 = 400): Provider {
  const provider = ctx.providers.find((p) => p.name === vendor);
  if (!provider)
    throw new AdminError(
      status,
      'ORGMOCK_UNKNOWN_VENDOR',
      `unknown vendor ${JSON.stringify(vendor)}; one of ${ctx.providers.map((p) => p.name).join(', ')}`,
    );
  return provider;
}

const JournalQuery = Type.Object({
  since: Type.Optional(Type.Integer({ description: 'only entries whose id is greater' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, description: 'at most this many (the oldest that match); page on with since' }),
  ),
  vendor: Type.Optional(Type.String()),
  path: Type.Optional(Type.String({ description: 'prefix of the request path' })),
  status: Type.Optional(Type.Integer()),
  method: Type.Optional(Type.String()),
});

/** Body bytes in one answer of GET /__admin/requests; past them it ends with `next`. */
const PAGE_BYTES = 1024 * 1024;

/** orgmock's own API, apart from every vendor route. Every error here has one shape (`AdminErrorBody`). */
export async function adminRoutes(app: FastifyInstance, ctx: OrgMockContext): Promise<void> {
  app.addSchema(AdminErrorBody);
  app.setErrorHandler(adminErrorHandler);
  app.get(
    '/__admin/health',
    {
      schema: { tags: ['admin'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
      // The schema is for the docs. A readiness probe's answer is one fixed object:
      // JSON.stringify writes it, so the first probe after a start does not wait
      // for fast-json-stringify to be set up and compile (about 10 ms of a cold start).
      serializerCompiler: () => (data) => JSON.stringify(data),
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
        description:
          'Journal of vendor requests, oldest first; credentials masked. A long answer stops at about 1 MiB of bodies with `next`: the `since` of the next page.',
      },
    },
    async (req) => ctx.journal.page(req.query, PAGE_BYTES),
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
      const provider = findProvider(ctx, req.body.vendor);
      if (!provider.mintToken)
        throw AdminError.badRequest(`${provider.name} cannot mint credentials`, 'ORGMOCK_UNKNOWN_VENDOR');
      try {
        const minted = await provider.mintToken(ctx, req.body.identity, {
          expiresIn: req.body.expiresIn,
          tenant: req.body.tenant,
        });
        return reply.code(201).send({ vendor: provider.name, identity: req.body.identity, ...minted });
      } catch (err) {
        // Only a typed "no such identity" is the client's 404; anything else is orgmock's bug, a 500.
        if (err instanceof UnknownIdentity) throw AdminError.notFound(err.message, 'ORGMOCK_UNKNOWN_IDENTITY');
        throw err;
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
      checkFault(ctx.providers, req.body);
      return reply.code(201).send(ctx.faults.add(req.body));
    },
  );

  app.delete('/__admin/faults', { schema: { tags: ['admin'] } }, async (_req, reply) => {
    ctx.faults.clear();
    return reply.code(204).send();
  });

  const orgsOf = (p: Provider) => ctx.store.listOrgs(p.name).map(({ tenant, id, data }) => ({ tenant, id, data }));
  const state = () => Object.fromEntries(ctx.providers.map((p) => [p.name, { orgs: orgsOf(p) }]));
  app.get(
    '/__admin/state',
    { schema: { tags: ['admin'], description: 'Every org as stored, per vendor.' } },
    async () => state(),
  );
  app.get<{ Params: { vendor: string } }>(
    '/__admin/state/:vendor',
    { schema: { tags: ['admin'], response: { 404: { $ref: 'AdminError#' } } } },
    async (req) => {
      const provider = findProvider(ctx, req.params.vendor, 404);
      return { orgs: orgsOf(provider) };
    },
  );

  const errors = { 400: { $ref: 'AdminError#' }, 404: { $ref: 'AdminError#' } };

  // Seeding. Bodies are checked against the vendor's fixture schema here, not by
  // Fastify, so that a problem is named by its path in the document (orgs[2].name).
  const seedRoute = (write: typeof upsertVendorData) => async (req: FastifyRequest<{ Params: { vendor: string } }>) => {
    const provider = findProvider(ctx, req.params.vendor, 404);
    try {
      write(ctx.store, provider, req.body);
    } catch (err) {
      if (err instanceof SeedError) throw AdminError.badRequest(err.message, 'ORGMOCK_INVALID_FIXTURES');
      throw err;
    }
    return provider.exportFixtures(ctx.store);
  };
  app.post<{ Params: { vendor: string } }>(
    '/__admin/state/:vendor',
    {
      schema: {
        tags: ['admin'],
        response: errors,
        description:
          "Upserts records by id from a body in the shape of fixtures/<vendor>.json (any subset); answers the vendor's data as exported. See GET /__admin/schema/:vendor.",
      },
    },
    seedRoute(upsertVendorData),
  );
  app.put<{ Params: { vendor: string } }>(
    '/__admin/state/:vendor',
    {
      schema: {
        tags: ['admin'],
        response: errors,
        description: "Replaces the vendor's data with a body in the shape of fixtures/<vendor>.json.",
      },
    },
    seedRoute(replaceVendorData),
  );
  app.delete<{ Params: { vendor: string; id: string }; Querystring: { tenant?: string } }>(
    '/__admin/state/:vendor/orgs/:id',
    {
      schema: {
        tags: ['admin'],
        querystring: Type.Object({ tenant: Type.Optional(Type.String()) }),
        response: errors,
        description: 'Removes one org and what hangs off it (its keys, the roles held in it), in every tenant or one.',
      },
    },
    async (req, reply) => {
      const provider = findProvider(ctx, req.params.vendor, 404);
      if (deleteVendorOrg(ctx.store, provider, req.params.id, req.query.tenant) === 0)
        throw AdminError.notFound(`${provider.name} has no org ${JSON.stringify(req.params.id)}`);
      return reply.code(204).send();
    },
  );

  app.get(
    '/__admin/export',
    {
      schema: {
        tags: ['admin'],
        description: "Every vendor's data in fixture format, keyed by vendor: save each as fixtures/<vendor>.json.",
      },
    },
    async () => exportAll(ctx.store, ctx.providers),
  );

  app.get<{ Params: { vendor: string } }>(
    '/__admin/schema/:vendor',
    { schema: { tags: ['admin'], response: errors, description: 'JSON Schema of fixtures/<vendor>.json.' } },
    async (req) => fixtureJsonSchema(findProvider(ctx, req.params.vendor, 404)),
  );

  // Snapshots: the store only (not the journal, nor faults), in memory, for the life of the app.
  const SnapshotId = Type.Object({ id: Type.String() });
  const noSnapshot = (id: string) => AdminError.notFound(`no snapshot ${JSON.stringify(id)}`);
  app.post(
    '/__admin/snapshots',
    {
      schema: {
        tags: ['admin'],
        description: "Copies the store's data (not the journal); answers its id, for restore.",
      },
    },
    async (_req, reply) => reply.code(201).send(ctx.snapshots.take()),
  );
  app.get('/__admin/snapshots', { schema: { tags: ['admin'], description: 'Snapshots, oldest first.' } }, async () => ({
    snapshots: ctx.snapshots.list(),
  }));
  app.post<{ Params: Static<typeof SnapshotId> }>(
    '/__admin/snapshots/:id/restore',
    {
      schema: {
        tags: ['admin'],
        params: SnapshotId,
        description: 'Puts the store back exactly as it was when the snapshot was taken (the journal is kept).',
      },
    },
    async (req) => {
      if (!ctx.snapshots.restore(req.params.id)) throw noSnapshot(req.params.id);
      return { id: req.params.id, status: 'restored' };
    },
  );
  app.delete<{ Params: Static<typeof SnapshotId> }>(
    '/__admin/snapshots/:id',
    { schema: { tags: ['admin'], params: SnapshotId } },
    async (req, reply) => {
      if (!ctx.snapshots.delete(req.params.id)) throw noSnapshot(req.params.id);
      return reply.code(204).send();
    },
  );
}
