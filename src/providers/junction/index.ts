import type { Provider } from '../types.js';
import { UnknownIdentity } from '../unknown-identity.js';
import { JunctionFixtures } from './schemas.js';
import { junctionErrorFormat, junctionErrors } from './errors.js';
import { junctionRoutes } from './routes.js';
import { VENDOR, checkFixtures, deleteOrg, exportFixtures, mintManagementKey, seed } from './model.js';
import { parseUuidLikePydantic } from './rust-uuid.js';

export const junction: Provider<JunctionFixtures> = {
  name: VENDOR,
  title: 'Junction (ex-Vital) Management API',
  pathPrefixes: ['/v1/org'],
  corsHeaders: ['X-Management-Key', 'X-Vital-Org-Key'],
  credentialHeaders: ['X-Management-Key', 'X-Vital-Org-Key'],
  secretFields: ['management_key', 'managementKey'],
  // FastAPI under uvicorn (h11)
  httpStack: 'uvicorn',
  router: 'starlette',
  fixtureSchema: JunctionFixtures,
  checkFixtures,
  seed,
  tryIt,
  fixtureKeys: { orgs: 'id', management_keys: 'key' },
  exportFixtures,
  deleteOrg: (store, orgId) => deleteOrg(store, orgId),
  routes: junctionRoutes,
  errors: junctionErrorFormat,
  dashboard: {
    heading: 'Junction',
    fixtureOrgs: { orgs: 'orgs' },
    orgName: 'name',
    mintBy: 'org',
    sampleUpdate: { method: 'PATCH', path: '/v1/org/:id', body: { name: 'Renamed from the dashboard' } },
  },
  faults: {
    internal: junctionErrors.internal,
    'not-found': junctionErrors.orgNotFound,
    unauthorized: junctionErrors.invalidKey,
  },
  /** Junction has no tokens: minting issues a new management key for the org named by `identity`. */
  async mintToken({ store, clock }, identity, { expiresIn }) {
    const uuid = parseUuidLikePydantic(identity);
    const key = uuid.ok ? mintManagementKey(store, clock, uuid.uuid, expiresIn) : undefined;
    if (!key) throw new UnknownIdentity(`junction has no org ${identity}`);
    return { token: key, headers: { 'X-Management-Key': key }, expiresIn: expiresIn ?? null };
  },
};

/** The banner's line: the first management key and its org. */
function tryIt(f: JunctionFixtures): string | undefined {
  const key = f.management_keys[0];
  return key && `PATCH /v1/org/${key.org_id} with X-Management-Key: ${key.key}`;
}
