import { randomInt } from 'node:crypto';
import type { Store } from '../../store/store.js';
import { hashPassword, hashSecret, passwordMatches, secretMatches } from '../../auth/secrets.js';
import { ROLE, type Organization, type RaziFixtures } from './schemas.js';

export const VENDOR = 'razi';
/** Identity kinds in the shared store; the tenant of every row is the app name. */
export const KIND = { user: 'user', machineUser: 'machine_user' } as const;
export type IdentityKind = (typeof KIND)[keyof typeof KIND];

const MAY_UPDATE_ORG: ReadonlySet<string> = new Set([ROLE.machineUser, ROLE.owner, ROLE.userManager]);

export interface UserData {
  email: string;
  firstName: string;
  lastName: string;
  phoneNumber?: string;
  metadata: Record<string, string>;
  isEmailVerified: boolean;
  verificationUrl?: string;
}

/** Apps cannot be created through the vendor's API: they come from the fixtures or the admin API's seeding. */
export function appExists(store: Store, name: string): boolean {
  return store.getTenant(VENDOR, name) !== undefined;
}

/** Emails are matched without regard to case, as users type them. */
export const emailLookup = (email: string) => email.trim().toLowerCase();

/** A snowflake-like 18-digit id, the form Razi's ids take. */
export function newId(): string {
  return `${randomInt(100_000_000, 1_000_000_000)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

export function findMachineUser(store: Store, app: string, clientId: string, clientSecret: string): string | undefined {
  const row = store.findIdentity(VENDOR, KIND.machineUser, clientId, app);
  return row && secretMatches(clientSecret, row.secretHash) ? row.id : undefined;
}

export function findUserByLogin(store: Store, app: string, email: string, password: string): string | undefined {
  const row = store.findIdentity(VENDOR, KIND.user, emailLookup(email), app);
  return row && passwordMatches(password, row.secretHash) ? row.id : undefined;
}

/** The id of a machine user (by client id) or user (by email) in `app`, for tokens minted by the admin API. */
export function findIdentityByName(
  store: Store,
  name: string,
  app?: string,
): { id: string; kind: IdentityKind; app: string } | undefined {
  const row =
    store.findIdentity(VENDOR, KIND.machineUser, name, app) ??
    store.findIdentity(VENDOR, KIND.user, emailLookup(name), app);
  return row ? { id: row.id, kind: row.kind as IdentityKind, app: row.tenant } : undefined;
}

export function identityExists(store: Store, app: string, id: string, kind: IdentityKind): boolean {
  return store.getIdentity(VENDOR, app, id)?.kind === kind;
}

/** Creates a user who belongs to no org; undefined when the email is taken in this app. */
export function createUser(store: Store, app: string, user: UserData, password: string): string | undefined {
  const lookup = emailLookup(user.email);
  const secretHash = hashPassword(password);
  return store.transaction(() => {
    if (store.findIdentity(VENDOR, KIND.user, lookup, app)) return undefined;
    let id = newId();
    while (store.getIdentity(VENDOR, app, id)) id = newId();
    store.putIdentity({
      vendor: VENDOR,
      tenant: app,
      id,
      kind: KIND.user,
      lookup,
      secretHash,
      secret: password,
      data: user,
    });
    return id;
  });
}

export function mayUpdateOrg(store: Store, app: string, orgId: string, identityId: string): boolean {
  const role = store.getRole(VENDOR, app, orgId, identityId);
  return role !== undefined && MAY_UPDATE_ORG.has(role);
}

/**
 * Adds or overwrites the given keys and keeps the others; undefined when there
 * is no such org. `check` runs once the org is found, in the same transaction,
 * before anything is written: what it throws refuses the update. A `__proto__`
 * key from the client stays an ordinary key of the map.
 */
export function mergeOrgMetadata(
  store: Store,
  app: string,
  orgId: string,
  changes: Record<string, string>,
  check?: () => void,
): Organization | undefined {
  return store.updateOrg<Organization>(VENDOR, app, orgId, (org) => {
    check?.();
    // Spreading defines each key as an own property, `__proto__` included (assignment would
    // set the prototype); a later key overwrites an earlier one in its place.
    const metadata: Record<string, string> = { ...org.metadata, ...changes };
    return { id: org.id, name: org.name, metadata };
  });
}

/**
 * Upserts apps by name and, in each, orgs and identities by id; an identity's
 * memberships are replaced by the ones given.
 */
export function seed(store: Store, fixtures: RaziFixtures): void {
  for (const app of fixtures.apps) {
    const tenant = app.name;
    store.putTenant(VENDOR, tenant);
    for (const org of app.orgs)
      store.putOrg(VENDOR, tenant, org.id, { id: org.id, name: org.name, metadata: org.metadata });
    for (const mu of app.machineUsers) {
      store.putIdentity({
        vendor: VENDOR,
        tenant,
        id: mu.id,
        kind: KIND.machineUser,
        lookup: mu.clientId,
        secretHash: hashSecret(mu.clientSecret),
        secret: mu.clientSecret,
        data: { clientId: mu.clientId },
      });
      store.deleteMembershipsOf(VENDOR, tenant, mu.id);
      for (const orgId of mu.orgIds) store.putMembership(VENDOR, tenant, orgId, mu.id, ROLE.machineUser);
    }
    for (const u of app.users) {
      const data: UserData = {
        email: u.email,
        firstName: u.firstName,
        lastName: u.lastName,
        metadata: {},
        isEmailVerified: true,
      };
      store.putIdentity({
        vendor: VENDOR,
        tenant,
        id: u.id,
        kind: KIND.user,
        lookup: emailLookup(u.email),
        secretHash: hashPassword(u.password),
        secret: u.password,
        data,
      });
      store.deleteMembershipsOf(VENDOR, tenant, u.id);
      for (const m of u.memberships) store.putMembership(VENDOR, tenant, m.orgId, u.id, m.role);
    }
  }
}

/** Users who signed up through the API are written as fixture users (their profile beyond the names is not kept). */
export function exportFixtures(store: Store): RaziFixtures {
  const roles = new Map<string, { orgId: string; role: string }[]>();
  for (const m of store.listMemberships(VENDOR)) {
    const key = `${m.tenant}\0${m.identityId}`;
    const list = roles.get(key) ?? [];
    list.push({ orgId: m.orgId, role: m.role });
    roles.set(key, list);
  }
  const identities = store.listIdentities(VENDOR);
  return {
    apps: store.listTenants(VENDOR).map(({ id: app }) => {
      const rolesOf = (id: string) => roles.get(`${app}\0${id}`) ?? [];
      const mine = identities.filter((row) => row.tenant === app);
      return {
        name: app,
        orgs: store
          .listOrgs<Organization>(VENDOR, app)
          .map((r) => ({ id: r.data.id, name: r.data.name, metadata: { ...r.data.metadata } })),
        machineUsers: mine
          .filter((row) => row.kind === KIND.machineUser)
          .map((row) => ({
            id: row.id,
            clientId: (row.data as { clientId: string }).clientId,
            clientSecret: row.secret ?? '',
            orgIds: rolesOf(row.id)
              .filter((m) => m.role === ROLE.machineUser)
              .map((m) => m.orgId),
          })),
        users: mine
          .filter((row) => row.kind === KIND.user)
          .map((row) => {
            const data = row.data as unknown as UserData;
            return {
              id: row.id,
              email: data.email,
              password: row.secret ?? '',
              firstName: data.firstName,
              lastName: data.lastName,
              memberships: rolesOf(row.id),
            };
          }),
      };
    }),
  };
}

export function checkFixtures(fixtures: RaziFixtures): string[] {
  const problems: string[] = [];
  const apps = new Set<string>();
  for (const app of fixtures.apps) {
    const where = `app ${app.name}`;
    if (apps.has(app.name)) problems.push(`${where} is listed twice`);
    apps.add(app.name);
    const orgs = new Set<string>();
    for (const o of app.orgs) {
      if (orgs.has(o.id)) problems.push(`${where}: org ${o.id} is listed twice`);
      orgs.add(o.id);
    }
    const ids = new Set<string>();
    const clientIds = new Set<string>();
    const emails = new Set<string>();
    const once = (set: Set<string>, value: string, what: string) => {
      if (set.has(value)) problems.push(`${where}: ${what} ${value} is used twice`);
      set.add(value);
    };
    for (const mu of app.machineUsers) {
      once(ids, mu.id, 'identity id');
      once(clientIds, mu.clientId, 'clientId');
      for (const orgId of mu.orgIds)
        if (!orgs.has(orgId)) problems.push(`${where}: machine user ${mu.clientId} on unknown org ${orgId}`);
    }
    for (const u of app.users) {
      once(ids, u.id, 'identity id');
      once(emails, emailLookup(u.email), 'email');
      for (const m of u.memberships) {
        if (!orgs.has(m.orgId)) problems.push(`${where}: user ${u.email} on unknown org ${m.orgId}`);
        if (m.role === ROLE.machineUser) problems.push(`${where}: user ${u.email} cannot hold ${ROLE.machineUser}`);
      }
    }
  }
  return problems;
}
