import { describe, expect, it } from 'vitest';
import { useApp } from '../helpers.js';
import { dumpStore } from './invariants.js';
import {
  GMI,
  JUNCTION,
  RAZI,
  SCALEKIT,
  TRANSMIT,
  bearer,
  gmiSignIn,
  raziMachineToken,
  raziSignIn,
  scalekitToken,
  transmitToken,
  updateRequest,
  type Call,
  type Headers,
  type Vendor,
} from './vendors.js';

/**
 * Every identity of the default fixtures against every org of its vendor.
 * A cell is the status of an update with that identity's credential (from the
 * vendor's own login chain); a refusal also names its body, and writes nothing.
 */

const ERROR_INFO = 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo';
const J404 = '404 {"detail":"Org not found"}';
const S404 = `404 ${JSON.stringify({ code: 5, message: 'organization not found', details: [{ '@type': ERROR_INFO, error_code: 'NOT_FOUND' }] })}`;
const G403 = '403 {"group":"auth","code":5,"message":"Only the organization owner can access the API."}';
const R401 = '401 {"message":"Token was not issued for this app"}';
const R403 = `403 {"message":"Only the organization's machine users, owner and user managers may update it"}`;
const R404 = (org: string) => `404 {"message":"Organization ${org} not found"}`;
const T403 = '403 {"message":"Forbidden resource","error_code":403}';

interface Org {
  name: string;
  id: string;
  /** Headers that address the org's tenant (Razi's app). */
  context?: Headers;
}

interface Case {
  identities: Record<string, (call: Call) => Promise<Headers>>;
  orgs: Org[];
  /** identity -> org name -> "200", or "status body" of the refusal. */
  expected: Record<string, Record<string, string>>;
}

const CASES: Record<Vendor, Case> = {
  junction: {
    identities: {
      'key mk_test_acme_health': async () => ({ 'x-management-key': JUNCTION.acmeKey }),
      'key mk_test_globex': async () => ({ 'x-management-key': JUNCTION.globexKey }),
    },
    orgs: [
      { name: 'Acme Health', id: JUNCTION.acme },
      { name: 'Globex Labs', id: JUNCTION.globex },
    ],
    expected: {
      'key mk_test_acme_health': { 'Acme Health': '200', 'Globex Labs': J404 },
      'key mk_test_globex': { 'Acme Health': J404, 'Globex Labs': '200' },
    },
  },
  scalekit: {
    identities: {
      'client skc_58327482062864390 (development)': async (call) => bearer(await scalekitToken(call, SCALEKIT.dev)),
      'client skc_70000000000000001 (other)': async (call) => bearer(await scalekitToken(call, SCALEKIT.other)),
    },
    orgs: [
      { name: 'Acme Corp', id: SCALEKIT.acme },
      { name: 'Globex', id: SCALEKIT.globex },
      { name: 'Initech', id: SCALEKIT.initech },
    ],
    expected: {
      'client skc_58327482062864390 (development)': { 'Acme Corp': '200', Globex: '200', Initech: S404 },
      'client skc_70000000000000001 (other)': { 'Acme Corp': S404, Globex: S404, Initech: '200' },
    },
  },
  gmicloud: {
    identities: {
      'owner@gmi.example (org_owner)': async (call) => bearer((await gmiSignIn(call, GMI.owner)).accessToken),
      'member@gmi.example (org_member)': async (call) => bearer((await gmiSignIn(call, GMI.member)).accessToken),
      'outsider@gmi.example (no org)': async (call) => bearer((await gmiSignIn(call, GMI.outsider)).accessToken),
    },
    orgs: [{ name: 'My Organization', id: GMI.org }],
    expected: {
      'owner@gmi.example (org_owner)': { 'My Organization': '200' },
      'member@gmi.example (org_member)': { 'My Organization': G403 },
      'outsider@gmi.example (no org)': { 'My Organization': G403 },
    },
  },
  razi: {
    identities: {
      'machine user mu_acme_client (orgmock-demo)': async (call) => bearer(await raziMachineToken(call)),
      'owner@razi.example (ORG_OWNER)': async (call) => bearer((await raziSignIn(call, RAZI.owner)).token),
      'manager@razi.example (ORG_USER_MANAGER)': async (call) => ({
        cookie: (await raziSignIn(call, RAZI.manager)).cookie,
      }),
      'member@razi.example (member)': async (call) => bearer((await raziSignIn(call, RAZI.member)).token),
      'machine user mu_other_client (other-app)': async (call) =>
        bearer(await raziMachineToken(call, RAZI.other, RAZI.otherMachine)),
    },
    orgs: [
      { name: 'Acme (orgmock-demo)', id: RAZI.acme, context: { 'x-app-name': RAZI.demo } },
      { name: 'Globex (other-app)', id: RAZI.globex, context: { 'x-app-name': RAZI.other } },
      // An org id of the other app, under the caller's app header: not found there.
      { name: 'Globex id under orgmock-demo', id: RAZI.globex, context: { 'x-app-name': RAZI.demo } },
    ],
    expected: {
      'machine user mu_acme_client (orgmock-demo)': {
        'Acme (orgmock-demo)': '200',
        'Globex (other-app)': R401,
        'Globex id under orgmock-demo': R404(RAZI.globex),
      },
      'owner@razi.example (ORG_OWNER)': {
        'Acme (orgmock-demo)': '200',
        'Globex (other-app)': R401,
        'Globex id under orgmock-demo': R404(RAZI.globex),
      },
      'manager@razi.example (ORG_USER_MANAGER)': {
        'Acme (orgmock-demo)': '200',
        'Globex (other-app)': R401,
        'Globex id under orgmock-demo': R404(RAZI.globex),
      },
      'member@razi.example (member)': {
        'Acme (orgmock-demo)': R403,
        'Globex (other-app)': R401,
        'Globex id under orgmock-demo': R404(RAZI.globex),
      },
      'machine user mu_other_client (other-app)': {
        'Acme (orgmock-demo)': R401,
        'Globex (other-app)': '200',
        'Globex id under orgmock-demo': R401,
      },
    },
  },
  transmit: {
    identities: {
      'app transmit_admin_client (organizations:edit)': async (call) =>
        bearer(await transmitToken(call, TRANSMIT.admin)),
      'app transmit_reader_client (organizations:read)': async (call) =>
        bearer(await transmitToken(call, TRANSMIT.reader)),
    },
    orgs: [{ name: 'Acme', id: TRANSMIT.acme }],
    expected: {
      'app transmit_admin_client (organizations:edit)': { Acme: '200' },
      'app transmit_reader_client (organizations:read)': { Acme: T403 },
    },
  },
};

describe('role and tenant rules: every default identity against every org of its vendor', () => {
  const make = useApp();

  it.each(Object.keys(CASES) as Vendor[])('%s', async (vendor) => {
    const { app, call } = await make();
    const { identities, orgs, expected } = CASES[vendor];
    const seen: Record<string, Record<string, string>> = {};
    let n = 0;
    for (const [identity, login] of Object.entries(identities)) {
      const credential = await login(call);
      seen[identity] = {};
      for (const org of orgs) {
        const value = `w${n++}`;
        const before = dumpStore(app);
        const res = await call(updateRequest(vendor, org.id, { ...org.context, ...credential }, value));
        if (res.statusCode === 200) {
          // The write landed on that org, and on no other.
          expect(dumpStore(app)).not.toBe(before);
          const written = app.orgmock.store
            .listOrgs(vendor)
            .filter((o) => JSON.stringify(o.data).includes(`"${value}"`));
          expect(written.map((o) => o.id)).toEqual([org.id]);
          seen[identity][org.name] = '200';
        } else {
          expect(dumpStore(app), `${identity} on ${org.name}`).toBe(before);
          seen[identity][org.name] = `${res.statusCode} ${res.body}`;
        }
      }
    }
    expect(seen).toEqual(expected);
  });
});
