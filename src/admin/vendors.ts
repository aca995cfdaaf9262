import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { OrgMockContext } from '../context.js';
import type { Provider, VendorDashboard } from '../providers/types.js';
import { hashSecret } from '../auth/secrets.js';
import { AdminError } from './errors.js';

/** A credential as the dashboard shows it: who it is, what it may do, and its secret where orgmock knows it. */
export interface DashboardIdentity {
  /** What `POST /__admin/tokens` takes for it (a client id, an email); null when it is minted per org instead. */
  identity: string | null;
  /** The vendor's own word for it: `client`, `user`, `machine_user`, `management_key`, `app`. */
  kind: string;
  /** The public name shown (an email, a client id, a key). */
  name: string;
  /** Roles on orgs: `{orgId, role}`; for a key or client bound to orgs, `role` says so. */
  roles: { orgId: string; role: string }[];
  /** The password, client secret or key, as seeded; null when orgmock holds only its hash (a minted key). */
  secret: string | null;
  /** The fixture field the secret came from: `password`, `client_secret`, `key`. */
  secretField: string | null;
  /** Anything else the vendor stores about it (names, permissions). */
  details: Record<string, unknown>;
}

export interface DashboardTenant {
  /** '' for a vendor without tenants. */
  id: string;
  orgs: { id: string; name: string | null; data: unknown }[];
  identities: DashboardIdentity[];
}

const FaultsQuery = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const SECRET_FIELD = /secret|password|^key$/i;
/** A sha256 in hex: how the store finds a credential by its secret (Junction's keys). */
const HASH = /^[0-9a-f]{64}$/;

/**
 * Where each credential's secret sits in the vendor's exported document (the
 * field's name: `password`, `client_secret`, `key`), found by walking the data so
 * any vendor's shape works: an object that holds an identity's public name beside
 * a secret-named field, or a secret whose hash is the public name (Junction finds
 * keys by their hash).
 */
function secretsIn(data: unknown): { byName: Map<string, [string, string]>; byHash: Map<string, [string, string]> } {
  const byName = new Map<string, [string, string]>();
  const byHash = new Map<string, [string, string]>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const entries = Object.entries(v as Record<string, unknown>);
    const secret = entries.find(([k, val]) => SECRET_FIELD.test(k) && typeof val === 'string');
    if (secret) {
      const [field, value] = secret as [string, string];
      byHash.set(hashSecret(value), [field, value]);
      for (const [k, val] of entries) if (k !== field && typeof val === 'string') byName.set(val, [field, value]);
    }
    for (const [, val] of entries) walk(val);
  };
  walk(data);
  return { byName, byHash };
}

function describeVendor(ctx: OrgMockContext, p: Provider, known: ReturnType<typeof secretsIn>) {
  const dash: VendorDashboard | undefined = p.dashboard;
  const orgNameField = dash?.orgName ?? 'name';
  const tenants = new Map<string, DashboardTenant>();
  const tenant = (id: string) => {
    let t = tenants.get(id);
    if (!t) {
      t = { id, orgs: [], identities: [] };
      tenants.set(id, t);
    }
    return t;
  };
  for (const org of ctx.store.listOrgs(p.name)) {
    const data = org.data as Record<string, unknown>;
    const name = data && typeof data === 'object' && Object.hasOwn(data, orgNameField) ? data[orgNameField] : null;
    tenant(org.tenant).orgs.push({ id: org.id, name: typeof name === 'string' ? name : null, data: org.data });
  }
  const roles = new Map<string, { orgId: string; role: string }[]>();
  for (const m of ctx.store.listMemberships(p.name)) {
    const key = `${m.tenant}\0${m.identityId}`;
    const list = roles.get(key) ?? [];
    list.push({ orgId: m.orgId, role: m.role });
    roles.set(key, list);
  }
  for (const row of ctx.store.listIdentities(p.name)) {
    const byHash = row.lookup ? known.byHash.get(row.lookup) : undefined;
    const byName = row.lookup ? known.byName.get(row.lookup) : undefined;
    const found = byHash ?? byName;
    // The store keeps the secret a fixture or a seed gave (for export); a minted key has none.
    const secret = row.secret ?? found?.[1] ?? null;
    const secretField = secret === null ? null : (found?.[0] ?? 'secret');
    const { org_id: boundOrg, ...details } = row.data as Record<string, unknown>;
    const own = roles.get(`${row.tenant}\0${row.id}`) ?? [];
    // A key or client bound to one org (Junction's keys) has no membership row, only the binding.
    if (typeof boundOrg === 'string' && own.length === 0) own.push({ orgId: boundOrg, role: 'bound to' });
    const mintedPerOrg = dash?.mintBy === 'org';
    tenant(row.tenant).identities.push({
      identity: mintedPerOrg ? null : row.lookup,
      kind: row.kind,
      // A lookup that is a hash (Junction's keys) means nothing to a reader: show the key, or the row id.
      name: byHash || HASH.test(row.lookup ?? '') ? (secret ?? row.id) : (row.lookup ?? row.id),
      roles: own,
      secret,
      secretField,
      details,
    });
  }
  return {
    name: p.name,
    title: p.title,
    heading: dash?.heading ?? p.title,
    tenantLabel: dash?.tenantLabel ?? null,
    fixtureOrgs: dash?.fixtureOrgs ?? null,
    orgName: orgNameField,
    mintBy: dash?.mintBy ?? 'identity',
    sampleUpdate: dash?.sampleUpdate ?? null,
    faults: Object.keys(p.faults).map((name) => {
      const sample = p.faults[name]!();
      return { name, status: sample.status };
    }),
    tenants: [...tenants.values()],
  };
}

/**
 * Admin routes the dashboard needs beyond the rest of the admin API: one
 * description of every vendor, one journal entry by id, removing one fault.
 */
export async function dashboardApiRoutes(app: FastifyInstance, ctx: OrgMockContext): Promise<void> {
  app.get(
    '/__admin/vendors',
    {
      schema: {
        tags: ['admin'],
        description:
          'Each vendor as the dashboard shows it: name, heading, named errors for faults, its orgs and credentials per tenant (with the secrets they were seeded with), and what a sample update looks like.',
      },
    },
    async () => {
      const vendors = ctx.providers.map((p) => describeVendor(ctx, p, secretsIn(p.exportFixtures(ctx.store))));
      return { vendors };
    },
  );

  app.get<{ Params: Static<typeof FaultsQuery> }>(
    '/__admin/requests/:id',
    { schema: { tags: ['admin'], params: FaultsQuery, description: 'One journal entry by its id.' } },
    async (req) => {
      const entry = ctx.journal.get(req.params.id);
      if (!entry) throw AdminError.notFound(`no journal entry ${req.params.id} (cleared, or pushed out)`);
      return entry;
    },
  );

  app.delete<{ Params: Static<typeof FaultsQuery> }>(
    '/__admin/faults/:id',
    { schema: { tags: ['admin'], params: FaultsQuery, description: 'Removes one fault.' } },
    async (req, reply) => {
      if (!ctx.faults.remove(req.params.id)) throw AdminError.notFound(`no active fault ${req.params.id}`);
      return reply.code(204).send();
    },
  );
}
