import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { Store } from '../src/store/store.js';
import { migrations } from '../src/store/migrations.js';
import { FixtureError, loadFixtures } from '../src/fixtures.js';
import { providers } from '../src/providers/index.js';

const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const tmp = () => mkdtempSync(join(tmpdir(), 'orgmock-'));

describe('store', () => {
  it('applies the versioned migrations once and records them', () => {
    const path = join(tmp(), 'm.db');
    new Store(path).close();
    const store = new Store(path);
    const rows = store.db.prepare('SELECT version, name FROM schema_migrations').all();
    expect(rows).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
  });

  it('a file store keeps acknowledged changes across a restart and is not re-seeded', async () => {
    const dbPath = join(tmp(), 'orgmock.db');
    const first = await buildApp({ dbPath });
    const res = await first.inject({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { 'x-management-key': 'mk_test_acme_health' },
      payload: { name: 'Survivor' },
    });
    expect(res.statusCode).toBe(200);
    await first.close();
    const second = await buildApp({ dbPath });
    expect(second.orgmock.store.getOrg('junction', '', ACME)).toEqual({ id: ACME, name: 'Survivor', expires_at: null });
    await second.close();
  });

  it('a failed update writes nothing', () => {
    const store = new Store();
    store.putOrg('v', 't', 'o', { name: 'kept' });
    expect(() =>
      store.updateOrg('v', 't', 'o', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.getOrg('v', 't', 'o')).toEqual({ name: 'kept' });
    store.close();
  });
});

describe('fixtures', () => {
  it('the default fixtures load', () => {
    expect(() => loadFixtures(join(__dirname, '..', 'fixtures'), providers)).not.toThrow();
  });

  it('a file that is not JSON names the file and the problem', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'junction.json'), '{"orgs": [');
    expect(() => loadFixtures(dir, providers)).toThrow(FixtureError);
    expect(() => loadFixtures(dir, providers)).toThrow(
      `invalid fixture file ${join(dir, 'junction.json')}: not valid JSON`,
    );
  });

  it('a file that does not fit the schema names the field', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'junction.json'),
      JSON.stringify({ orgs: [{ id: ACME, name: 5, expires_at: null }], management_keys: [] }),
    );
    expect(() => loadFixtures(dir, providers)).toThrow(
      `invalid fixture file ${join(dir, 'junction.json')}: orgs[0].name: expected string`,
    );
  });

  it('a reference to an unknown org is refused', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'junction.json'),
      JSON.stringify({ orgs: [], management_keys: [{ key: 'k', org_id: ACME }] }),
    );
    expect(() => loadFixtures(dir, providers)).toThrow(`management key for unknown org ${ACME}`);
  });

  it('another fixtures folder seeds the store', async () => {
    const dir = tmp();
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'junction.json'),
      JSON.stringify({
        orgs: [{ id: ACME, name: 'Custom', expires_at: null }],
        management_keys: [{ key: 'custom-key', org_id: ACME }],
      }),
    );
    const app = await buildApp({ fixturesDir: dir });
    const res = await app.inject({
      method: 'PATCH',
      url: `/v1/org/${ACME}`,
      headers: { 'x-management-key': 'custom-key' },
      payload: { name: 'Custom 2' },
    });
    expect(JSON.parse(res.body)).toEqual({ id: ACME, name: 'Custom 2', expires_at: null });
    await app.close();
  });
});

describe('store: reads served from memory', () => {
  const identity = (data: Record<string, unknown>) => ({
    vendor: 'v',
    tenant: 't',
    id: 'i1',
    kind: 'client',
    lookup: 'client-1',
    secretHash: 'h',
    data,
  });

  it('a write to a credential or a membership is seen by the next read', () => {
    const store = new Store();
    expect(store.findIdentity('v', 'client', 'client-1', 't')).toBeUndefined();
    store.putIdentity(identity({ scopes: ['read'] }));
    expect(store.findIdentity('v', 'client', 'client-1', 't')?.data).toEqual({ scopes: ['read'] });
    expect(store.findIdentity('v', 'client', 'client-1')?.data).toEqual({ scopes: ['read'] });
    store.putIdentity(identity({ scopes: ['read', 'write'] }));
    expect(store.findIdentity('v', 'client', 'client-1', 't')?.data).toEqual({ scopes: ['read', 'write'] });
    expect(store.getIdentity('v', 't', 'i1')?.data).toEqual({ scopes: ['read', 'write'] });

    expect(store.getRole('v', 't', 'o1', 'i1')).toBeUndefined();
    store.putMembership('v', 't', 'o1', 'i1', 'member');
    expect(store.getRole('v', 't', 'o1', 'i1')).toBe('member');
    store.putMembership('v', 't', 'o1', 'i1', 'owner');
    expect(store.getRole('v', 't', 'o1', 'i1')).toBe('owner');

    store.clear();
    expect(store.findIdentity('v', 'client', 'client-1', 't')).toBeUndefined();
    expect(store.getRole('v', 't', 'o1', 'i1')).toBeUndefined();
    store.close();
  });

  it('a row read inside a transaction that rolls back is not served afterwards', () => {
    const store = new Store();
    expect(() =>
      store.transaction(() => {
        store.putIdentity(identity({}));
        store.putMembership('v', 't', 'o1', 'i1', 'owner');
        expect(store.findIdentity('v', 'client', 'client-1', 't')).toBeDefined();
        expect(store.getRole('v', 't', 'o1', 'i1')).toBe('owner');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(store.findIdentity('v', 'client', 'client-1', 't')).toBeUndefined();
    expect(store.getRole('v', 't', 'o1', 'i1')).toBeUndefined();
    store.close();
  });

  it('an org reads back as last written, and a rolled-back write is not served', () => {
    const store = new Store();
    store.putOrg('v', 't', 'o', { name: 'first', tags: ['a'] });
    const read = store.getOrg<{ name: string; tags: string[] }>('v', 't', 'o')!;
    // Shared with every other reader, so frozen.
    expect(() => read.tags.push('changed by a caller')).toThrow(TypeError);
    expect(store.getOrg('v', 't', 'o')).toEqual({ name: 'first', tags: ['a'] });
    store.updateOrg<{ name: string }>('v', 't', 'o', (o) => ({ ...o, name: 'second' }));
    expect(store.getOrg('v', 't', 'o')).toEqual({ name: 'second', tags: ['a'] });
    expect(() =>
      store.transaction(() => {
        store.updateOrg<{ name: string }>('v', 't', 'o', (o) => ({ ...o, name: 'rolled back' }));
        expect(store.getOrg('v', 't', 'o')).toMatchObject({ name: 'rolled back' });
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(store.getOrg('v', 't', 'o')).toEqual({ name: 'second', tags: ['a'] });
    expect(store.listOrgs('v')[0]?.data).toEqual({ name: 'second', tags: ['a'] });
    expect(store.deleteOrg('v', 't', 'o')).toBe(true);
    expect(store.getOrg('v', 't', 'o')).toBeUndefined();
    expect(store.insertOrg('v', 't', 'o', { name: 'again' })).toBe(true);
    expect(store.insertOrg('v', 't', 'o', { name: 'ignored' })).toBe(false);
    expect(store.getOrg('v', 't', 'o')).toEqual({ name: 'again' });
    store.close();
  });

  it('an updated org is frozen all the way down, under a __proto__ key too', () => {
    const store = new Store();
    store.putOrg('v', 't', 'o', { name: 'first' });
    const next = JSON.parse('{"name":"second","meta":{"__proto__":{"deep":["x"]}},"list":[{"a":1}]}') as Record<
      string,
      unknown
    >;
    store.updateOrg('v', 't', 'o', () => next);
    const read = store.getOrg<typeof next>('v', 't', 'o')!;
    const meta = read.meta as Record<string, { deep: string[] }>;
    expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
    expect(Object.isFrozen(Object.getOwnPropertyDescriptor(meta, '__proto__')!.value)).toBe(true);
    expect(Object.isFrozen(Object.getOwnPropertyDescriptor(meta, '__proto__')!.value.deep)).toBe(true);
    expect(Object.isFrozen((read.list as object[])[0])).toBe(true);
    store.close();
  });

  it('rows are shared between readers, so they are frozen', () => {
    const store = new Store();
    store.putIdentity(identity({ scopes: ['read'] }));
    const row = store.findIdentity<{ scopes: string[] }>('v', 'client', 'client-1', 't')!;
    expect(() => row.data.scopes.push('admin')).toThrow(TypeError);
    expect(store.findIdentity('v', 'client', 'client-1', 't')?.data).toEqual({ scopes: ['read'] });
    store.close();
  });
});
