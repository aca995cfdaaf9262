import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startOrgMock } from '../../src/index.js';
import { useApp } from '../helpers.js';
import { TOO_DEEP } from '../../src/admin/mask.js';
import { answerProblems } from './envelopes.js';
import { pollutionProblems, prototypeSnapshot } from './invariants.js';
import {
  GMI,
  JUNCTION,
  RAZI,
  bearer,
  gmiSignIn,
  raziMachineToken,
  scalekitToken,
  transmitToken,
  updateRequest,
  type Vendor,
} from './vendors.js';

/** Cases the fuzzers found, kept as plain examples. */
describe('edge cases found by fuzzing', () => {
  const make = useApp();

  async function credentials(call: Parameters<typeof gmiSignIn>[0]) {
    return {
      junction: { 'x-management-key': JUNCTION.acmeKey },
      scalekit: bearer(await scalekitToken(call)),
      gmicloud: bearer((await gmiSignIn(call)).accessToken),
      razi: { ...bearer(await raziMachineToken(call)), 'x-app-name': RAZI.demo },
      transmit: bearer(await transmitToken(call)),
    } satisfies Record<Vendor, Record<string, string>>;
  }

  it("a path the router cannot percent-decode is the vendor's own answer, not Fastify's FST_ERR_BAD_URL", async () => {
    const { call } = await make();
    const cred = await credentials(call);
    const cases: [Vendor, string, number, unknown][] = [
      // uvicorn's unquote leaves %zz as it is: the uuid parser sees it (test/decoded-paths.test.ts).
      [
        'junction',
        '/v1/org/%zz',
        422,
        expect.objectContaining({ detail: [expect.objectContaining({ input: '%zz' })] }),
      ],
      // Go refuses the request line itself: its plain 400.
      ['scalekit', '/api/v1/organizations/%zz', 400, '400 Bad Request'],
      ['gmicloud', '/organizations/%E0%A4%A', 400, '400 Bad Request'],
      [
        'razi',
        '/v1/authorization/organizations/%zz',
        404,
        { message: 'Cannot PATCH /v1/authorization/organizations/%zz' },
      ],
      [
        'transmit',
        '/cis/v1/organizations/%zz',
        404,
        { message: 'Cannot PUT /cis/v1/organizations/%zz', error_code: 404 },
      ],
    ];
    for (const [vendor, url, status, body] of cases) {
      const r = updateRequest(vendor, 'x', cred[vendor], 'Name');
      const res = await call({ ...r, url });
      const got = typeof body === 'string' ? res.body : res.json();
      expect({ status: res.statusCode, body: got }, vendor).toEqual({ status, body });
    }
  });

  it('a 2000-character id reaches the vendor (no 414 from the router)', async () => {
    const { call } = await make();
    const cred = await credentials(call);
    const long = 'a'.repeat(2000);
    const expected: Record<Vendor, number> = { junction: 422, scalekit: 400, gmicloud: 400, razi: 404, transmit: 404 };
    for (const vendor of Object.keys(expected) as Vendor[]) {
      const r = updateRequest(vendor, long, cred[vendor], 'Name');
      const res = await call(r);
      expect(res.statusCode, `${vendor} ${res.body.slice(0, 200)}`).toBe(expected[vendor]);
      expect(answerProblems(vendor, new URL(r.url, 'http://x').pathname, res)).toEqual([]);
    }
    const transmit = await call(updateRequest('transmit', long, cred.transmit, 'Name'));
    expect(transmit.json()).toEqual({ message: 'Organization not found', error_code: 404 });
  });

  it("a body nested 100000 deep is refused in the vendor's format, and the journal still lists it", async () => {
    const { call } = await make();
    const cred = await credentials(call);
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const res = await call({ ...updateRequest('razi', RAZI.acme, cred.razi, 'x'), payload: `{"metadata":${deep}}` });
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 400,
      body: { message: 'metadata.a must be a string' },
    });
    const journal = await call({ method: 'GET', url: '/__admin/requests?vendor=razi&method=PATCH' });
    expect(journal.statusCode).toBe(200);
    // 600 KB: the journal keeps its start, cut, as text.
    const cut = journal.json().requests.at(-1).requestBody;
    expect(typeof cut).toBe('string');
    expect(cut.endsWith('(600014 bytes in all)]')).toBe(true);
    // One that fits the journal's body limit is listed as JSON, masked to a depth, without a stack overflow.
    const fits = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    await call({ ...updateRequest('razi', RAZI.acme, cred.razi, 'x'), payload: `{"metadata":${fits}}` });
    const again = await call({ method: 'GET', url: '/__admin/requests?vendor=razi&method=PATCH' });
    let body: unknown = again.json().requests.at(-1).requestBody;
    for (let depth = 0; depth < 70 && typeof body === 'object' && body !== null; depth++) body = Object.values(body)[0];
    expect(body).toBe(TOO_DEEP);
  });

  it('GMI Cloud: a 9999-deep array where a string belongs is a 400 request/0, not a stack overflow', async () => {
    const { call } = await make();
    const { accessToken } = await gmiSignIn(call);
    const deep = '['.repeat(9999) + ']'.repeat(9999);
    for (const r of [
      {
        method: 'PATCH' as const,
        url: `/organizations/${GMI.org}`,
        headers: { ...bearer(accessToken), 'content-type': 'application/json' },
        payload: `{"name":${deep}}`,
      },
      {
        method: 'PATCH' as const,
        url: '/me/sessions',
        headers: { 'ce-clientid': GMI.clientId, 'content-type': 'application/json' },
        payload: `{"refreshToken":${deep}}`,
      },
    ]) {
      const res = await call(r);
      expect(res.statusCode).toBe(400);
      const { validationDetail, ...rest } = res.json();
      expect(rest).toEqual({ group: 'request', code: 0 });
      expect(validationDetail[0]).toMatchObject({
        expression: 'type',
        argument: 'string',
        reason: 'Should be a string.',
      });
    }
    const journal = await call({ method: 'GET', url: '/__admin/requests' });
    expect(journal.statusCode).toBe(200);
  });

  it('headers named __proto__ and constructor, over a raw socket, are plain headers', async () => {
    const mock = await startOrgMock();
    const before = prototypeSnapshot();
    try {
      const body = '{"name":"Raw"}';
      const text = await new Promise<string>((resolve) => {
        const socket = net.connect(mock.port, '127.0.0.1', () =>
          socket.write(
            [
              `PATCH /v1/org/${JUNCTION.acme} HTTP/1.1`,
              'Host: localhost',
              '__proto__: {"polluted":"yes"}',
              'constructor: prototype',
              'prototype: x',
              `X-Management-Key: ${JUNCTION.acmeKey}`,
              'Content-Type: application/json',
              `Content-Length: ${body.length}`,
              'Connection: close',
              '',
              body,
            ].join('\r\n'),
          ),
        );
        let out = '';
        socket.on('data', (d) => {
          out += d;
        });
        socket.on('close', () => resolve(out));
      });
      expect(text.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
      expect(text.split('\r\n\r\n')[1]).toBe(`{"id":"${JUNCTION.acme}","name":"Raw","expires_at":null}`);
      expect(mock.requests()[0]!.requestHeaders).toMatchObject({ constructor: 'prototype', prototype: 'x' });
      expect(pollutionProblems(before)).toEqual([]);
    } finally {
      await mock.close();
    }
  });
});
