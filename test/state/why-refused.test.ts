import { afterEach, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { startOrgMock, type OrgMock } from '../../src/index.js';
import { fixedClock } from '../../src/clock.js';
import { OrganizationService } from '../../src/providers/scalekit/descriptors.js';
import { START, useApp } from '../helpers.js';

type Call = (opts: InjectOptions) => Promise<LightMyRequestResponse>;
type Step = (call: Call, mint: Mint) => Promise<InjectOptions>;
type Mint = (vendor: string, identity: string, extra?: Record<string, unknown>) => Promise<Record<string, string>>;

const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };
const ACME = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const GLOBEX = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const GMI_ORG = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
const RAZI_ORG = '281185056586736799';
const TRANSMIT_ORG = 'uovh59ypbxkea4ir9dnqp';

const junctionPatch =
  (headers: Record<string, string>, payload: unknown = { name: 'x' }, org = ACME): Step =>
  async () => ({
    method: 'PATCH',
    url: `/v1/org/${org}`,
    headers: { ...JSON_TYPE, ...headers },
    payload: payload as string,
  });
const gmiPatch =
  (who: string | undefined, org = GMI_ORG, extra: Record<string, unknown> = {}): Step =>
  async (_call, mint) => ({
    method: 'PATCH',
    url: `/organizations/${org}`,
    headers: { ...JSON_TYPE, ...(who ? await mint('gmicloud', who, extra) : {}) },
    payload: { name: 'x' },
  });
const raziPatch =
  (who: string, app: string, payload: unknown = { metadata: { a: 'b' } }, org = RAZI_ORG): Step =>
  async (_call, mint) => ({
    method: 'PATCH',
    url: `/v1/authorization/organizations/${org}`,
    headers: { ...JSON_TYPE, ...(await mint('razi', who)), 'x-app-name': app },
    payload: payload as string,
  });
const transmitPut =
  (who: string, extra: Record<string, unknown> = {}, org = TRANSMIT_ORG, payload: unknown = { name: 'x' }): Step =>
  async (_call, mint) => ({
    method: 'PUT',
    url: `/v1/organizations/${org}`,
    headers: { ...JSON_TYPE, ...(await mint('transmit', who, extra)) },
    payload: payload as string,
  });
const scalekitPatch =
  (who: string | undefined, org: string, extra: Record<string, unknown> = {}, payload: unknown = {}): Step =>
  async (_call, mint) => ({
    method: 'PATCH',
    url: `/api/v1/organizations/${org}`,
    headers: { ...JSON_TYPE, ...(who ? await mint('scalekit', who, extra) : {}) },
    payload: payload as string,
  });
const form =
  (url: string, fields: Record<string, string>): Step =>
  async () => ({
    method: 'POST',
    url,
    headers: FORM_TYPE,
    payload: new URLSearchParams(fields).toString(),
  });
const post =
  (url: string, payload: unknown, headers: Record<string, string> = {}): Step =>
  async () => ({
    method: 'POST',
    url,
    headers: { ...JSON_TYPE, ...headers },
    payload: payload as string,
  });

/**
 * [vendor, what is wrong, the request, its status, the reason the journal must
 * give, whether that reason is the vendor's own message (a validation error's
 * answer already says what is wrong)]
 */
const CASES: [string, string, Step, number, RegExp, ('vendor words' | undefined)?][] = [
  ['junction', 'no key', junctionPatch({}), 401, /^no X-Management-Key header/],
  [
    'junction',
    'an unknown key',
    junctionPatch({ 'x-management-key': 'mk_nobody_has_this' }),
    401,
    /^management key mk_nobod… is not one orgmock holds/,
  ],
  [
    'junction',
    'an expired minted key',
    async (c, mint) => junctionPatch(await mint('junction', ACME, { expiresIn: -42 }))(c, mint),
    401,
    /^management key mk_minte… expired 42 s ago$/,
  ],
  [
    'junction',
    "another org's key",
    junctionPatch({ 'x-management-key': 'mk_test_globex' }),
    404,
    new RegExp(`^key mk_test_… manages org ${GLOBEX}; this request names ${ACME}$`),
  ],
  [
    'junction',
    'an invalid body',
    junctionPatch({ 'x-management-key': 'mk_test_acme_health' }, { name: 5 }),
    422,
    /^body\.name: /,
  ],
  [
    'junction',
    'JSON that does not parse',
    junctionPatch({ 'x-management-key': 'mk_test_acme_health' }, '{"name":'),
    422,
    /^the body is not valid JSON/,
  ],
  [
    'junction',
    'another method',
    async () => ({ method: 'PUT', url: `/v1/org/${ACME}` }),
    405,
    /serves \/v1\/org\/:org_id with PATCH, not PUT$/,
  ],

  [
    'gmicloud',
    'a wrong password',
    post('/me/auth-tokens', { email: 'owner@gmi.example', password: 'nope' }),
    400,
    /^wrong password for owner@gmi\.example$/,
  ],
  [
    'gmicloud',
    'an unknown email',
    post('/me/auth-tokens', { email: 'who@gmi.example', password: 'nope' }),
    400,
    /^no user with email who@gmi\.example$/,
  ],
  [
    'gmicloud',
    'a member, not the owner',
    gmiPatch('member@gmi.example'),
    403,
    /^user member@gmi\.example has role org_member; the organization owner is required$/,
  ],
  [
    'gmicloud',
    'an outsider',
    gmiPatch('outsider@gmi.example'),
    403,
    /^user outsider@gmi\.example is not a member of organization .*; the organization owner is required$/,
  ],
  [
    'gmicloud',
    'an expired access token',
    gmiPatch('owner@gmi.example', GMI_ORG, { expiresIn: -42 }),
    401,
    /^token expired 42 s ago$/,
  ],
  ['gmicloud', 'no token', gmiPatch(undefined), 401, /^no Authorization header$/],
  [
    'gmicloud',
    "another vendor's token",
    async (c, mint) => ({
      ...(await gmiPatch(undefined)(c, mint)),
      headers: { ...JSON_TYPE, ...(await mint('scalekit', 'skc_58327482062864390')) },
    }),
    401,
    /issued by "orgmock:scalekit", not orgmock:gmicloud/,
  ],
  ['gmicloud', 'an org id that is no UUID', gmiPatch('owner@gmi.example', 'not-a-uuid'), 400, /is not a UUID/],
  [
    'gmicloud',
    'a bad CE-ClientId',
    post('/me/sessions', { authToken: 'x' }, { 'ce-clientid': 'much-too-long' }),
    400,
    /^CE-ClientId "much-too-long" is not 1 to 7 letters or digits$/,
  ],
  [
    'gmicloud',
    'an unknown organization',
    gmiPatch('owner@gmi.example', '00000000-0000-4000-8000-000000000000'),
    404,
    /^no organization 00000000-/,
  ],

  [
    'razi',
    "another app's token",
    raziPatch('mu_acme_client', 'other-app'),
    401,
    /^X-App-Name other-app: the token was issued for orgmock-demo$/,
  ],
  [
    'razi',
    'a plain member',
    raziPatch('member@razi.example', 'orgmock-demo'),
    403,
    /has role member in org 281185056586736799; ORG_OWNER or ORG_USER_MANAGER is required$/,
  ],
  [
    'razi',
    'a wrong client secret',
    post(
      '/v1/authentication/machine-users/access-token',
      { clientId: 'mu_acme_client', clientSecret: 'nope' },
      { 'x-app-name': 'orgmock-demo' },
    ),
    401,
    /^wrong clientSecret for machine user mu_acme_client in app orgmock-demo$/,
  ],
  [
    'razi',
    'a wrong password',
    post(
      '/v1/authentication/sessions',
      { email: 'owner@razi.example', password: 'nope' },
      { 'x-app-name': 'orgmock-demo' },
    ),
    401,
    /^wrong password for owner@razi\.example in app orgmock-demo$/,
  ],
  ['razi', 'no app name', post('/v1/authentication/sessions', {}), 400, /^no X-App-Name header$/],
  [
    'razi',
    'an unknown app',
    post('/v1/authentication/sessions', {}, { 'x-app-name': 'nope' }),
    400,
    /^no app named "nope" is seeded$/,
  ],
  [
    'razi',
    'a body without metadata',
    raziPatch('mu_acme_client', 'orgmock-demo', {}),
    400,
    /^metadata is required$/,
    'vendor words',
  ],
  [
    'razi',
    'an org of no app',
    raziPatch('mu_acme_client', 'orgmock-demo', undefined, '999999999999999999'),
    404,
    /^app orgmock-demo has no org 999999999999999999$/,
  ],

  [
    'transmit',
    'a read-only app',
    transmitPut('transmit_reader_client'),
    403,
    /^app transmit_reader_client has permissions \[organizations:read\]; one of organizations:edit, orgs:edit is required$/,
  ],
  [
    'transmit',
    'a wrong client secret',
    form('/oidc/token', {
      grant_type: 'client_credentials',
      client_id: 'transmit_admin_client',
      client_secret: 'nope',
    }),
    401,
    /^wrong client_secret for transmit_admin_client$/,
  ],
  [
    'transmit',
    'an expired token',
    transmitPut('transmit_admin_client', { expiresIn: -42 }),
    401,
    /^token expired 42 s ago$/,
  ],
  [
    'transmit',
    'an organization of another tenant',
    transmitPut('transmit_admin_client', {}, 'nosuchorg'),
    404,
    /has no organization nosuchorg$/,
  ],
  [
    'transmit',
    'an invalid body',
    transmitPut('transmit_admin_client', {}, TRANSMIT_ORG, { name: 5 }),
    400,
    /name must be a string/,
    'vendor words',
  ],

  [
    'scalekit',
    'no token',
    scalekitPatch(undefined, 'org_2123312131125533'),
    401,
    /^no "Authorization: Bearer <token>"$/,
  ],
  [
    'scalekit',
    'a wrong client secret',
    form('/oauth/token', {
      grant_type: 'client_credentials',
      client_id: 'skc_58327482062864390',
      client_secret: 'nope',
    }),
    401,
    /^wrong client_secret for skc_58327482062864390$/,
  ],
  [
    'scalekit',
    'an unknown client',
    form('/oauth/token', { grant_type: 'client_credentials', client_id: 'skc_1', client_secret: 'nope' }),
    401,
    /^no API client skc_1$/,
  ],
  [
    'scalekit',
    'an org of another environment',
    scalekitPatch('skc_70000000000000001', 'org_2123312131125533'),
    404,
    /^environment env_70000000000000000 \(the token's\) has no organization org_2123312131125533$/,
  ],
  [
    'scalekit',
    'an expired token',
    scalekitPatch('skc_58327482062864390', 'org_2123312131125533', { expiresIn: -42 }),
    401,
    /^token expired 42 s ago$/,
  ],
  [
    'scalekit',
    'a taken external_id',
    scalekitPatch('skc_58327482062864390', 'org_59615193906282635', {}, { external_id: 'my_unique_id' }),
    409,
    /^organization org_2123312131125533 already has external_id my_unique_id$/,
  ],
];

describe('why refused: every refusal is journaled with a reason the client never sees', () => {
  const make = useApp();

  for (const [vendor, what, step, status, reason, source] of CASES) {
    it(`${vendor}: ${what}`, async () => {
      const { app, call } = await make();
      const mint: Mint = async (v, identity, extra = {}) => {
        const res = await call({ method: 'POST', url: '/__admin/tokens', payload: { vendor: v, identity, ...extra } });
        expect(res.statusCode).toBe(201);
        return (JSON.parse(res.body) as { headers: Record<string, string> }).headers;
      };
      const request = await step(call, mint);
      const res = await call(request);
      expect(res.statusCode).toBe(status);
      const entry = app.orgmock.journal.list({ vendor }).at(-1)!;
      expect(entry.status).toBe(status);
      expect(entry.reason).toMatch(reason);
      // The answer is the vendor's own: orgmock's words are in neither its body nor its headers.
      if (source !== 'vendor words') {
        expect(res.body).not.toContain(entry.reason!);
        expect(JSON.stringify(res.headers)).not.toContain(entry.reason!);
      }
    });
  }

  it('an injected fault says so', async () => {
    const { app, call } = await make();
    await call({
      method: 'POST',
      url: '/__admin/faults',
      payload: { vendor: 'junction', error: 'internal', count: 1 },
    });
    const res = await call(await junctionPatch({ 'x-management-key': 'mk_test_acme_health' })(call, async () => ({})));
    expect(res.statusCode).toBe(500);
    expect(app.orgmock.journal.list({ vendor: 'junction' }).at(-1)!.reason).toMatch(
      /^injected fault \d+ \(internal\)$/,
    );
  });

  it('an accepted request has no reason', async () => {
    const { app, call } = await make();
    const res = await call(await junctionPatch({ 'x-management-key': 'mk_test_acme_health' })(call, async () => ({})));
    expect(res.statusCode).toBe(200);
    expect(app.orgmock.journal.list({ vendor: 'junction' }).at(-1)!.reason).toBeNull();
  });
});

describe('why refused over gRPC, and waitForRequest', () => {
  let mock: OrgMock | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });

  it("Scalekit's gRPC path journals the reason; waitForRequest resolves with the entry", async () => {
    mock = await startOrgMock({ clock: fixedClock(START), secrets: { tokenSecret: 'test-secret' } });
    const { token } = await mock.mintToken('scalekit', 'skc_70000000000000001');
    const client = createClient(OrganizationService, createGrpcTransport({ baseUrl: mock.url }));
    const waited = mock.waitForRequest({ vendor: 'scalekit', status: 404 }, { timeoutMs: 10_000 });
    await expect(
      client.getOrganization(
        { identities: { case: 'id', value: 'org_2123312131125533' } },
        { headers: { authorization: `Bearer ${token}` } },
      ),
    ).rejects.toThrow(/organization not found/);
    const entry = await waited;
    expect(entry.path).toBe('/scalekit.v1.organizations.OrganizationService/GetOrganization');
    expect(entry.reason).toBe(
      "environment env_70000000000000000 (the token's) has no organization with id org_2123312131125533",
    );

    // `since`: an entry already recorded counts; a filter nothing meets rejects after the timeout.
    const again = await mock.waitForRequest({ since: entry.id - 1, vendor: 'scalekit' }, { timeoutMs: 100 });
    expect(again.id).toBe(entry.id);
    await expect(mock.waitForRequest({ vendor: 'junction' }, { timeoutMs: 50 })).rejects.toThrow(/within 50 ms/);
    const byPredicate = mock.waitForRequest((e) => e.vendor === 'junction' && e.status === 200);
    await fetch(`${mock.url}/v1/org/${ACME}`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_test_acme_health', ...JSON_TYPE },
      body: '{"name":"x"}',
    });
    expect((await byPredicate).path).toBe(`/v1/org/${ACME}`);
  });
});
