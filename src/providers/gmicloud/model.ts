import type { Store } from '../../store/store.js';
import { hashPassword, passwordMatches } from '../../auth/secrets.js';
import type { GmiFixtures, Organization } from './schemas.js';

export const VENDOR = 'gmicloud';
const TENANT = ''; // one namespace of users and organizations
const USER_KIND = 'user';
export const OWNER_ROLE = 'org_owner';

export interface User {
  id: string;
  email: string;
}

/** Emails are matched case-insensitively, as sign-in forms do. */
const emailKey = (email: string) => email.toLowerCase();

const userByEmail = (store: Store, email: string) =>
  store.findIdentity<{ email: string }>(VENDOR, USER_KIND, emailKey(email), TENANT);

/** The user whose email and password these are, or undefined for either mismatch. */
export function checkCredentials(store: Store, email: string, password: string): User | undefined {
  const row = userByEmail(store, email);
  return row && passwordMatches(password, row.secretHash) ? { id: row.id, email: row.data.email } : undefined;
}

export function findUserByEmail(store: Store, email: string): User | undefined {
  const row = userByEmail(store, email);
  return row ? { id: row.id, email: row.data.email } : undefined;
}

export function getUser(store: Store, id: string): User | undefined {
  const row = store.getIdentity<{ email: string }>(VENDOR, TENANT, id);
  return row && row.kind === USER_KIND ? { id: row.id, email: row.data.email } : undefined;
}

export function roleIn(store: Store, orgId: string, userId: string): string | undefined {
  return store.getRole(VENDOR, TENANT, orgId, userId);
}

/**
 * Undefined when there is no such org. `check` runs once the org is found, in
 * the same transaction, before anything is written: what it throws refuses the rename.
 */
export function renameOrg(store: Store, id: string, name: string, check?: () => void): Organization | undefined {
  return store.updateOrg<Organization>(VENDOR, TENANT, id, (org) => {
    check?.();
    return { id: org.id, name };
  });
}

/** Upserts organizations and users by id; a user's memberships are replaced by the ones given. */
export function seed(store: Store, fixtures: GmiFixtures): void {
  for (const org of fixtures.organizations) store.putOrg(VENDOR, TENANT, org.id, { id: org.id, name: org.name });
  for (const user of fixtures.users) {
    store.putIdentity({
      vendor: VENDOR,
      tenant: TENANT,
      id: user.id,
      kind: USER_KIND,
      lookup: emailKey(user.email),
      secretHash: hashPassword(user.password),
      secret: user.password,
      data: { email: user.email },
    });
    store.deleteMembershipsOf(VENDOR, TENANT, user.id);
    for (const m of user.organizations) store.putMembership(VENDOR, TENANT, m.orgId, user.id, m.orgRole);
  }
}

export function exportFixtures(store: Store): GmiFixtures {
  const roles = new Map<string, { orgId: string; orgRole: string }[]>();
  for (const m of store.listMemberships(VENDOR)) {
    const list = roles.get(m.identityId) ?? [];
    list.push({ orgId: m.orgId, orgRole: m.role });
    roles.set(m.identityId, list);
  }
  return {
    organizations: store.listOrgs<Organization>(VENDOR, TENANT).map((r) => ({ id: r.data.id, name: r.data.name })),
    users: store
      .listIdentities<{ email: string }>(VENDOR)
      .filter((row) => row.kind === USER_KIND)
      .map((row) => ({
        id: row.id,
        email: row.data.email,
        password: row.secret ?? '',
        organizations: roles.get(row.id) ?? [],
      })),
  };
}

export function checkFixtures(fixtures: GmiFixtures): string[] {
  const problems: string[] = [];
  const orgIds = new Set<string>();
  for (const org of fixtures.organizations) {
    if (orgIds.has(org.id)) problems.push(`organization ${org.id} listed twice`);
    orgIds.add(org.id);
  }
  const userIds = new Set<string>();
  const emails = new Set<string>();
  for (const user of fixtures.users) {
    if (userIds.has(user.id)) problems.push(`user id ${user.id} listed twice`);
    if (emails.has(emailKey(user.email))) problems.push(`email ${user.email} listed twice`);
    userIds.add(user.id);
    emails.add(emailKey(user.email));
    for (const m of user.organizations) {
      if (!orgIds.has(m.orgId)) problems.push(`user ${user.email} is a member of unknown organization ${m.orgId}`);
    }
  }
  return problems;
}
