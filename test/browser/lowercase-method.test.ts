import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { haveChromium, launchChromium, requireChromium } from './chromium.js';
import { startOrgMock, type OrgMock } from '../../src/index.js';

requireChromium('lower-case method browser test');

/**
 * The Fetch standard upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT:
 * `fetch(url, {method: 'patch'})` sends `patch` as written. Node's parser
 * refuses it; each vendor answers as its own server does (see
 * test/parser-refusals.test.ts for the sources). The page is on orgmock's own
 * origin, so no preflight stands between the call and the server (across
 * origins, Chromium compares the preflight's Access-Control-Allow-Methods
 * case-sensitively, and `PATCH` does not allow `patch`).
 */
describe.skipIf(!haveChromium)("a lower-case method from Chromium's fetch", () => {
  let mock: OrgMock;
  let browser: Browser;

  beforeAll(async () => {
    mock = await startOrgMock();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await mock?.close();
  });

  it('is answered in each vendor’s own way', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${mock.url}/__admin/health`);
    const results = await tab.evaluate(async () => {
      const call = async (method: string, path: string) => {
        const res = await fetch(path, { method, headers: { 'Content-Type': 'application/json' }, body: '{}' });
        return { status: res.status, allow: res.headers.get('allow'), body: await res.text() };
      };
      return {
        junction: await call('patch', '/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'),
        gmicloud: await call('patch', '/organizations/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
        scalekit: await call('patch', '/api/v1/organizations/org_2123312131125533'),
        razi: await call('patch', '/v1/authorization/organizations/281185056586736799'),
        // `Put` would be sent as PUT: the standard normalises the six methods it names.
        transmitPut: await call('Put', '/v1/organizations/uovh59ypbxkea4ir9dnqp'),
        transmit: await call('patch', '/v1/organizations/uovh59ypbxkea4ir9dnqp'),
      };
    });
    expect(results).toEqual({
      junction: { status: 405, allow: 'PATCH', body: '{"detail":"Method Not Allowed"}' },
      gmicloud: {
        status: 405,
        allow: 'PATCH',
        body: '{"group":"request","code":405,"message":"405 method not allowed"}',
      },
      scalekit: { status: 501, allow: null, body: '{"code":12,"message":"Method Not Allowed","details":[]}' },
      razi: { status: 400, allow: null, body: '' },
      transmitPut: { status: 401, allow: null, body: '{"message":"Invalid token","error_code":401}' },
      transmit: { status: 400, allow: null, body: '' },
    });
    expect(mock.requests().map((e) => `${e.vendor} ${e.method} ${e.status}`)).toEqual([
      'junction patch 405',
      'gmicloud patch 405',
      'scalekit patch 501',
      'razi patch 400',
      'transmit PUT 401',
      'transmit patch 400',
    ]);
  });
});
