import type { Store } from '../../store/store.js';
import { hashSecret, secretMatches } from '../../auth/secrets.js';
import type { App, Organization, TransmitFixtures, UpdateOrganizationBody } from './schemas.js';

export const VENDOR = 'transmit';
/** Management apps and other OIDC clients; found by client id, across tenants. */
const APP_KIND = 'app';

/** An app as the store keeps it: everything but its secret, which is only hashed. */
export interface StoredApp {
  tenantId: string;
  clientId: string;
  appId: string;
  name: string;
  permissions: string[];
}

type AppData = Omit<App, 'client_id' | 'client_secret'>;

export function findApp(store: Store, clientId: string, tenant?: string): StoredApp | undefined {
  const row = store.findIdentity<AppData>(VENDOR, APP_KIND, clientId, tenant);
  if (!row) return undefined;
  return {
    tenantId: row.tenant,
    clientId,
    appId: row.data.app_id,
    name: row.data.name,
    permissions: row.data.permissions,
  };
}

/** The app whose id and secret these are, if they match. */
export function authenticateApp(store: Store, clientId: string, secret: string): StoredApp | undefined {
  const row = store.findIdentity<AppData>(VENDOR, APP_KIND, clientId);
  if (!row || !secretMatches(secret, row.secretHash)) return undefined;
  return findApp(store, clientId, row.tenant);
}

/**
 * Sets the fields the body carries (a left-out or null field keeps its value)
 * and moves `updated_at`, in one read-modify-write. Undefined when the tenant
 * has no such organization.
 */
export function updateOrganization(
  store: Store,
  tenant: string,
  id: string,
  patch: UpdateOrganizationBody,
  now: number,
): Organization | undefined {
  return store.updateOrg<Organization>(VENDOR, tenant, id, (org) => {
    // Keys keep their place; a new one goes last, `updated_at` after it, as a spread would put them.
    const next: Organization = { ...org };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.domains !== undefined) next.domains = patch.domains;
    if (patch.enabled !== undefined) next.enabled = patch.enabled;
    if (patch.alias_name !== undefined) next.alias_name = patch.alias_name;
    if (patch.domain !== undefined) next.domain = patch.domain;
    next.updated_at = now;
    return next;
  });
}

/** Upserts tenants by id and, in each, organizations by id and apps by client id. */
export function seed(store: Store, fixtures: TransmitFixtures): void {
  for (const tenant of fixtures.tenants) {
    store.putTenant(VENDOR, tenant.tenant_id);
    for (const org of tenant.organizations) store.putOrg(VENDOR, tenant.tenant_id, org.organization_id, org);
    for (const app of tenant.apps) {
      const data: AppData = { app_id: app.app_id, name: app.name, permissions: app.permissions };
      store.putIdentity({
        vendor: VENDOR,
        tenant: tenant.tenant_id,
        id: app.client_id,
        kind: APP_KIND,
        lookup: app.client_id,
        secretHash: hashSecret(app.client_secret),
        secret: app.client_secret,
        data,
      });
    }
  }
}

export function exportFixtures(store: Store): TransmitFixtures {
  const apps = store.listIdentities<AppData>(VENDOR).filter((row) => row.kind === APP_KIND);
  return {
    tenants: store.listTenants(VENDOR).map(({ id }) => ({
      tenant_id: id,
      organizations: store.listOrgs<Organization>(VENDOR, id).map((r) => structuredClone(r.data)),
      apps: apps
        .filter((row) => row.tenant === id)
        .map((row) => ({
          client_id: row.id,
          client_secret: row.secret ?? '',
          app_id: row.data.app_id,
          name: row.data.name,
          permissions: [...row.data.permissions],
        })),
    })),
  };
}

export function checkFixtures(fixtures: TransmitFixtures): string[] {
  const problems: string[] = [];
  const tenants = new Set<string>();
  const clients = new Set<string>();
  for (const tenant of fixtures.tenants) {
    if (tenants.has(tenant.tenant_id)) problems.push(`tenant ${tenant.tenant_id} is listed twice`);
    tenants.add(tenant.tenant_id);
    const orgs = new Set<string>();
    for (const org of tenant.organizations) {
      if (orgs.has(org.organization_id))
        problems.push(`organization ${org.organization_id} is listed twice in tenant ${tenant.tenant_id}`);
      orgs.add(org.organization_id);
    }
    // A client id is what the token endpoint finds an app by, whatever its tenant.
    for (const app of tenant.apps) {
      if (clients.has(app.client_id)) problems.push(`client_id ${app.client_id} is used by two apps`);
      clients.add(app.client_id);
    }
  }
  return problems;
}
