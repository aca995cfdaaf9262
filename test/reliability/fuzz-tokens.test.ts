import { describe, it } from 'vitest';
import { useApp } from '../helpers.js';
import { HEAVY, runs } from './arbitraries.js';
import { fuzz, tokenRoutes } from './fuzz-routes.js';
import { VENDORS } from './vendors.js';

/**
 * Property-based, on every token and sign-in endpoint: the same rules as the
 * update routes, and a token request never writes (only Razi's sign-up does,
 * when it succeeds).
 */
describe('fuzzed token and sign-in endpoints', () => {
  const make = useApp();
  it.each(VENDORS.filter((v) => v !== 'junction'))(
    '%s',
    async (vendor) => {
      const { app, call } = await make();
      for (const route of await tokenRoutes(vendor, call)) await fuzz(app, route, runs(200, 5000));
    },
    HEAVY ? 3_600_000 : 120_000,
  );
});
