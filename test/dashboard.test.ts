import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrgMock, type OrgMock } from '../src/index.js';
import { findUiDir } from '../src/admin/ui-routes.js';

/** Reads Server-Sent Events from a live stream until `stop` says enough. */
function readEvents(
  url: string,
  stop: (events: { event: string; id?: string; data: string }[]) => boolean,
  headers: Record<string, string> = {},
): Promise<{ events: { event: string; id?: string; data: string }[]; contentType: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const events: { event: string; id?: string; data: string }[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
          }
          if (!fields.has('data')) continue;
          events.push({ event: fields.get('event') ?? 'message', id: fields.get('id'), data: fields.get('data')! });
          if (stop(events)) {
            req.destroy();
            resolve({ events, contentType: res.headers['content-type'] });
            return;
          }
        }
      });
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
  });
}

const GMI_ORG = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';

async function renameGmiOrg(mock: OrgMock, name: string): Promise<Response> {
  const { headers } = await mock.mintToken('gmicloud', 'owner@gmi.example');
  return fetch(`${mock.url}/organizations/${GMI_ORG}`, {
    method: 'PATCH',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
}

describe('dashboard: the page and its admin routes', () => {
  let mock: OrgMock;
  beforeAll(async () => {
    mock = await startOrgMock();
  });
  afterAll(() => mock?.close());

  it('finds the ui folder from src/', () => {
    expect(findUiDir()).toMatch(/[/\\]ui$/);
  });

  it('redirects /__admin and /__admin/ to the page', async () => {
    for (const path of ['/__admin', '/__admin/']) {
      const res = await fetch(`${mock.url}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/__admin/ui');
    }
  });

  it('serves the page with a policy that allows nothing from elsewhere, and no outside URL in it', async () => {
    const res = await fetch(`${mock.url}/__admin/ui`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    const html = await res.text();
    for (const m of html.matchAll(/(?:src|href)="([^"]*)"/g)) expect(m[1]).toMatch(/^(\/__admin\/|data:)/);
    for (const m of html.matchAll(/"(\/__admin\/ui\/[^"]+)"/g)) {
      const asset = await fetch(`${mock.url}${m[1]}`);
      expect(asset.status, m[1]).toBe(200);
    }
  });

  it('serves the front-end libraries from node_modules as JavaScript, and nothing else under lib/', async () => {
    for (const file of ['preact.mjs', 'hooks.mjs', 'htm.mjs']) {
      const res = await fetch(`${mock.url}/__admin/ui/lib/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await res.text()).toMatch(/export/);
    }
    for (const bad of ['package.json', '..%2Fpackage.json', 'hasOwnProperty', '__proto__']) {
      expect((await fetch(`${mock.url}/__admin/ui/lib/${bad}`)).status, bad).toBe(404);
    }
    expect((await fetch(`${mock.url}/__admin/ui/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('describes every vendor: heading, named errors, orgs and credentials per tenant', async () => {
    const res = await fetch(`${mock.url}/__admin/vendors`);
    expect(res.status).toBe(200);
    const { vendors } = (await res.json()) as {
      vendors: {
        name: string;
        heading: string;
        faults: { name: string; status: number }[];
        tenants: {
          id: string;
          orgs: { id: string; name: string }[];
          identities: { identity: string | null; name: string; secret: string | null; roles: { role: string }[] }[];
        }[];
      }[];
    };
    expect(vendors.map((v) => v.heading).sort()).toEqual(['GMI Cloud', 'Junction', 'Razi', 'Scalekit', 'Transmit']);
    const byName = new Map(vendors.map((v) => [v.name, v]));
    const gmi = byName.get('gmicloud')!;
    expect(gmi.faults).toContainEqual({ name: 'organization/1401', status: 500 });
    const owner = gmi.tenants[0]!.identities.find((i) => i.name === 'owner@gmi.example')!;
    expect(owner).toMatchObject({ identity: 'owner@gmi.example', secret: 'owner-password' });
    expect(owner.roles).toEqual([{ orgId: GMI_ORG, role: 'org_owner' }]);
    const junction = byName.get('junction')!;
    const key = junction.tenants[0]!.identities.find((i) => i.secret === 'mk_test_acme_health')!;
    expect(key.identity).toBeNull();
    const scalekit = byName.get('scalekit')!;
    expect(scalekit.tenants.map((t) => t.id).sort()).toEqual(['env_58327482062864389', 'env_70000000000000000']);
    const client = scalekit.tenants.flatMap((t) => t.identities).find((i) => i.identity === 'skc_58327482062864390');
    expect(client?.secret).toBe('test_secret_scalekit');
    const razi = byName.get('razi')!;
    expect(razi.tenants.find((t) => t.id === 'orgmock-demo')!.orgs[0]!.name).toBe('Acme');
  });

  it('shows an org as it is now, not as the fixtures had it', async () => {
    expect((await renameGmiOrg(mock, 'Renamed for the overview')).status).toBe(200);
    const { vendors } = (await (await fetch(`${mock.url}/__admin/vendors`)).json()) as {
      vendors: { name: string; tenants: { orgs: { name: string }[] }[] }[];
    };
    expect(vendors.find((v) => v.name === 'gmicloud')!.tenants[0]!.orgs[0]!.name).toBe('Renamed for the overview');
    mock.reset();
  });

  it('returns one journal entry by id, masked as the list is, and 404 once it is gone', async () => {
    mock.reset();
    await renameGmiOrg(mock, 'By id');
    const [entry] = mock.requests({ vendor: 'gmicloud' });
    const res = await fetch(`${mock.url}/__admin/requests/${entry!.id}`);
    expect(res.status).toBe(200);
    const got = (await res.json()) as { id: number; requestHeaders: Record<string, string>; requestBody: unknown };
    expect(got).toEqual(JSON.parse(JSON.stringify(entry)));
    expect(got.requestHeaders.authorization).toBe('Bearer ***');
    // Measured by orgmock itself: Fastify's own elapsedTime is 0 when no logger is configured.
    expect((got as unknown as { durationMs: number }).durationMs).toBeGreaterThan(0);
    mock.reset();
    expect((await fetch(`${mock.url}/__admin/requests/${entry!.id}`)).status).toBe(404);
    expect((await fetch(`${mock.url}/__admin/requests/0`)).status).toBe(400);
  });

  it('removes one fault by id and leaves the others', async () => {
    const a = mock.inject({ vendor: 'razi', error: 'internal' });
    const b = mock.inject({ vendor: 'razi', delayMs: 1 });
    expect((await fetch(`${mock.url}/__admin/faults/${a.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await fetch(`${mock.url}/__admin/faults/${a.id}`, { method: 'DELETE' })).status).toBe(404);
    const { faults } = (await (await fetch(`${mock.url}/__admin/faults`)).json()) as { faults: { id: number }[] };
    expect(faults.map((f) => f.id)).toEqual([b.id]);
    mock.clearFaults();
  });

  it('streams each vendor request as it happens, after the kept ones asked for with since', async () => {
    mock.reset();
    await renameGmiOrg(mock, 'Before listening');
    const [before] = mock.requests();
    let sent: Promise<Response> | undefined;
    const reading = readEvents(`${mock.url}/__admin/events?since=0`, (events) => {
      // Once the backlog has come (`ready`), a new request must arrive live on the same stream.
      if (!sent && events.some((e) => e.event === 'ready')) {
        sent = fetch(`${mock.url}/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`, {
          method: 'PATCH',
          headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
          body: '{"name":"Live"}',
        });
      }
      return events.some((e) => e.event === 'request' && JSON.parse(e.data).path.startsWith('/v1/org/'));
    });
    const { events, contentType } = await reading;
    expect((await sent)?.status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    const requests = events.filter((e) => e.event === 'request').map((e) => JSON.parse(e.data));
    expect(requests[0]).toMatchObject({ id: before!.id, vendor: 'gmicloud', method: 'PATCH', status: 200 });
    expect(requests.at(-1)).toMatchObject({ vendor: 'junction', path: '/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
    // Summaries only: bodies and headers are fetched per entry.
    expect(requests.at(-1)).not.toHaveProperty('requestHeaders');
    expect(events.find((e) => e.event === 'request')!.id).toBe(String(before!.id));
  });

  it('resumes after Last-Event-ID on a reconnect, without the entries already seen', async () => {
    mock.reset();
    await renameGmiOrg(mock, 'One');
    await renameGmiOrg(mock, 'Two');
    const [first, second] = mock.requests();
    const { events } = await readEvents(
      `${mock.url}/__admin/events?since=0`,
      (ev) => ev.some((e) => e.event === 'ready'),
      {
        'last-event-id': String(first!.id),
      },
    );
    const ids = events.filter((e) => e.event === 'request').map((e) => JSON.parse(e.data).id);
    expect(ids).toEqual([second!.id]);
  });

  it('tells readers when the journal is emptied, by a reset or a clear', async () => {
    let cleared = 0;
    const { events } = await readEvents(`${mock.url}/__admin/events`, (ev) => {
      if (ev.length === 1 && ev[0]!.event === 'ready') {
        mock.reset();
        void fetch(`${mock.url}/__admin/requests`, { method: 'DELETE' });
      }
      cleared = ev.filter((e) => e.event === 'cleared').length;
      return cleared === 2;
    });
    expect(events.map((e) => e.event)).toEqual(['ready', 'cleared', 'cleared']);
  });

  it('shows credentials seeded at runtime with their secrets, and minted keys without', async () => {
    const seeded = await fetch(`${mock.url}/__admin/state/gmicloud`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        users: [
          {
            id: '5d9c3b1e-7a2f-4c4e-9b1d-0f6e2a8c4b99',
            email: 'seeded@gmi.example',
            password: 'seeded-password',
            organizations: [],
          },
        ],
      }),
    });
    expect(seeded.status).toBe(200);
    await mock.mintToken('junction', '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    const { vendors } = (await (await fetch(`${mock.url}/__admin/vendors`)).json()) as {
      vendors: { name: string; tenants: { identities: { name: string; secret: string | null }[] }[] }[];
    };
    const identities = (name: string) => vendors.find((v) => v.name === name)!.tenants.flatMap((t) => t.identities);
    expect(identities('gmicloud')).toContainEqual(
      expect.objectContaining({ name: 'seeded@gmi.example', secret: 'seeded-password' }),
    );
    const junction = identities('junction');
    expect(junction).toHaveLength(3);
    // A minted key is stored hashed only: no secret to show, and no hash shown as its name.
    const minted = junction.find((i) => i.secret === null)!;
    expect(minted.name).not.toMatch(/^[0-9a-f]{64}$/);
    mock.reset();
  });

  it('stops listening to the journal when the client goes away', async () => {
    const journal = mock.app.orgmock.journal as unknown as { listeners: Set<unknown> };
    const before = journal.listeners.size;
    await readEvents(`${mock.url}/__admin/events`, (ev) => ev.some((e) => e.event === 'ready'));
    for (let i = 0; i < 50 && journal.listeners.size > before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(journal.listeners.size).toBe(before);
  });
});

describe('dashboard: closing with the live journal open', () => {
  it('ends open event streams, so close() finishes and leaves no listener', async () => {
    const mock = await startOrgMock();
    const ended = new Promise<void>((resolve) => {
      http.get(`${mock.url}/__admin/events`, (res) => {
        res.resume();
        res.on('end', resolve);
        res.on('close', resolve);
      });
    });
    const journal = mock.app.orgmock.journal as unknown as { listeners: Set<unknown> };
    for (let i = 0; i < 100 && journal.listeners.size === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(journal.listeners.size).toBe(1);
    await mock.close();
    await ended;
    expect(journal.listeners.size).toBe(0);
  });
});
