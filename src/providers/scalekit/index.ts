import type { Provider } from '../types.js';
import { UnknownIdentity } from '../unknown-identity.js';
import { ScalekitFixtures } from './schemas.js';
import { oauthErrors, scalekitErrorFormat, toVendorError } from './errors.js';
import { scalekitFaults } from './faults.js';
import { scalekitRoutes } from './routes.js';
import { TOKEN_TTL, issueAccessToken } from './auth.js';
import { VENDOR, checkFixtures, exportFixtures, findClient, seed } from './model.js';

export const scalekit: Provider<ScalekitFixtures> = {
  name: VENDOR,
  title: 'Scalekit',
  pathPrefixes: ['/api/v1/organizations', '/api/v1/organizations:external', '/oauth/token'],
  corsHeaders: ['X-Grpc-Web', 'Connect-Protocol-Version'],
  // grpc-gateway on Go's net/http
  httpStack: 'go',
  fixtureSchema: ScalekitFixtures,
  checkFixtures,
  seed,
  tryIt,
  fixtureKeys: { environments: { key: 'id', children: { clients: 'client_id', organizations: 'id' } } },
  exportFixtures,
  routes: scalekitRoutes,
  loadGrpc: async () => (await import('./grpc.js')).scalekitGrpc,
  errors: scalekitErrorFormat,
  dashboard: {
    heading: 'Scalekit',
    tenantLabel: 'environment',
    fixtureOrgs: { tenants: { list: 'environments', key: 'id' }, orgs: 'organizations' },
    orgName: 'display_name',
    mintBy: 'identity',
    sampleUpdate: {
      method: 'PATCH',
      path: '/api/v1/organizations/:id',
      body: { display_name: 'Renamed from the dashboard' },
    },
  },
  faults: {
    ...Object.fromEntries(Object.entries(scalekitFaults).map(([name, make]) => [name, () => toVendorError(make())])),
    'invalid-client': () => oauthErrors.invalidClient(false),
  },
  /**
   * `identity` is a client id (`skc_...`); `tenant`, when given, must be its
   * environment. The token is the one `/oauth/token` would issue.
   */
  async mintToken(ctx, identity, { expiresIn, tenant }) {
    const client = findClient(ctx.store, identity, tenant);
    if (!client)
      throw new UnknownIdentity(`scalekit has no client ${identity}${tenant ? ` in environment ${tenant}` : ''}`);
    const ttl = expiresIn ?? TOKEN_TTL;
    const token = await issueAccessToken(ctx, client, ttl);
    return { token, headers: { authorization: `Bearer ${token}` }, expiresIn: ttl };
  },
};

/** The banner's line: the first client of an environment that has an organization. */
function tryIt(f: ScalekitFixtures): string | undefined {
  const env = f.environments.find((e) => e.clients.length > 0 && e.organizations.length > 0);
  const client = env?.clients[0];
  if (!env || !client) return undefined;
  return `POST /oauth/token client_id=${client.client_id} client_secret=${client.client_secret} grant_type=client_credentials, then PATCH /api/v1/organizations/${env.organizations[0]?.id}`;
}
