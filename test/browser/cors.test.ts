import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { haveChromium, launchChromium, requireChromium } from './chromium.js';
import { startOrgMock, type OrgMock } from '../../src/index.js';

requireChromium('browser CORS test');

/**
 * A page served from another origin calls every vendor the way a frontend does:
 * preflighted PATCH/PUT with vendor headers, and Razi through its HttpOnly
 * cookie with `credentials: 'include'`.
 */
describe.skipIf(!haveChromium)('CORS in a real Chromium', () => {
  let mock: OrgMock;
  let page: http.Server;
  let pageOrigin: string;
  let browser: Browser;

  beforeAll(async () => {
    mock = await startOrgMock();
    page = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>frontend</title>'),
    );
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    browser = await launchChromium([
      // A name that is not allowed, served by the local page server: a foreign origin (and a rebound name).
      '--host-resolver-rules=MAP evil.test 127.0.0.1',
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => page?.close(r));
    await mock?.close();
  });

  it('updates an org of each vendor from another origin', async () => {
    const tab = await browser.newPage();
    await tab.goto(pageOrigin);
    const results = await tab.evaluate(async (api) => {
      const json = { 'Content-Type': 'application/json' };
      const out: Record<string, { status: number; body: unknown }> = {};
      const read = async (res: Response) => {
        const text = await res.text();
        try {
          return { status: res.status, body: JSON.parse(text) };
        } catch {
          return { status: res.status, body: text };
        }
      };

      out.junction = await read(
        await fetch(`${api}/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`, {
          method: 'PATCH',
          headers: { ...json, 'X-Management-Key': 'mk_test_acme_health' },
          body: JSON.stringify({ name: 'From the browser' }),
        }),
      );
      out.junctionLegacy = await read(
        await fetch(`${api}/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`, {
          method: 'PATCH',
          headers: { ...json, 'X-Vital-Org-Key': 'mk_test_acme_health' },
          body: JSON.stringify({ name: 'Legacy header' }),
        }),
      );

      const sk = await (
        await fetch(`${api}/oauth/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: 'skc_58327482062864390',
            client_secret: 'test_secret_scalekit',
          }),
        })
      ).json();
      out.scalekit = await read(
        await fetch(`${api}/api/v1/organizations/org_2123312131125533`, {
          method: 'PATCH',
          headers: { ...json, Authorization: `Bearer ${sk.access_token}` },
          body: JSON.stringify({ display_name: 'From the browser' }),
        }),
      );

      const auth = await (
        await fetch(`${api}/me/auth-tokens`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ email: 'owner@gmi.example', password: 'owner-password' }),
        })
      ).json();
      const session = await (
        await fetch(`${api}/me/sessions`, {
          method: 'POST',
          headers: { ...json, 'CE-ClientId': 'web1' },
          body: JSON.stringify({ authToken: auth.authToken }),
        })
      ).json();
      out.gmicloud = await read(
        await fetch(`${api}/organizations/a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11`, {
          method: 'PATCH',
          headers: { ...json, Authorization: `Bearer ${session.accessToken}` },
          body: JSON.stringify({ name: 'From the browser' }),
        }),
      );

      // Razi: sign in, then rely on the HttpOnly cookie alone (no Authorization header).
      const signIn = await fetch(`${api}/v1/authentication/sessions`, {
        method: 'POST',
        credentials: 'include',
        headers: { ...json, 'X-App-Name': 'orgmock-demo' },
        body: JSON.stringify({ email: 'owner@razi.example', password: 'owner-password' }),
      });
      out.raziSignIn = { status: signIn.status, body: document.cookie };
      out.razi = await read(
        await fetch(`${api}/v1/authorization/organizations/281185056586736799`, {
          method: 'PATCH',
          credentials: 'include',
          headers: { ...json, 'X-App-Name': 'orgmock-demo' },
          body: JSON.stringify({ metadata: { via: 'cookie' } }),
        }),
      );

      const tr = await (
        await fetch(`${api}/oidc/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: 'transmit_admin_client',
            client_secret: 'transmit_admin_secret',
          }),
        })
      ).json();
      out.transmit = await read(
        await fetch(`${api}/v1/organizations/uovh59ypbxkea4ir9dnqp`, {
          method: 'PUT',
          headers: { ...json, Authorization: `Bearer ${tr.access_token}` },
          body: JSON.stringify({ name: 'From the browser' }),
        }),
      );
      // An error must be readable by the page too (CORS headers on error answers).
      out.junctionError = await read(
        await fetch(`${api}/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`, {
          method: 'PATCH',
          headers: { ...json, 'X-Management-Key': 'wrong' },
          body: '{"name":"x"}',
        }),
      );
      return out;
    }, mock.url);

    expect(results.junction).toEqual({
      status: 200,
      body: { id: '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'From the browser', expires_at: null },
    });
    expect(results.junctionLegacy!.status).toBe(200);
    expect(results.scalekit!.status).toBe(200);
    expect(results.scalekit!.body).toMatchObject({
      organization: { id: 'org_2123312131125533', display_name: 'From the browser' },
    });
    expect(results.gmicloud).toEqual({ status: 200, body: '' });
    // The session cookie is HttpOnly: the page cannot read it, yet the browser sends it.
    expect(results.raziSignIn).toEqual({ status: 200, body: '' });
    expect(results.razi).toEqual({ status: 200, body: { message: 'Organization Data Updated' } });
    expect(results.transmit!.status).toBe(200);
    expect(results.transmit!.body).toMatchObject({
      result: { organization_id: 'uovh59ypbxkea4ir9dnqp', name: 'From the browser' },
    });
    expect(results.junctionError).toEqual({ status: 401, body: { detail: 'Invalid management key' } });

    const state = mock.app.orgmock.store;
    expect(state.getOrg('gmicloud', '', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')).toMatchObject({
      name: 'From the browser',
    });
    const razi = mock.requests({ vendor: 'razi', path: '/v1/authorization' });
    expect(razi.map((r) => r.status)).toEqual([200]);
    expect(razi[0]!.requestHeaders.cookie).toBe('***');
    expect(razi[0]!.requestHeaders.authorization).toBeUndefined();
    await tab.close();
  });

  it('a page on a foreign origin can neither read nor change /__admin; a localhost page still can', async () => {
    const port = (page.address() as AddressInfo).port;
    mock.reset();
    await fetch(`${mock.url}/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_test_acme_health', 'content-type': 'application/json' },
      body: '{"name":"Before the attack"}',
    });
    const foreign = await browser.newPage();
    await foreign.goto(`http://evil.test:${port}/`);
    const formAnswered = foreign.waitForResponse(
      (res) => res.url() === `${mock.url}/__admin/reset` && res.request().resourceType() === 'document',
    );
    const attack = await foreign.evaluate(async (api) => {
      const tried: Record<string, string> = {};
      const attempt = async (name: string, run: () => Promise<Response>) => {
        try {
          const res = await run();
          tried[name] = `read ${res.status}: ${(await res.text()).slice(0, 60)}`;
        } catch (err) {
          tried[name] = `blocked: ${(err as Error).name}`;
        }
      };
      await attempt('state', () => fetch(`${api}/__admin/state`));
      await attempt('requests', () => fetch(`${api}/__admin/requests`, { credentials: 'include' }));
      await attempt('token', () =>
        fetch(`${api}/__admin/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ vendor: 'junction', identity: '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }),
        }),
      );
      // "Simple" requests need no preflight: sent blind (no-cors), they must still change nothing.
      await fetch(`${api}/__admin/reset`, {
        method: 'POST',
        mode: 'no-cors',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      });
      await fetch(`${api}/__admin/faults`, {
        method: 'POST',
        mode: 'no-cors',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ vendor: 'junction', delayMs: 600000 }),
      });
      const form = document.createElement('iframe');
      form.name = 'sink';
      document.body.append(form);
      const f = document.createElement('form');
      f.method = 'POST';
      f.action = `${api}/__admin/reset`;
      f.target = 'sink';
      document.body.append(f);
      f.submit();
      return tried;
    }, mock.url);
    // The form's POST has been answered (refused) before the store is looked at.
    expect((await formAnswered).status()).toBe(403);
    expect(attack.state).toMatch(/^blocked/);
    expect(attack.requests).toMatch(/^blocked/);
    expect(attack.token).toMatch(/^blocked/);
    const store = mock.app.orgmock.store;
    expect(store.getOrg('junction', '', '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d')).toMatchObject({
      name: 'Before the attack',
    });
    expect(mock.app.orgmock.faults.list()).toEqual([]);

    // A rebound name (evil.test resolving to orgmock's own address) is refused by its Host.
    const rebound = await foreign.goto(`http://evil.test:${mock.port}/__admin/state`);
    expect(rebound?.status()).toBe(403);
    await foreign.close();

    // The same page served from localhost reads and changes /__admin, and still calls the vendors.
    const local = await browser.newPage();
    await local.goto(`http://localhost:${port}/`);
    const allowed = await local.evaluate(async (api) => {
      const state = await fetch(`${api}/__admin/state`);
      const minted = await fetch(`${api}/__admin/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ vendor: 'junction', identity: '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }),
      });
      const { headers } = await minted.json();
      const update = await fetch(`${api}/v1/org/8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'From localhost' }),
      });
      const reset = await fetch(`${api}/__admin/reset`, { method: 'POST' });
      return { state: state.status, minted: minted.status, update: update.status, reset: reset.status };
    }, mock.url);
    expect(allowed).toEqual({ state: 200, minted: 201, update: 200, reset: 200 });
    expect(store.getOrg('junction', '', '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d')).toMatchObject({ name: 'Acme Health' });
    await local.close();
  });
});
