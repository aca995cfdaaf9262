import { randomInt } from 'node:crypto';
import type { Store } from '../../store/store.js';
import type { Clock } from '../../clock.js';
import { hashSecret, secretMatches } from '../../auth/secrets.js';
import { scalekitErrors } from './scalekit-error.js';
import { checkFixtureOrganization } from './fixture-rules.js';
import {
  FEATURE_NAMES,
  type CreateOrganization,
  type FixtureOrganization,
  type ListOrganizationsResponse,
  type Organization,
  type OrganizationSettings,
  type ScalekitFixtures,
  type StoredOrganization,
  type UpdateOrganization,
} from './schemas.js';

/**
 * Scalekit's organizations and API clients, per environment (the store's
 * tenant is the environment id). Every function here takes plain data and
 * throws a ScalekitError: the REST routes and a gRPC server call the same ones.
 * Requests reach them validated (validation.ts): the vendor's protovalidate
 * runs before its handlers, as an interceptor of the gRPC service.
 */

/** Which organization a request names: the `identities` oneof of Get/Update/Delete requests. */
export type OrganizationRef = { id: string } | { external_id: string };

export const VENDOR = 'scalekit';
const CLIENT_KIND = 'client';

export interface ApiClient {
  clientId: string;
  environmentId: string;
}

/** The client with this id and secret, in whichever environment it belongs to. */
export function authenticateClient(store: Store, clientId: string, clientSecret: string): ApiClient | undefined {
  const row = store.findIdentity(VENDOR, CLIENT_KIND, clientId);
  return row && secretMatches(clientSecret, row.secretHash)
    ? { clientId: row.id, environmentId: row.tenant }
    : undefined;
}

export function findClient(store: Store, clientId: string, environmentId?: string): ApiClient | undefined {
  const row = store.findIdentity(VENDOR, CLIENT_KIND, clientId, environmentId);
  return row ? { clientId: row.id, environmentId: row.tenant } : undefined;
}

const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * protojson's Timestamp: RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits,
 * as few as the value needs (`2024-01-05T14:48:00Z`, `2025-02-15T06:23:44.560Z`).
 */
export function protoTimestamp(iso: string): string {
  // What the store holds is toISOString's form already: only `.000` may have to go.
  if (STORED_TIME.test(iso)) return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
  const d = new Date(iso);
  const ms = d.getUTCMilliseconds();
  const base = d.toISOString().slice(0, 19);
  return ms === 0 ? `${base}Z` : `${base}.${String(ms).padStart(3, '0')}Z`;
}

/** The organization as the API writes it: field-number order, unset optional fields left out. */
export function toOrganization(o: StoredOrganization): Organization {
  return {
    id: o.id,
    create_time: protoTimestamp(o.create_time),
    update_time: protoTimestamp(o.update_time),
    display_name: o.display_name,
    region_code: o.region_code,
    ...(o.external_id === undefined ? {} : { external_id: o.external_id }),
    metadata: { ...o.metadata },
    settings: { features: o.settings.features.map((f) => ({ name: f.name, enabled: f.enabled })) },
    ...(o.slug === undefined ? {} : { slug: o.slug }),
    ...(o.logo_url === undefined ? {} : { logo_url: o.logo_url }),
  };
}

const defaultSettings = (): OrganizationSettings => ({
  features: FEATURE_NAMES.map((name) => ({ name, enabled: false })),
});

/** `org_` and 17 digits, the form the vendor's ids take. */
function newOrganizationId(): string {
  return `org_${randomInt(1, 10)}${String(randomInt(0, 1e8)).padStart(8, '0')}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
}

/** The stored organization a request names. */
function resolve(store: Store, env: string, ref: OrganizationRef): StoredOrganization {
  const org =
    'id' in ref
      ? store.getOrg<StoredOrganization>(VENDOR, env, ref.id)
      : store.listOrgs<StoredOrganization>(VENDOR, env).find((r) => r.data.external_id === ref.external_id)?.data;
  if (!org)
    throw scalekitErrors
      .organizationNotFound()
      .because(
        `environment ${env} (the token's) has no organization with ${'id' in ref ? `id ${ref.id}` : `external_id ${ref.external_id}`}`,
      );
  return org;
}

/** external_id and slug are unique per environment. */
function checkUnique(
  store: Store,
  env: string,
  selfId: string | undefined,
  org: { external_id?: string; slug?: string },
): void {
  for (const { data } of store.listOrgs<StoredOrganization>(VENDOR, env)) {
    if (data.id === selfId) continue;
    if (org.external_id !== undefined && org.external_id !== '' && data.external_id === org.external_id)
      throw scalekitErrors
        .externalIdTaken()
        .because(`organization ${data.id} already has external_id ${org.external_id}`);
    if (org.slug !== undefined && org.slug !== '' && data.slug === org.slug)
      throw scalekitErrors.slugTaken().because(`organization ${data.id} already has slug ${org.slug}`);
  }
}

/** GetOrganization (by `{id}`) and GetOrganizationByExternalId (by `{external_id}`). */
export function getOrganization(store: Store, env: string, ref: OrganizationRef): Organization {
  return toOrganization(resolve(store, env, ref));
}

/**
 * UpdateOrganization: fields left out keep their value, `metadata` replaces the
 * map, an empty `external_id`, `slug` or `logo_url` removes it. Checks run in
 * the service's order (after validation): the org, then uniqueness; a refused
 * update writes nothing.
 */
export function updateOrganization(
  store: Store,
  clock: Clock,
  env: string,
  ref: OrganizationRef,
  patch: UpdateOrganization,
): Organization {
  // By id (every REST call), the org is read once, by updateOrg itself: it answers undefined when there is none.
  const id = 'id' in ref ? ref.id : resolve(store, env, ref).id;
  const updated = store.updateOrg<StoredOrganization>(VENDOR, env, id, (current) => {
    // Reading every org of the environment is only needed when a unique value actually changes.
    const externalId = newUniqueValue(patch.external_id, current.external_id);
    const slug = newUniqueValue(patch.slug, current.slug);
    if (externalId !== undefined || slug !== undefined) checkUnique(store, env, id, { external_id: externalId, slug });
    return applyPatch(current, patch, new Date(clock.now()).toISOString());
  });
  if (!updated)
    throw scalekitErrors.organizationNotFound().because(`environment ${env} (the token's) has no organization ${id}`);
  return toOrganization(updated);
}

/**
 * The value a patch gives a unique field when it can clash with another org: not
 * left out, not cleared, and not the org's own value already (which the
 * environment's uniqueness says no other org holds).
 */
function newUniqueValue(value: string | undefined, current: string | undefined): string | undefined {
  return value === undefined || value === '' || value === current ? undefined : value;
}

function applyPatch(current: StoredOrganization, patch: UpdateOrganization, now: string): StoredOrganization {
  const next: StoredOrganization = { ...current, update_time: now };
  if (patch.display_name !== undefined) next.display_name = patch.display_name;
  if (patch.metadata !== undefined) next.metadata = { ...patch.metadata };
  for (const key of ['external_id', 'slug', 'logo_url'] as const) {
    const value = patch[key];
    if (value === undefined) continue;
    if (value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}

export function createOrganization(
  store: Store,
  clock: Clock,
  env: string,
  input: Partial<CreateOrganization>,
): Organization {
  const externalId = input.external_id === '' ? undefined : input.external_id;
  checkUnique(store, env, undefined, { external_id: externalId, slug: input.slug });
  const now = new Date(clock.now()).toISOString();
  // The vendor picks the region from the caller when none is given; orgmock's callers are in the US.
  const region = !input.region_code || input.region_code === 'REGION_CODE_UNSPECIFIED' ? 'US' : input.region_code;
  for (;;) {
    const org: StoredOrganization = {
      id: newOrganizationId(),
      create_time: now,
      update_time: now,
      display_name: input.display_name!,
      region_code: region,
      ...(externalId === undefined ? {} : { external_id: externalId }),
      metadata: { ...input.metadata },
      settings: defaultSettings(),
      ...(input.slug === undefined ? {} : { slug: input.slug }),
      ...(input.logo_url === undefined ? {} : { logo_url: input.logo_url }),
    };
    if (store.insertOrg(VENDOR, env, org.id, org)) return toOrganization(org);
  }
}

/** DeleteOrganization, by `{id}` or `{external_id}`. */
export function deleteOrganization(store: Store, env: string, ref: OrganizationRef): void {
  const { id } = resolve(store, env, ref);
  if (!store.deleteOrg(VENDOR, env, id))
    throw scalekitErrors.organizationNotFound().because(`environment ${env} has no organization ${id}`);
}

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;

/**
 * ListOrganization, oldest first. Page tokens are opaque to clients: here the
 * offset of the page, base64url-encoded; a token orgmock did not issue is a 400.
 */
export function listOrganizations(
  store: Store,
  env: string,
  q: { pageSize?: number; pageToken?: string; externalId?: string },
): ListOrganizationsResponse {
  const size = !q.pageSize ? DEFAULT_PAGE_SIZE : Math.min(q.pageSize, MAX_PAGE_SIZE);
  const offset = q.pageToken ? decodePageToken(q.pageToken) : 0;
  const all = store
    .listOrgs<StoredOrganization>(VENDOR, env)
    .map((r) => r.data)
    .filter((o) => q.externalId === undefined || o.external_id === q.externalId)
    .sort((a, b) => a.create_time.localeCompare(b.create_time) || a.id.localeCompare(b.id));
  const page = all.slice(offset, offset + size);
  return {
    next_page_token: offset + size < all.length ? encodePageToken(offset + size) : '',
    total_size: all.length,
    organizations: page.map(toOrganization),
    prev_page_token: offset > 0 ? encodePageToken(Math.max(0, offset - size)) : '',
  };
}

const encodePageToken = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString('base64url');

function decodePageToken(token: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const offset = (parsed as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through to the refusal below
  }
  throw scalekitErrors.validation([
    { field: 'page_token', description: 'invalid page token', constraint: 'page_token' },
  ]);
}

function toStored(o: FixtureOrganization): StoredOrganization {
  return {
    id: o.id,
    create_time: new Date(o.create_time).toISOString(),
    update_time: new Date(o.update_time ?? o.create_time).toISOString(),
    display_name: o.display_name,
    region_code: o.region_code ?? 'US',
    ...(o.external_id === undefined ? {} : { external_id: o.external_id }),
    metadata: { ...o.metadata },
    settings: o.settings ?? defaultSettings(),
    ...(o.slug === undefined ? {} : { slug: o.slug }),
    ...(o.logo_url === undefined ? {} : { logo_url: o.logo_url }),
  };
}

/** Upserts environments by id and, in each, clients by client id and organizations by id. */
export function seed(store: Store, fixtures: ScalekitFixtures): void {
  for (const env of fixtures.environments) {
    store.putTenant(VENDOR, env.id, env.name === undefined ? {} : { name: env.name });
    for (const c of env.clients) {
      store.putIdentity({
        vendor: VENDOR,
        tenant: env.id,
        id: c.client_id,
        kind: CLIENT_KIND,
        lookup: c.client_id,
        secretHash: hashSecret(c.client_secret),
        secret: c.client_secret,
        data: {},
      });
    }
    for (const o of env.organizations) store.putOrg(VENDOR, env.id, o.id, toStored(o));
  }
}

function toFixture(o: StoredOrganization): FixtureOrganization {
  const copy: Partial<StoredOrganization> = structuredClone(o);
  if (copy.region_code === 'REGION_CODE_UNSPECIFIED') delete copy.region_code;
  return copy as FixtureOrganization;
}

export function exportFixtures(store: Store): ScalekitFixtures {
  const clients = store.listIdentities(VENDOR).filter((row) => row.kind === CLIENT_KIND);
  return {
    environments: store.listTenants<{ name?: string }>(VENDOR).map(({ id, data }) => ({
      id,
      ...(data.name === undefined ? {} : { name: data.name }),
      clients: clients
        .filter((row) => row.tenant === id)
        .map((row) => ({ client_id: row.id, client_secret: row.secret ?? '' })),
      organizations: store.listOrgs<StoredOrganization>(VENDOR, id).map((r) => toFixture(r.data)),
    })),
  };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** What the schema cannot say: unique ids, and organizations the API itself would accept. */
export function checkFixtures(fixtures: ScalekitFixtures): string[] {
  const problems: string[] = [];
  const envIds = new Set<string>();
  const clientIds = new Set<string>();
  const orgIds = new Set<string>();
  for (const env of fixtures.environments) {
    if (envIds.has(env.id)) problems.push(`environment ${env.id} is listed twice`);
    envIds.add(env.id);
    // /oauth/token finds a client's environment by its id, so client ids are unique across environments.
    for (const c of env.clients) {
      if (clientIds.has(c.client_id)) problems.push(`client ${c.client_id} is listed twice`);
      clientIds.add(c.client_id);
    }
    const externalIds = new Set<string>();
    const slugs = new Set<string>();
    for (const o of env.organizations) {
      if (orgIds.has(o.id)) problems.push(`organization ${o.id} is listed twice`);
      orgIds.add(o.id);
      if (o.external_id !== undefined) {
        if (externalIds.has(o.external_id)) problems.push(`external_id ${o.external_id} is used twice in ${env.id}`);
        externalIds.add(o.external_id);
      }
      if (o.slug !== undefined) {
        if (slugs.has(o.slug)) problems.push(`slug ${o.slug} is used twice in ${env.id}`);
        slugs.add(o.slug);
      }
      for (const key of ['create_time', 'update_time'] as const) {
        const t = o[key];
        if (t !== undefined && !(RFC3339.test(t) && !Number.isNaN(Date.parse(t))))
          problems.push(`${o.id}: ${key} is not an RFC 3339 time: ${t}`);
      }
      const invalid = checkFixtureOrganization({
        display_name: o.display_name,
        metadata: o.metadata,
        slug: o.slug,
        logo_url: o.logo_url,
      });
      problems.push(...invalid.map((v) => `${o.id}: ${v.field}: ${v.description}`));
    }
  }
  return problems;
}

/** GetOrganizationByExternalId. */
export const getOrganizationByExternalId = (store: Store, env: string, externalId: string) =>
  getOrganization(store, env, { external_id: externalId });

/** UpdateOrganization with `external_id` set instead of `id`. */
export const updateOrganizationByExternalId = (
  store: Store,
  clock: Clock,
  env: string,
  externalId: string,
  patch: UpdateOrganization,
) => updateOrganization(store, clock, env, { external_id: externalId }, patch);
