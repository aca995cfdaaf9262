import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { answer, useApp } from '../helpers.js';
import { gmicloud } from '../../src/providers/gmicloud/index.js';
import type { Provider } from '../../src/providers/types.js';
import { VendorError } from '../../src/providers/vendor-error.js';
import { ORG, OWNER, bearer, json, signIn } from './chain.js';

/** Stands in for Scalekit, which serves PATCH /api/v1/organizations/:id with ids like org_123. */
const neighbour: Provider = {
  name: 'neighbour',
  title: 'neighbour',
  pathPrefixes: ['/api/v1'],
  httpStack: 'go',
  fixtureSchema: Type.Object({}),
  seed: () => {},
  fixtureKeys: {},
  exportFixtures: () => ({}),
  routes: (app) => {
    app.patch<{ Params: { id: string } }>('/api/v1/organizations/:id', async (req) => ({ neighbour: req.params.id }));
  },
  errors: {
    fromFramework: () => new VendorError(500, { neighbour: 'error' }),
    notFound: () => new VendorError(404, { neighbour: 'not found' }),
    methodNotAllowed: () => new VendorError(405, { neighbour: 'method' }),
  },
  faults: {},
};

describe('GMI Cloud under /api/v1, next to another vendor that serves /api/v1/organizations/:id', () => {
  const makeApp = useApp();

  for (const order of [
    [gmicloud, neighbour],
    [neighbour, gmicloud],
  ]) {
    it(`UUID-shaped ids go to GMI Cloud, other ids to the other vendor (${order.map((p) => p.name).join(' first, ')})`, async () => {
      const { call, app } = await makeApp({ providers: order });
      const { accessToken } = await signIn(call, OWNER);
      const gmi = await call({
        method: 'PATCH',
        url: `/api/v1/organizations/${ORG}`,
        headers: { ...json, ...bearer(accessToken) },
        payload: { name: 'Both' },
      });
      expect(answer(gmi)).toEqual({ status: 200, body: '' });
      expect(app.orgmock.store.getOrg('gmicloud', '', ORG)).toEqual({ id: ORG, name: 'Both' });

      const other = await call({ method: 'PATCH', url: '/api/v1/organizations/org_123', headers: json, payload: {} });
      expect(answer(other)).toEqual({ status: 200, body: { neighbour: 'org_123' } });

      // GMI's own paths under the base stay GMI's, their unknown siblings too.
      expect(answer(await call({ method: 'GET', url: '/api/v1/me/profile' })).body).toEqual({
        group: 'request',
        code: 404,
        message: '404 page not found',
      });
      expect(answer(await call({ method: 'GET', url: '/api/v1/elsewhere' })).body).toEqual({ neighbour: 'not found' });
    });
  }

  it("without the base, every id is GMI Cloud's, so a non-UUID gets its 400", async () => {
    const { call } = await makeApp({ providers: [neighbour, gmicloud] });
    const res = await call({ method: 'PATCH', url: '/organizations/org_123', headers: json, payload: { name: 'x' } });
    expect(answer(res)).toEqual({
      status: 400,
      body: {
        group: 'request',
        code: 0,
        validationDetail: [
          { field: 'orgId', expression: 'uuid', originalValue: 'org_123', reason: 'Should be a valid UUID.' },
        ],
      },
    });
  });
});
