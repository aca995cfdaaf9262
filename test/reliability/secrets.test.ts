import { afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { startOrgMock, type OrgMock } from '../../src/index.js';
import {
  FORM_TYPE,
  GMI,
  JSON_TYPE,
  JUNCTION,
  RAZI,
  SCALEKIT,
  TRANSMIT,
  bearer,
  form,
  gmiSignIn,
  raziMachineToken,
  raziSignIn,
  scalekitToken,
  transmitToken,
  updateRequest,
  type Call,
} from './vendors.js';

const TOKEN_SECRET = 'reliability-token-secret-0f9e8d7c';

/** Every secret the default fixtures hold: keys, client secrets, passwords. */
function fixtureSecrets(fixtures: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (v: unknown, key = '') => {
    if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (typeof v === 'string' && /secret|password|^key$/i.test(key)) found.push(v);
  };
  walk(fixtures);
  return found;
}

/** A `Call` over a real socket, so the logs are those of a served request. */
function overHttp(url: string): Call {
  return (async (o: { method?: string; url?: string; headers?: Record<string, string>; payload?: unknown }) => {
    const body =
      o.payload === undefined || typeof o.payload === 'string' || Buffer.isBuffer(o.payload)
        ? (o.payload as string | undefined)
        : JSON.stringify(o.payload);
    const res = await fetch(url + o.url, { method: o.method, headers: o.headers, body });
    const text = await res.text();
    const headers: Record<string, string | string[]> = Object.fromEntries(res.headers);
    headers['set-cookie'] = res.headers.getSetCookie();
    return {
      statusCode: res.status,
      body: text,
      headers,
      json: () => JSON.parse(text),
    } as unknown as LightMyRequestResponse;
  }) as Call;
}

describe('no credential or secret reaches the logs or the journal', () => {
  let mock: OrgMock | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });

  it("after every vendor's full login chain, its use, and clients' mistakes with real secrets", async () => {
    const log: string[] = [];
    mock = await startOrgMock({
      logger: {
        level: 'trace',
        stream: {
          write: (line: string) => {
            log.push(line);
          },
        },
      },
      secrets: { tokenSecret: TOKEN_SECRET },
    });
    const call = overHttp(mock.url);
    const issued: string[] = [];
    const keep = <T extends string>(t: T) => {
      issued.push(t);
      return t;
    };
    const expectOk = async (r: Parameters<Call>[0]) =>
      expect((await call(r)).statusCode, `${r.method} ${r.url}`).toBeLessThan(300);

    // Junction: the fixture key, the legacy header, a minted key.
    await expectOk(updateRequest('junction', JUNCTION.acme, { 'x-management-key': JUNCTION.acmeKey }, 'Acme'));
    await expectOk(updateRequest('junction', JUNCTION.globex, { 'x-vital-org-key': JUNCTION.globexKey }, 'Globex'));
    const minted = keep((await mock.mintToken('junction', JUNCTION.acme)).token);
    await expectOk(updateRequest('junction', JUNCTION.acme, { 'x-management-key': minted }, 'Acme'));

    // Scalekit: client secret in the form and in HTTP Basic.
    const skc = keep(await scalekitToken(call));
    const basic = await call({
      method: 'POST',
      url: '/oauth/token',
      payload: 'grant_type=client_credentials',
      headers: {
        ...FORM_TYPE,
        authorization: `Basic ${Buffer.from(`${SCALEKIT.other.clientId}:${SCALEKIT.other.secret}`).toString('base64')}`,
      },
    });
    keep(basic.json().access_token);
    await expectOk(updateRequest('scalekit', SCALEKIT.acme, bearer(skc), 'Acme'));

    // GMI Cloud: auth token, session, refresh, update.
    const gmi = await gmiSignIn(call);
    [gmi.authToken, gmi.accessToken, gmi.refreshToken].forEach(keep);
    const refreshed = await call({
      method: 'PATCH',
      url: '/me/sessions',
      headers: { ...JSON_TYPE, 'ce-clientid': GMI.clientId },
      payload: { refreshToken: gmi.refreshToken },
    });
    keep(refreshed.json().accessToken);
    keep(refreshed.json().refreshToken);
    await expectOk(updateRequest('gmicloud', GMI.org, bearer(gmi.accessToken), 'GMI'));

    // Razi: machine token, sign-up with a new password, sign-in, bearer and cookie.
    const machine = keep(await raziMachineToken(call));
    const signUp = await call({
      method: 'POST',
      url: '/v1/authentication/users',
      headers: { ...JSON_TYPE, 'x-app-name': RAZI.demo },
      payload: {
        email: 'new@razi.example',
        password: 'brand-new-password-42',
        firstName: 'N',
        lastName: 'U',
        phoneNumber: '+100',
        metadata: {},
        verificationUrl: 'https://x',
      },
    });
    expect(signUp.statusCode).toBe(201);
    keep(signUp.json().sessionToken);
    const session = await raziSignIn(call, RAZI.owner);
    keep(session.token);
    await expectOk(updateRequest('razi', RAZI.acme, { ...bearer(machine), 'x-app-name': RAZI.demo }, 'k1'));
    await expectOk(updateRequest('razi', RAZI.acme, { cookie: session.cookie, 'x-app-name': RAZI.demo }, 'k2'));

    // Transmit: client secret in the form and in HTTP Basic, both token paths.
    const tx = keep(await transmitToken(call));
    const txBasic = await call({
      method: 'POST',
      url: '/cis/oidc/token',
      payload: 'grant_type=client_credentials',
      headers: {
        ...FORM_TYPE,
        authorization: `Basic ${Buffer.from(`${TRANSMIT.admin.client_id}:${TRANSMIT.admin.client_secret}`).toString('base64')}`,
      },
    });
    keep(txBasic.json().access_token);
    await expectOk(updateRequest('transmit', TRANSMIT.acme, bearer(tx), 'Acme'));

    // Clients' mistakes that still carry real secrets: the wrong content type, a JSON typo, the query string.
    const mistakes: Parameters<Call>[0][] = [
      {
        method: 'POST',
        url: '/oidc/token',
        headers: { 'content-type': 'text/plain' },
        payload: form({ ...TRANSMIT.admin, grant_type: 'client_credentials' }),
      },
      {
        method: 'POST',
        url: '/oauth/token',
        headers: JSON_TYPE,
        payload: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: SCALEKIT.dev.clientId,
          client_secret: SCALEKIT.dev.secret,
        }),
      },
      {
        method: 'POST',
        url: '/me/auth-tokens',
        headers: JSON_TYPE,
        payload: `{"email":"${GMI.member.email}","password":"${GMI.member.password}",}`,
      },
      {
        method: 'POST',
        url: '/v1/authentication/sessions',
        headers: { 'content-type': 'text/plain', 'x-app-name': RAZI.demo },
        payload: `email=${RAZI.manager.email}&password=${RAZI.manager.password}`,
      },
      {
        method: 'POST',
        url: `/oauth/token?client_secret=${SCALEKIT.other.secret}&grant_type=client_credentials`,
        headers: FORM_TYPE,
        payload: '',
      },
      {
        method: 'PATCH',
        url: `/v1/org/${JUNCTION.acme}`,
        headers: { ...JSON_TYPE, 'x-management-key': JUNCTION.acmeKey },
        payload: `{"name":"x","management_key":"${JUNCTION.globexKey}"`,
      },
      // Well-formed, but a field Junction does not take: its 422 echoes the value back (pydantic's `input`).
      {
        method: 'PATCH',
        url: `/v1/org/${JUNCTION.acme}`,
        headers: { ...JSON_TYPE, 'x-management-key': JUNCTION.acmeKey },
        payload: { name: 'x', api_key: JUNCTION.globexKey },
      },
    ];
    for (const m of mistakes) expect((await call(m)).statusCode, `${m.method} ${m.url}`).toBeGreaterThanOrEqual(400);

    const secrets = [...fixtureSecrets(mock.app.orgmock.fixtures), 'brand-new-password-42', TOKEN_SECRET];
    expect(secrets).toEqual(
      expect.arrayContaining([
        JUNCTION.acmeKey,
        SCALEKIT.dev.secret,
        GMI.owner.password,
        RAZI.machine.clientSecret,
        TRANSMIT.admin.client_secret,
      ]),
    );
    // A JWT's signature alone would let nobody forge, but its whole text is a bearer credential; check both.
    const needles = [...secrets, ...issued, ...issued.filter((t) => t.includes('.')).map((t) => t.split('.')[2]!)];

    const journal = await (await fetch(`${mock.url}/__admin/requests`)).text();
    const entries = JSON.parse(journal).requests as unknown[];
    expect(entries.length).toBeGreaterThanOrEqual(20);
    const state = await (await fetch(`${mock.url}/__admin/state`)).text();
    const logText = log.join('');
    expect(log.length).toBeGreaterThan(0);
    const leaks = (where: string, text: string) =>
      needles.filter((n) => text.includes(n)).map((n) => `${where}: ${n.slice(0, 24)}...`);
    expect([...leaks('journal', journal), ...leaks('log', logText), ...leaks('state', state)]).toEqual([]);
    // ...and the journal still says what was sent, masked.
    expect(journal).toContain('"authorization":"Bearer ***"');
    expect(journal).toContain('"x-management-key":"***"');
    expect(journal).toContain('"client_secret":"***"');
    // Junction's 422 still names the field it refused, with the echoed value masked.
    expect(journal).toMatch(/"loc":\["body","api_key"\],"msg":"[^"]+","input":"\*\*\*"/);
  });
});
