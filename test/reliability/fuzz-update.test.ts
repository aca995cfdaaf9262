import { describe, it } from 'vitest';
import { useApp } from '../helpers.js';
import { HEAVY, runs } from './arbitraries.js';
import { fuzz, updateRoute } from './fuzz-routes.js';
import { VENDORS } from './vendors.js';

/**
 * Property-based: any body, content type, header set, id and query sent to a
 * vendor's update route gets a 2xx or the vendor's own error format, never a
 * 5xx; a refused request leaves the store as it was; nothing reaches a prototype.
 */
describe('fuzzed update routes', () => {
  const make = useApp();
  it.each(VENDORS)(
    '%s',
    async (vendor) => {
      const { app, call } = await make();
      await fuzz(app, await updateRoute(vendor, call), runs(300, 10_000));
    },
    HEAVY ? 3_600_000 : 120_000,
  );
});
