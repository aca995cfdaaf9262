import type { Store } from '../../store/store.js';
import { hashSecret, randomSecret } from '../../auth/secrets.js';
import type { Clock } from '../../clock.js';
import type { ClientFacingOrg, JunctionFixtures } from './schemas.js';

export const VENDOR = 'junction';
const TENANT = ''; // Junction has one namespace of orgs
const KEY_KIND = 'management_key';

export interface ManagementKey {
  orgId: string;
}

interface KeyData {
  org_id: string;
  /** Only minted keys expire (epoch ms); the vendor's own keys live until revoked. */
  expires_at?: number;
}

/** Management keys are found by their hash, so the store never holds one in clear. */
export function findManagementKey(
  store: Store,
  clock: Clock,
  key: string,
): { ok: true; key: ManagementKey } | { ok: false; expiredMsAgo?: number } {
  const row = store.findIdentity<KeyData>(VENDOR, KEY_KIND, hashSecret(key), TENANT);
  if (!row) return { ok: false };
  const expires = row.data.expires_at;
  if (expires !== undefined && expires <= clock.now()) return { ok: false, expiredMsAgo: clock.now() - expires };
  return { ok: true, key: { orgId: row.data.org_id } };
}

/** A new management key for an org (what the vendor's dashboard does), optionally expiring. */
export function mintManagementKey(store: Store, clock: Clock, orgId: string, expiresIn?: number): string | undefined {
  if (!getOrg(store, orgId)) return undefined;
  const key = `mk_minted_${randomSecret(18)}`;
  const hash = hashSecret(key);
  const data: KeyData = {
    org_id: orgId,
    ...(expiresIn === undefined ? {} : { expires_at: clock.now() + expiresIn * 1000 }),
  };
  store.putIdentity({
    vendor: VENDOR,
    tenant: TENANT,
    id: `minted_${hash.slice(0, 16)}`,
    kind: KEY_KIND,
    lookup: hash,
    secretHash: hash,
    data,
  });
  return key;
}

function getOrg(store: Store, id: string): ClientFacingOrg | undefined {
  return store.getOrg<ClientFacingOrg>(VENDOR, TENANT, id);
}

export function renameOrg(store: Store, id: string, name: string): ClientFacingOrg | undefined {
  return store.updateOrg<ClientFacingOrg>(VENDOR, TENANT, id, (org) => ({ ...org, name }));
}

/**
 * Upserts orgs by id and keys by key (a key moves to the org it now names). The
 * fixture's key is kept beside its hash so export can write it back.
 */
export function seed(store: Store, fixtures: JunctionFixtures): void {
  for (const org of fixtures.orgs) store.putOrg(VENDOR, TENANT, org.id, org);
  for (const k of fixtures.management_keys) {
    const hash = hashSecret(k.key);
    store.putIdentity({
      vendor: VENDOR,
      tenant: TENANT,
      id: `key_${hash.slice(0, 24)}`,
      kind: KEY_KIND,
      lookup: hash,
      secretHash: hash,
      secret: k.key,
      data: { org_id: k.org_id },
    });
  }
}

/**
 * The store as a fixtures document. Keys minted by `/__admin/tokens` are left
 * out, as every other vendor's minted tokens are: they are credentials handed
 * to a test, not data (and may carry an expiry the fixture format cannot hold).
 */
export function exportFixtures(store: Store): JunctionFixtures {
  return {
    orgs: store.listOrgs<ClientFacingOrg>(VENDOR, TENANT).map((r) => ({
      id: r.data.id,
      name: r.data.name,
      expires_at: r.data.expires_at,
    })),
    management_keys: store
      .listIdentities<KeyData>(VENDOR)
      .filter((row) => row.kind === KEY_KIND && typeof row.secret === 'string')
      .map((row) => ({ key: row.secret!, org_id: row.data.org_id })),
  };
}

/** The org and every management key that names it. */
export function deleteOrg(store: Store, orgId: string): number {
  for (const row of store.listIdentities<KeyData>(VENDOR))
    if (row.kind === KEY_KIND && row.data.org_id === orgId) store.deleteIdentity(VENDOR, row.tenant, row.id);
  return store.deleteOrg(VENDOR, TENANT, orgId) ? 1 : 0;
}

export function checkFixtures(fixtures: JunctionFixtures): string[] {
  const ids = new Set(fixtures.orgs.map((o) => o.id));
  return fixtures.management_keys
    .filter((k) => !ids.has(k.org_id))
    .map((k) => `management key for unknown org ${k.org_id}`);
}
