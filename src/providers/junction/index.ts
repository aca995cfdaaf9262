import type { Provider } from '../types.js';
import { JunctionFixtures } from './schemas.js';
import { junctionErrorFormat, junctionErrors } from './errors.js';
import { junctionRoutes } from './routes.js';
import { VENDOR, checkFixtures, seed } from './model.js';

export const junction: Provider<JunctionFixtures> = {
  name: VENDOR,
  title: 'Junction (ex-Vital) Management API',
  pathPrefixes: ['/v1/org'],
  fixtureSchema: JunctionFixtures,
  checkFixtures,
  seed,
  routes: junctionRoutes,
  errors: junctionErrorFormat,
  faults: {
    internal: junctionErrors.internal,
    'not-found': junctionErrors.orgNotFound,
    unauthorized: junctionErrors.invalidKey,
  },
};
