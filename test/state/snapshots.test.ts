import { afterEach, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { SeedError, startOrgMock, type OrgMock } from '../../src/index.js';
import { answer, useApp } from '../helpers.js';

type Call = (opts: InjectOptions) => Promise<LightMyRequestResponse>;
const exportOf = async (call: Call) => JSON.parse((await call({ method: 'GET', url: '/__admin/export' })).body);
const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const renameAcme = (call: Call, name: string) =>
  call({
    method: 'PATCH',
    url: `/v1/org/${ACME}`,
    headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
    payload: { name },
  });

describe('/__admin/snapshots', () => {
  const make = useApp();

  it('restore puts the store back exactly (compared by export), keys and caches included; the journal stays', async () => {
    const { call } = await make();
    const before = await exportOf(call);
    const taken = answer(await call({ method: 'POST', url: '/__admin/snapshots' }));
    expect(taken.status).toBe(201);
    const { id } = taken.body as { id: string };

    expect((await renameAcme(call, 'Changed')).statusCode).toBe(200);
    await call({ method: 'DELETE', url: `/__admin/state/junction/orgs/${ACME}` });
    await call({ method: 'PUT', url: '/__admin/state/gmicloud', payload: {} });
    await call({ method: 'POST', url: '/__admin/state/razi', payload: { apps: [{ name: 'new-app' }] } });
    expect(await exportOf(call)).not.toEqual(before);
    expect((await renameAcme(call, 'Gone')).statusCode).toBe(401);

    const restored = answer(await call({ method: 'POST', url: `/__admin/snapshots/${id}/restore` }));
    expect(restored).toEqual({ status: 200, body: { id, status: 'restored' } });
    expect(await exportOf(call)).toEqual(before);
    // The key deleted with its org works again: no cache kept the refusal.
    expect(answer(await renameAcme(call, 'Back'))).toEqual({
      status: 200,
      body: { id: ACME, name: 'Back', expires_at: null },
    });
    // The app added after the snapshot is gone for the vendor's routes too.
    const razi = await call({
      method: 'POST',
      url: '/v1/authentication/machine-users/access-token',
      headers: { 'x-app-name': 'new-app', 'content-type': 'application/json' },
      payload: { clientId: 'x', clientSecret: 'y' },
    });
    expect(razi.statusCode).not.toBe(200);
    const journal = answer(await call({ method: 'GET', url: '/__admin/requests?vendor=junction' }));
    expect((journal.body as { requests: unknown[] }).requests.length).toBe(3);
  });

  it('lists, deletes; an unknown id is a 404; a reset forgets them', async () => {
    const { call } = await make();
    const a = JSON.parse((await call({ method: 'POST', url: '/__admin/snapshots' })).body).id as string;
    const b = JSON.parse((await call({ method: 'POST', url: '/__admin/snapshots' })).body).id as string;
    expect(a).not.toBe(b);
    const list = answer(await call({ method: 'GET', url: '/__admin/snapshots' }));
    expect((list.body as { snapshots: { id: string; orgs: number }[] }).snapshots.map((s) => s.id)).toEqual([a, b]);
    expect((list.body as { snapshots: { orgs: number }[] }).snapshots[0]!.orgs).toBeGreaterThan(0);
    expect((await call({ method: 'DELETE', url: `/__admin/snapshots/${a}` })).statusCode).toBe(204);
    expect((await call({ method: 'DELETE', url: `/__admin/snapshots/${a}` })).statusCode).toBe(404);
    expect((await call({ method: 'POST', url: `/__admin/snapshots/${a}/restore` })).statusCode).toBe(404);
    await call({ method: 'POST', url: '/__admin/reset' });
    expect(answer(await call({ method: 'GET', url: '/__admin/snapshots' })).body).toEqual({ snapshots: [] });
    expect((await call({ method: 'POST', url: `/__admin/snapshots/${b}/restore` })).statusCode).toBe(404);
  });

  it('reset after seeding and updates gives the fixtures back', async () => {
    const { app, call } = await make();
    const initial = await exportOf(call);
    await renameAcme(call, 'Changed');
    await call({ method: 'PUT', url: '/__admin/state/transmit', payload: {} });
    app.orgmock.reset();
    expect(await exportOf(call)).toEqual(initial);
    expect((await renameAcme(call, 'Again')).statusCode).toBe(200);
  });
});

describe('in-process: mock.seed, replace, export, snapshot, restore', () => {
  const mocks: OrgMock[] = [];
  afterEach(async () => {
    await Promise.all(mocks.splice(0).map((m) => m.close()));
  });

  it('mirror the admin API', async () => {
    const mock = await startOrgMock();
    mocks.push(mock);
    const initial = mock.export();
    const id = mock.snapshot();
    const org = '0a0b0c0d-1111-4222-8333-444455556666';
    mock.seed('junction', {
      orgs: [{ id: org, name: 'Seeded', expires_at: null }],
      management_keys: [{ key: 'mk_seeded', org_id: org }],
    });
    const res = await fetch(`${mock.url}/v1/org/${org}`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_seeded', 'content-type': 'application/json' },
      body: '{"name":"Renamed"}',
    });
    expect(await res.json()).toEqual({ id: org, name: 'Renamed', expires_at: null });

    expect(() => mock.seed('junction', { orgs: [{ id: org, name: 1, expires_at: null }] })).toThrow(
      new SeedError('orgs[0].name', 'expected string'),
    );
    expect(() => mock.seed('nope' as 'junction', {})).toThrow(/unknown vendor nope/);
    mock.replace('gmicloud', { organizations: [] });
    expect(mock.export().gmicloud).toEqual({ organizations: [], users: [] });

    mock.restore(id);
    expect(mock.export()).toEqual(initial);
    expect(() => mock.restore('snap-999')).toThrow(/no snapshot/);
  });
});
