import type { Provider } from '../types.js';
import { UnknownIdentity } from '../unknown-identity.js';
import { RaziFixtures } from './schemas.js';
import { raziErrorFormat, raziErrors } from './errors.js';
import { raziRoutes } from './routes.js';
import { KIND, VENDOR, checkFixtures, exportFixtures, findIdentityByName, seed } from './model.js';
import { MACHINE_TOKEN_TTL, SESSION_TTL, issueMachineToken, issueSession } from './sessions.js';

export const razi: Provider<RaziFixtures> = {
  name: VENDOR,
  title: 'Razi IAM',
  pathPrefixes: ['/v1/authentication', '/v1/authorization'],
  corsHeaders: ['X-App-Name'],
  // Node (see the README: its 404s are Express's)
  httpStack: 'node',
  fixtureSchema: RaziFixtures,
  checkFixtures,
  seed,
  tryIt,
  fixtureKeys: { apps: { key: 'name', children: { orgs: 'id', machineUsers: 'id', users: 'id' } } },
  exportFixtures,
  routes: raziRoutes,
  errors: raziErrorFormat,
  dashboard: {
    heading: 'Razi',
    tenantLabel: 'app',
    fixtureOrgs: { tenants: { list: 'apps', key: 'name' }, orgs: 'orgs' },
    orgName: 'name',
    mintBy: 'identity',
    sampleUpdate: {
      method: 'PATCH',
      path: '/v1/authorization/organizations/:id',
      body: { metadata: { source: 'dashboard' } },
    },
  },
  faults: {
    internal: raziErrors.internal,
    unavailable: raziErrors.unavailable,
    'not-found': () => raziErrors.orgNotFound('281185056586736799'),
    unauthorized: raziErrors.invalidToken,
    forbidden: raziErrors.forbidden,
  },
  /**
   * `identity` is a machine user's client id or a user's email; `tenant` the app
   * name (without it, the first app that has the identity). A machine user gets
   * its access token, a user a session token, as their login calls would give.
   */
  async mintToken(ctx, identity, { expiresIn, tenant }) {
    const found = findIdentityByName(ctx.store, identity, tenant);
    if (!found)
      throw new UnknownIdentity(`razi: no machine user or user '${identity}'${tenant ? ` in app '${tenant}'` : ''}`);
    const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'x-app-name': found.app });
    if (found.kind === KIND.machineUser) {
      const ttl = expiresIn ?? MACHINE_TOKEN_TTL;
      const { token } = await issueMachineToken(ctx.tokens, found.app, found.id, ttl);
      return { token, headers: headers(token), expiresIn: ttl };
    }
    const ttl = expiresIn ?? SESSION_TTL;
    const { sessionToken } = await issueSession(ctx.tokens, found.app, found.id, ttl);
    return { token: sessionToken, headers: headers(sessionToken), expiresIn: ttl };
  },
};

/** The banner's line: the first machine user that belongs to an org. */
function tryIt(f: RaziFixtures): string | undefined {
  for (const app of f.apps) {
    const mu = app.machineUsers.find((m) => m.orgIds.length > 0);
    if (mu)
      return `machine user ${mu.clientId} / ${mu.clientSecret} (X-App-Name: ${app.name}): POST /v1/authentication/machine-users/access-token, then PATCH /v1/authorization/organizations/${mu.orgIds[0]}`;
  }
  return undefined;
}
