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
export function findManagementKey(store: Store, clock: Clock, key: string): ManagementKey | undefined {
  const row = store.findIdentity<KeyData>(VENDOR, KEY_KIND, hashSecret(key), TENANT);
  if (!row || (row.data.expires_at !== undefined && row.data.expires_at <= clock.now())) return undefined;
  return { orgId: row.data.org_id };
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

export function seed(store: Store, fixtures: JunctionFixtures): void {
  for (const org of fixtures.orgs) store.putOrg(VENDOR, TENANT, org.id, org);
  fixtures.management_keys.forEach((k, i) => {
    const hash = hashSecret(k.key);
    store.putIdentity({
      vendor: VENDOR,
      tenant: TENANT,
      id: `key_${i + 1}`,
      kind: KEY_KIND,
      lookup: hash,
      secretHash: hash,
      data: { org_id: k.org_id },
    });
  });
}

export function checkFixtures(fixtures: JunctionFixtures): string[] {
  const ids = new Set(fixtures.orgs.map((o) => o.id));
  return fixtures.management_keys
    .filter((k) => !ids.has(k.org_id))
    .map((k) => `management key for unknown org ${k.org_id}`);
}
