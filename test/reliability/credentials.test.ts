import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import { defaultFixturesDir, loadFixtures } from '../../src/fixtures.js';
import { providers } from '../../src/providers/index.js';
import { START, useApp } from '../helpers.js';
import { dumpStore } from './invariants.js';
import { algNone, resign, tamperSignature, withClaims } from './forge.js';
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

const SECRET = 'test-secret'; // useApp's configured token secret
const ERROR_INFO = 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo';
const scalekitStatus = (code: number, message: string, errorCode: string) => ({
  code,
  message,
  details: [{ '@type': ERROR_INFO, error_code: errorCode }],
});

/** Each vendor's refusals, as its users see them. */
const REFUSED = {
  junction: {
    invalid: { status: 401, body: { detail: 'Invalid management key' } },
    otherOrg: { status: 404, body: { detail: 'Org not found' } },
  },
  scalekit: {
    invalid: { status: 401, body: scalekitStatus(16, 'Invalid token', 'UNAUTHENTICATED') },
    expired: { status: 401, body: scalekitStatus(16, 'Token expired', 'UNAUTHENTICATED') },
    otherEnvironment: { status: 404, body: scalekitStatus(5, 'organization not found', 'NOT_FOUND') },
  },
  gmicloud: {
    invalid: { status: 401, body: { group: 'auth', code: 3, message: 'Invalid access token.' } },
    expired: { status: 401, body: { group: 'auth', code: 4, message: 'The access token has expired.' } },
    notOwner: {
      status: 403,
      body: { group: 'auth', code: 5, message: 'Only the organization owner can access the API.' },
    },
  },
  razi: {
    invalid: { status: 401, body: { message: 'Invalid token' } },
    expired: { status: 401, body: { message: 'Token expired' } },
    otherApp: { status: 401, body: { message: 'Token was not issued for this app' } },
  },
  transmit: {
    invalid: { status: 401, body: { message: 'Invalid token', error_code: 401 } },
    forbidden: { status: 403, body: { message: 'Forbidden resource', error_code: 403 } },
    otherTenant: { status: 404, body: { message: 'Organization not found', error_code: 404 } },
  },
} as const;

const ORG: Record<Vendor, string> = {
  junction: JUNCTION.acme,
  scalekit: SCALEKIT.acme,
  gmicloud: GMI.org,
  razi: RAZI.acme,
  transmit: TRANSMIT.acme,
};
/** Headers every request of the vendor carries besides the credential. */
const CONTEXT: Record<Vendor, Headers> = {
  junction: {},
  scalekit: {},
  gmicloud: {},
  razi: { 'x-app-name': RAZI.demo },
  transmit: {},
};

async function mint(call: Call, vendor: Vendor, identity: string, extra: { expiresIn?: number; tenant?: string } = {}) {
  const res = await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor, identity, ...extra } });
  if (res.statusCode !== 201) throw new Error(`mint ${vendor}: ${res.body}`);
  return res.json() as { token: string; headers: Headers };
}

/** The update of the vendor's first org with this credential: status and body, and whether the store changed. */
async function attempt(app: FastifyInstance, vendor: Vendor, credential: Headers) {
  const before = dumpStore(app);
  const res = await app.inject(updateRequest(vendor, ORG[vendor], { ...CONTEXT[vendor], ...credential }, 'Forged'));
  return {
    status: res.statusCode,
    body: res.body === '' ? null : res.json(),
    storeUnchanged: dumpStore(app) === before,
  };
}

/** A valid bearer token of every JWT vendor, to try on every other one. */
async function tokensOfEveryVendor(call: Call) {
  return {
    scalekit: await scalekitToken(call),
    gmicloud: (await gmiSignIn(call)).accessToken,
    razi: await raziMachineToken(call),
    transmit: await transmitToken(call),
  };
}

describe("forged and foreign credentials are refused in the vendor's format and write nothing", () => {
  const make = useApp();

  it("Junction: altered, expired, foreign and JWT-shaped keys; another org's key", async () => {
    const { app, call } = await make();
    const expired = (await mint(call, 'junction', JUNCTION.acme, { expiresIn: -1 })).token;
    const foreign = Object.values(await tokensOfEveryVendor(call));
    const cases: [string, Headers, unknown][] = [
      ['one character changed', { 'x-management-key': `${JUNCTION.acmeKey.slice(0, -1)}X` }, REFUSED.junction.invalid],
      ['case changed', { 'x-management-key': JUNCTION.acmeKey.toUpperCase() }, REFUSED.junction.invalid],
      ['a prefix of the key', { 'x-management-key': JUNCTION.acmeKey.slice(0, 5) }, REFUSED.junction.invalid],
      ['the legacy header with a forged key', { 'x-vital-org-key': `${JUNCTION.acmeKey}x` }, REFUSED.junction.invalid],
      ['a minted key, expired', { 'x-management-key': expired }, REFUSED.junction.invalid],
      ['as a bearer token', bearer(JUNCTION.acmeKey), { status: 401, body: { detail: 'Not authenticated' } }],
      ['an alg:none JWT', { 'x-management-key': algNone(foreign[0]!) }, REFUSED.junction.invalid],
      ["Globex's key on Acme", { 'x-management-key': JUNCTION.globexKey }, REFUSED.junction.otherOrg],
      ...foreign.map((t, i): [string, Headers, unknown] => [
        `another vendor's token #${i}`,
        { 'x-management-key': t },
        REFUSED.junction.invalid,
      ]),
    ];
    for (const [label, credential, expected] of cases) {
      expect(await attempt(app, 'junction', credential), label).toEqual({
        ...(expected as object),
        storeUnchanged: true,
      });
    }
  });

  it("Scalekit: tampered, alg:none, re-signed, expired, other vendor's, other environment's", async () => {
    const { app, call } = await make();
    const { scalekit: token, ...others } = await tokensOfEveryVendor(call);
    const expired = (await mint(call, 'scalekit', SCALEKIT.dev.clientId, { expiresIn: -1 })).token;
    const otherEnv = await scalekitToken(call, SCALEKIT.other);
    const { invalid } = REFUSED.scalekit;
    const cases: [string, string, unknown][] = [
      ['tampered signature', tamperSignature(token), invalid],
      ['alg none, no signature', algNone(token), invalid],
      ['alg none, signature kept', algNone(token, true), invalid],
      ['signed with a guessed key', await resign(token, 'secret'), invalid],
      ['signed with the right key but HS512', await resign(token, SECRET, 'HS512'), invalid],
      [
        'environment claim moved to the other environment',
        withClaims(token, { environment_id: SCALEKIT.other.env }),
        invalid,
      ],
      ['expiry pushed back', withClaims(expired, { exp: 4_000_000_000 }), invalid],
      ['expired (minted with expiresIn -1)', expired, REFUSED.scalekit.expired],
      ['a token of the other environment', otherEnv, REFUSED.scalekit.otherEnvironment],
      ...Object.entries(others).map(([v, t]): [string, string, unknown] => [`a ${v} token`, t, invalid]),
    ];
    for (const [label, forged, expected] of cases) {
      expect(await attempt(app, 'scalekit', bearer(forged)), label).toEqual({
        ...(expected as object),
        storeUnchanged: true,
      });
    }
  });

  it("GMI Cloud: tampered, alg:none, expired, other vendor's, the wrong token type, users without rights", async () => {
    const { app, call } = await make();
    const { gmicloud: token, ...others } = await tokensOfEveryVendor(call);
    const owner = await gmiSignIn(call, GMI.owner);
    const expired = (await mint(call, 'gmicloud', GMI.owner.email, { expiresIn: -1 })).token;
    const member = await gmiSignIn(call, GMI.member);
    const outsider = await gmiSignIn(call, GMI.outsider);
    const { invalid } = REFUSED.gmicloud;
    const cases: [string, string, unknown][] = [
      ['tampered signature', tamperSignature(token), invalid],
      ['alg none', algNone(token), invalid],
      ['signed with a guessed key', await resign(token, 'gmi'), invalid],
      [
        "userId claim moved to the owner on a member's token",
        withClaims(member.accessToken, { userId: claimsOfUser(owner.accessToken) }),
        invalid,
      ],
      ['the refresh token as an access token', owner.refreshToken, invalid],
      ['the auth token as an access token', owner.authToken, invalid],
      ['expired (minted with expiresIn -1)', expired, REFUSED.gmicloud.expired],
      ['a member of the org', member.accessToken, REFUSED.gmicloud.notOwner],
      ['a user of no org', outsider.accessToken, REFUSED.gmicloud.notOwner],
      ...Object.entries(others).map(([v, t]): [string, string, unknown] => [`a ${v} token`, t, invalid]),
    ];
    for (const [label, forged, expected] of cases) {
      expect(await attempt(app, 'gmicloud', bearer(forged)), label).toEqual({
        ...(expected as object),
        storeUnchanged: true,
      });
    }
  });

  it("Razi: tampered, alg:none, expired, other vendor's, another app's, as a header and as the session cookie", async () => {
    const { app, call } = await make();
    const { razi: token, ...others } = await tokensOfEveryVendor(call);
    const session = await raziSignIn(call, RAZI.owner);
    const member = await raziSignIn(call, RAZI.member);
    const expired = (await mint(call, 'razi', RAZI.machine.clientId, { expiresIn: -1 })).token;
    const otherApp = await raziMachineToken(call, RAZI.other, RAZI.otherMachine);
    const { invalid } = REFUSED.razi;
    const forgeries: [string, string, unknown][] = [
      ['tampered signature', tamperSignature(token), invalid],
      ['alg none', algNone(token), invalid],
      ['signed with a guessed key', await resign(token, 'razi'), invalid],
      ['app claim moved to the other app', withClaims(otherApp, { app: RAZI.demo }), invalid],
      [
        "a member's session turned into the machine user's",
        withClaims(member.token, { sub: '281185056586736801', kind: 'machine' }),
        invalid,
      ],
      ['expired (minted with expiresIn -1)', expired, REFUSED.razi.expired],
      ['a machine user of another app', otherApp, REFUSED.razi.otherApp],
      ...Object.entries(others).map(([v, t]): [string, string, unknown] => [`a ${v} token`, t, invalid]),
    ];
    for (const [label, forged, expected] of forgeries) {
      expect(await attempt(app, 'razi', bearer(forged)), `${label} (bearer)`).toEqual({
        ...(expected as object),
        storeUnchanged: true,
      });
      expect(await attempt(app, 'razi', { cookie: `session-token=${forged}` }), `${label} (cookie)`).toEqual({
        ...(expected as object),
        storeUnchanged: true,
      });
    }
    // A forged header is not rescued by a valid cookie sent beside it.
    expect(await attempt(app, 'razi', { ...bearer(tamperSignature(token)), cookie: session.cookie })).toEqual({
      ...invalid,
      storeUnchanged: true,
    });
  });

  it("Transmit: tampered, alg:none, expired, other vendor's, widened permissions, a read-only app, another tenant", async () => {
    const defaults = loadFixtures(defaultFixturesDir, providers);
    const { app, call } = await make({ fixtures: { ...defaults, transmit: TWO_TENANTS } });
    const { transmit: token, ...others } = await tokensOfEveryVendor(call);
    const reader = await transmitToken(call, READER);
    const expired = (await mint(call, 'transmit', TRANSMIT.admin.client_id, { expiresIn: -1 })).token;
    const globex = await transmitToken(call, { client_id: 'globex_admin', client_secret: 'globex_secret' });
    const { invalid } = REFUSED.transmit;
    const cases: [string, string, unknown][] = [
      ['tampered signature', tamperSignature(token), invalid],
      ['alg none', algNone(token), invalid],
      ['signed with a guessed key', await resign(token, 'transmit'), invalid],
      [
        'a read-only app given organizations:edit',
        withClaims(reader, { permissions: ['organizations:edit'] }),
        invalid,
      ],
      ["another tenant's token moved to Acme's tenant", withClaims(globex, { tid: TRANSMIT.tenant }), invalid],
      ['expired (minted with expiresIn -1)', expired, invalid],
      ['a read-only app', reader, REFUSED.transmit.forbidden],
      ['an admin of another tenant', globex, REFUSED.transmit.otherTenant],
      ...Object.entries(others).map(([v, t]): [string, string, unknown] => [`a ${v} token`, t, invalid]),
    ];
    for (const [label, forged, expected] of cases) {
      expect(await attempt(app, 'transmit', bearer(forged)), label).toEqual({
        ...(expected as object),
        storeUnchanged: true,
      });
    }
  });
});

describe('per-instance token secrets', () => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });
  const start = async (tokenSecret?: string) => {
    const app = await buildApp({ clock: fixedClock(START), ...(tokenSecret ? { secrets: { tokenSecret } } : {}) });
    apps.push(app);
    return app;
  };
  /** Each vendor's credential from its own login chain (Junction: a minted key) on one instance. */
  const credentials = async (app: FastifyInstance): Promise<Record<Vendor, Headers>> => {
    const call: Call = (o) => app.inject(o);
    const tokens = await tokensOfEveryVendor(call);
    return {
      junction: (await mint(call, 'junction', JUNCTION.acme)).headers,
      scalekit: bearer(tokens.scalekit),
      gmicloud: bearer(tokens.gmicloud),
      razi: bearer(tokens.razi),
      transmit: bearer(tokens.transmit),
    };
  };
  const invalid: Record<Vendor, unknown> = {
    junction: REFUSED.junction.invalid,
    scalekit: REFUSED.scalekit.invalid,
    gmicloud: REFUSED.gmicloud.invalid,
    razi: REFUSED.razi.invalid,
    transmit: REFUSED.transmit.invalid,
  };

  it('a credential of one instance (random secrets) is refused by another, and works where it was issued', async () => {
    const [a, b] = [await start(), await start()];
    const fromA = await credentials(a);
    for (const vendor of Object.keys(fromA) as Vendor[]) {
      expect(await attempt(b, vendor, fromA[vendor]), vendor).toEqual({
        ...(invalid[vendor] as object),
        storeUnchanged: true,
      });
      expect((await attempt(a, vendor, fromA[vendor])).status, vendor).toBe(200);
    }
  });

  it('with the same configured secret, JWTs of one instance work on another (a restart keeps clients signed in)', async () => {
    const [a, b] = [await start('shared-secret-1'), await start('shared-secret-1')];
    const fromA = await credentials(a);
    for (const vendor of ['scalekit', 'gmicloud', 'razi', 'transmit'] as const) {
      expect((await attempt(b, vendor, fromA[vendor])).status, vendor).toBe(200);
    }
  });
});

function claimsOfUser(jwt: string): unknown {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')).userId;
}

const READER = { client_id: 'orgs_reader_client', client_secret: 'orgs_reader_secret' };

/** Transmit with a second tenant, whose admin must not reach Acme. */
const TWO_TENANTS = {
  tenants: [
    {
      tenant_id: TRANSMIT.tenant,
      organizations: [{ organization_id: TRANSMIT.acme, app_ids: [], name: 'Acme', enabled: true, domain: 'acme.com' }],
      apps: [
        {
          ...TRANSMIT.admin,
          app_id: 'm4nag3m3ntapp0admin01',
          name: 'Acme management app',
          permissions: ['organizations:edit'],
        },
        { ...READER, app_id: 'r3ad0nlyapp00reader01', name: 'Reader', permissions: ['organizations:read'] },
      ],
    },
    {
      tenant_id: 'gl0bextenant000000000',
      organizations: [
        { organization_id: 'gl0bex0rg00000000000a', app_ids: [], name: 'Globex', enabled: false, domain: 'globex.com' },
      ],
      apps: [
        {
          client_id: 'globex_admin',
          client_secret: 'globex_secret',
          app_id: 'gl0bexadminapp000001',
          name: 'Globex admin',
          permissions: ['organizations:edit'],
        },
      ],
    },
  ],
};
