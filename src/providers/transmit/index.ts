import type { Provider } from '../types.js';
import { UnknownIdentity } from '../unknown-identity.js';
import { TransmitFixtures } from './schemas.js';
import { transmitErrorFormat, transmitErrors } from './errors.js';
import { transmitRoutes } from './routes.js';
import { VENDOR, checkFixtures, findApp, seed, exportFixtures } from './model.js';
import { TOKEN_TTL, issueAccessToken } from './tokens.js';

export const transmit: Provider<TransmitFixtures> = {
  name: VENDOR,
  title: 'Transmit Security (Mosaic) Organizations API',
  pathPrefixes: ['/v1/organizations', '/oidc', '/cis'],
  // NestJS on Express
  httpStack: 'node',
  fixtureSchema: TransmitFixtures,
  checkFixtures,
  seed,
  tryIt,
  fixtureKeys: { tenants: { key: 'tenant_id', children: { organizations: 'organization_id', apps: 'client_id' } } },
  exportFixtures,
  routes: transmitRoutes,
  errors: transmitErrorFormat,
  dashboard: {
    heading: 'Transmit',
    tenantLabel: 'tenant',
    fixtureOrgs: { tenants: { list: 'tenants', key: 'tenant_id' }, orgs: 'organizations' },
    orgName: 'name',
    mintBy: 'identity',
    sampleUpdate: { method: 'PUT', path: '/v1/organizations/:id', body: { name: 'Renamed from the dashboard' } },
  },
  faults: {
    internal: transmitErrors.internal,
    unavailable: transmitErrors.unavailable,
    'rate-limited': transmitErrors.tooManyRequests,
    'not-found': transmitErrors.organizationNotFound,
    unauthorized: transmitErrors.invalidToken,
    forbidden: transmitErrors.forbidden,
  },
  /** `identity` is an app's client id; the token is the one its client credentials would get. */
  async mintToken(ctx, identity, { expiresIn, tenant }) {
    const app = findApp(ctx.store, identity, tenant);
    if (!app)
      throw new UnknownIdentity(
        `transmit: no app with client_id '${identity}'${tenant ? ` in tenant '${tenant}'` : ''}`,
      );
    const ttl = expiresIn ?? TOKEN_TTL;
    const { access_token } = await issueAccessToken(ctx.tokens, app, { expiresIn: ttl });
    return { token: access_token, headers: { authorization: `Bearer ${access_token}` }, expiresIn: ttl };
  },
};

/** The banner's line: the first app allowed to edit organizations, and an organization of its tenant. */
function tryIt(f: TransmitFixtures): string | undefined {
  for (const tenant of f.tenants) {
    const app = tenant.apps.find(
      (a) => a.permissions.includes('organizations:edit') || a.permissions.includes('orgs:edit'),
    );
    const org = tenant.organizations[0];
    if (app && org)
      return `${app.client_id} / ${app.client_secret}: POST /oidc/token (client_credentials), then PUT /v1/organizations/${org.organization_id}`;
  }
  return undefined;
}
