import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startOrgMock, type OrgMock } from '../../src/index.js';
import { HEAVY } from './arbitraries.js';
import {
  GMI,
  JUNCTION,
  RAZI,
  SCALEKIT,
  TRANSMIT,
  VENDORS,
  updateRequest,
  type Headers,
  type Vendor,
} from './vendors.js';

/** One org a writer may update, with the credential and tenant headers that reach it. */
interface Target {
  vendor: Vendor;
  org: string;
  tenant: string;
  headers: Headers;
}

async function targets(mock: OrgMock): Promise<Target[]> {
  const minted = async (vendor: Vendor, identity: string, tenant?: string) =>
    (await mock.mintToken(vendor, identity, { tenant })).headers;
  const skDev = await minted('scalekit', SCALEKIT.dev.clientId);
  const skOther = await minted('scalekit', SCALEKIT.other.clientId);
  const razi = await minted('razi', RAZI.machine.clientId, RAZI.demo);
  const raziOther = await minted('razi', RAZI.otherMachine.clientId, RAZI.other);
  return [
    { vendor: 'junction', org: JUNCTION.acme, tenant: '', headers: { 'x-management-key': JUNCTION.acmeKey } },
    { vendor: 'junction', org: JUNCTION.globex, tenant: '', headers: { 'x-management-key': JUNCTION.globexKey } },
    { vendor: 'scalekit', org: SCALEKIT.acme, tenant: SCALEKIT.dev.env, headers: skDev },
    { vendor: 'scalekit', org: SCALEKIT.globex, tenant: SCALEKIT.dev.env, headers: skDev },
    { vendor: 'scalekit', org: SCALEKIT.initech, tenant: SCALEKIT.other.env, headers: skOther },
    { vendor: 'gmicloud', org: GMI.org, tenant: '', headers: await minted('gmicloud', GMI.owner.email) },
    { vendor: 'razi', org: RAZI.acme, tenant: RAZI.demo, headers: razi },
    { vendor: 'razi', org: RAZI.globex, tenant: RAZI.other, headers: raziOther },
    {
      vendor: 'transmit',
      org: TRANSMIT.acme,
      tenant: TRANSMIT.tenant,
      headers: await minted('transmit', TRANSMIT.admin.client_id),
    },
  ];
}

/** The value an update wrote into the stored org, per vendor. */
function written(vendor: Vendor, data: Record<string, unknown>): string {
  switch (vendor) {
    case 'scalekit':
      return data.display_name as string;
    case 'razi':
      return (data.metadata as Record<string, string>).last!;
    default:
      return data.name as string;
  }
}

interface Sent {
  target: Target;
  value: string;
}

/**
 * Sends every write at once over real sockets, each on a connection of its own;
 * returns each one's status (or the error that kept it from an answer).
 * node:http, not fetch: undici gives up on a connect after 10 s, and thousands
 * of connects to a server in this same busy process may take longer than that
 * to be accepted. What is tested is the server's answer, not the client's patience.
 */
async function fire(mock: OrgMock, writes: Sent[]): Promise<(number | string)[]> {
  return Promise.all(
    writes.map(
      ({ target, value }) =>
        new Promise<number | string>((resolve) => {
          const r = updateRequest(target.vendor, target.org, target.headers, value);
          const req = request(`${mock.url}${r.url}`, { method: r.method, headers: r.headers, agent: false }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 'no status'));
            res.on('error', (err) => resolve(String(err)));
          });
          req.on('error', (err) => resolve(String(err)));
          req.end(r.payload);
        }),
    ),
  );
}

/** Every write answered 200, each org holds one of the values written to it (Razi: all of them, merged), the journal has each request once. */
async function check(mock: OrgMock, writes: Sent[], statuses: (number | string)[]) {
  expect(statuses.filter((s) => s !== 200)).toEqual([]);

  const state = (await (await fetch(`${mock.url}/__admin/state`)).json()) as Record<
    string,
    { orgs: { tenant: string; id: string; data: Record<string, unknown> }[] }
  >;
  const byOrg = new Map<string, Sent[]>();
  for (const w of writes) {
    const key = `${w.target.vendor}/${w.target.tenant}/${w.target.org}`;
    byOrg.set(key, [...(byOrg.get(key) ?? []), w]);
  }
  for (const [key, sent] of byOrg) {
    const { vendor, tenant, org } = sent[0]!.target;
    const stored = state[vendor]!.orgs.find((o) => o.tenant === tenant && o.id === org)!;
    expect(
      sent.map((w) => w.value),
      key,
    ).toContain(written(vendor, stored.data));
    if (vendor === 'razi') {
      // Each write merged its own key: none was lost to a concurrent read-modify-write.
      const metadata = stored.data.metadata as Record<string, string>;
      expect(
        sent.filter((w) => metadata[w.value] !== 'written').map((w) => w.value),
        `${key} lost updates`,
      ).toEqual([]);
    }
  }

  for (const vendor of VENDORS) {
    const mine = writes.filter((w) => w.target.vendor === vendor);
    const journal = mock.requests({ vendor });
    expect(journal.length, vendor).toBe(mine.length);
    expect(
      journal.filter((e) => e.status !== 200),
      vendor,
    ).toEqual([]);
    const journaled = journal.map((e) => written(vendor, e.requestBody as Record<string, unknown>)).sort();
    expect(journaled, vendor).toEqual(mine.map((w) => w.value).sort());
  }
}

describe('concurrent updates over real sockets', () => {
  let mock: OrgMock | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });

  const ACROSS = HEAVY ? 3000 : 500;
  const ONE_ORG = HEAVY ? 1000 : 100;

  it(
    `${ACROSS} at once across every vendor, org and tenant`,
    async () => {
      mock = await startOrgMock();
      const all = await targets(mock);
      const writes = Array.from({ length: ACROSS }, (_, i) => ({ target: all[i % all.length]!, value: `across-${i}` }));
      await check(mock, writes, await fire(mock, writes));
    },
    HEAVY ? 300_000 : 60_000,
  );

  it(
    `${ONE_ORG} at once to one org, for every vendor at the same time`,
    async () => {
      mock = await startOrgMock();
      const all = await targets(mock);
      const one = VENDORS.map((v) => all.find((t) => t.vendor === v)!);
      const writes = one.flatMap((target) =>
        Array.from({ length: ONE_ORG }, (_, i) => ({ target, value: `${target.vendor}-${i}` })),
      );
      await check(mock, writes, await fire(mock, writes));
    },
    HEAVY ? 300_000 : 60_000,
  );
});
