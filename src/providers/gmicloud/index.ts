import type { Provider } from '../types.js';
import { UnknownIdentity } from '../unknown-identity.js';
import { GmiFixtures } from './schemas.js';
import { gmiErrorFormat, gmiErrors } from './errors.js';
import { gmiRoutes } from './routes.js';
import { VENDOR, checkFixtures, exportFixtures, findUserByEmail, seed } from './model.js';
import { ACCESS_TOKEN_TTL, issueSession } from './sessions.js';
import { API_BASE } from './paths.js';

/** The CE-ClientId that minted sessions are bound to. */
const MINT_CLIENT_ID = 'orgmock';

export const gmicloud: Provider<GmiFixtures> = {
  name: VENDOR,
  title: 'GMI Cloud IAM Service',
  // `/api/v1/organizations/` is shared with Scalekit: see providers/shared-prefixes.ts.
  pathPrefixes: ['/me', '/organizations', `${API_BASE}/me`],
  corsHeaders: ['CE-ClientId'],
  // The 2FA code sent to /me/sessions.
  secretFields: ['otpCode'],
  // gin on Go's net/http
  httpStack: 'go',
  router: 'gin',
  fixtureSchema: GmiFixtures,
  checkFixtures,
  seed,
  tryIt,
  fixtureKeys: { organizations: 'id', users: 'id' },
  exportFixtures,
  routes: gmiRoutes,
  errors: gmiErrorFormat,
  dashboard: {
    heading: 'GMI Cloud',
    fixtureOrgs: { orgs: 'organizations' },
    orgName: 'name',
    mintBy: 'identity',
    sampleUpdate: { method: 'PATCH', path: '/organizations/:id', body: { name: 'Renamed from the dashboard' } },
  },
  faults: {
    'organization/1201': gmiErrors.getOrgDbError,
    'organization/1401': gmiErrors.updateOrgDbError,
    'organization/2': gmiErrors.orgNotFound,
    'auth/3': gmiErrors.invalidAccessToken,
    'auth/5': gmiErrors.notOrgOwner,
    internal: gmiErrors.internal,
    unavailable: gmiErrors.unavailable,
  },
  /** The access token POST /me/sessions would give this user (identity = email). */
  async mintToken(ctx, identity, { expiresIn = ACCESS_TOKEN_TTL }) {
    const user = findUserByEmail(ctx.store, identity);
    if (!user) throw new UnknownIdentity(`gmicloud has no user with email ${identity}`);
    const { accessToken } = await issueSession(ctx, user, MINT_CLIENT_ID, expiresIn);
    return { token: accessToken, headers: { authorization: `Bearer ${accessToken}` }, expiresIn };
  },
};

/** The banner's line: the first organization owner (only owners may update). */
function tryIt(f: GmiFixtures): string | undefined {
  for (const user of f.users) {
    const owned = user.organizations.find((o) => o.orgRole === 'org_owner');
    if (owned)
      return `${user.email} / ${user.password}: POST /me/auth-tokens, POST /me/sessions, then PATCH /organizations/${owned.orgId}`;
  }
  return undefined;
}
