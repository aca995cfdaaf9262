import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultFixturesDir } from '../../src/fixtures.js';
import { answer, useApp } from '../helpers.js';

/** Every name a plain object inherits, and `__proto__`: none may pass for a user's key. */
const NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];
const VENDORS = ['junction', 'scalekit', 'gmicloud', 'razi', 'transmit'];
const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('user keys are looked up as own properties only', () => {
  const make = useApp();

  it('as fault names, vendors, identities and tenants: refused cleanly, and every vendor still answers', async () => {
    const { call } = await make();
    for (const name of NAMES) {
      for (const vendor of VENDORS) {
        const fault = answer(
          await call({ method: 'POST', url: '/__admin/faults', payload: { vendor, error: name, delayMs: 1 } }),
        );
        expect({ name, vendor, status: fault.status, code: (fault.body as { code: string }).code }).toEqual({
          name,
          vendor,
          status: 400,
          code: 'ORGMOCK_UNKNOWN_ERROR_NAME',
        });
        const token = answer(
          await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor, identity: name } }),
        );
        expect({ name, vendor, status: token.status }).toEqual({ name, vendor, status: 404 });
        const tenant = answer(
          await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor, identity: name, tenant: name } }),
        );
        expect({ name, vendor, status: tenant.status }).toEqual({ name, vendor, status: 404 });
      }
      const asVendor = answer(
        await call({ method: 'POST', url: '/__admin/faults', payload: { vendor: name, delayMs: 1 } }),
      );
      expect({ name, status: asVendor.status }).toEqual({ name, status: 400 });
      const asToken = answer(
        await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor: name, identity: 'x' } }),
      );
      expect({ name, status: asToken.status }).toEqual({ name, status: 400 });
      const state = answer(await call({ method: 'GET', url: `/__admin/state/${encodeURIComponent(name)}` }));
      expect({ name, status: state.status }).toEqual({ name, status: 404 });
      const journal = answer(
        await call({ method: 'GET', url: `/__admin/requests?vendor=${encodeURIComponent(name)}` }),
      );
      expect({ name, status: journal.status, body: journal.body }).toEqual({
        name,
        status: 200,
        body: { requests: [] },
      });
    }
    expect(answer(await call({ method: 'GET', url: '/__admin/faults' })).body).toEqual({ faults: [] });

    // Every vendor still answers a real update, with a minted credential.
    const identities: Record<string, [string, string, string, string]> = {
      junction: [ACME, 'PATCH', `/v1/org/${ACME}`, '{"name":"Still"}'],
      scalekit: [
        'skc_58327482062864390',
        'PATCH',
        '/api/v1/organizations/org_2123312131125533',
        '{"display_name":"Still"}',
      ],
      gmicloud: [
        'owner@gmi.example',
        'PATCH',
        '/organizations/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
        '{"name":"Still"}',
      ],
      razi: ['mu_acme_client', 'PATCH', '/v1/authorization/organizations/281185056586736799', '{"metadata":{"k":"v"}}'],
      transmit: ['transmit_admin_client', 'PUT', '/v1/organizations/uovh59ypbxkea4ir9dnqp', '{"name":"Still"}'],
    };
    for (const vendor of VENDORS) {
      const [identity, method, url, payload] = identities[vendor]!;
      const minted = answer(await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor, identity } }));
      const { headers } = minted.body as { headers: Record<string, string> };
      const res = await call({
        method: method as 'PATCH',
        url,
        headers: { ...headers, 'content-type': 'application/json' },
        payload,
      });
      expect({ vendor, status: res.statusCode }).toEqual({ vendor, status: 200 });
    }
  });

  it('as fault route, method and orgId: matched as plain strings', async () => {
    const { call } = await make();
    for (const name of NAMES) {
      const res = await call({
        method: 'POST',
        url: '/__admin/faults',
        payload: { vendor: 'junction', route: name, method: name, orgId: name, error: 'internal', count: 1 },
      });
      expect({ name, status: res.statusCode }).toEqual({ name, status: 201 });
    }
    const res = await call({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      payload: '{"name":"x"}',
    });
    expect(res.statusCode).toBe(200);
  });

  it('as fixture keys (ids, emails, client ids, metadata keys): data like any other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgmock-proto-'));
    cpSync(defaultFixturesDir, dir, { recursive: true });
    const razi = JSON.parse(readFileSync(join(dir, 'razi.json'), 'utf8'));
    const metadata = Object.fromEntries(NAMES.map((n) => [n, `value of ${n}`]));
    razi.apps[0].orgs[0].metadata = metadata;
    // JSON text, so `__proto__` is an own key as it would be in the user's file.
    writeFileSync(join(dir, 'razi.json'), JSON.stringify(razi));
    const scalekit = JSON.parse(readFileSync(join(dir, 'scalekit.json'), 'utf8'));
    const firstOrg = scalekit.environments[0].organizations[0];
    firstOrg.metadata = Object.fromEntries(NAMES.slice(0, 5).map((n) => [`k_${n}`, n]));
    writeFileSync(join(dir, 'scalekit.json'), JSON.stringify(scalekit));
    const { call } = await make({ fixturesDir: dir });
    const state = answer(await call({ method: 'GET', url: '/__admin/state/razi' })).body as {
      orgs: { id: string; data: { metadata: Record<string, string> } }[];
    };
    const stored = state.orgs.find((o) => o.id === '281185056586736799')!.data.metadata;
    for (const n of NAMES) expect(Object.hasOwn(stored, n) && stored[n], n).toBe(`value of ${n}`);
    expect(answer(await call({ method: 'GET', url: '/__admin/health' })).status).toBe(200);
  });
});
