import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { haveChromium, launchChromium, requireChromium } from './chromium.js';
import { startOrgMock, type OrgMock } from '../../src/index.js';

requireChromium('dashboard browser test');

/** Screenshots are test artifacts, not committed (`artifacts/` is git-ignored). */
const SHOTS = join(import.meta.dirname, '..', '..', 'artifacts', 'dashboard');

/**
 * A screenshot for people to look at, under artifacts/dashboard/, with
 * ORGMOCK_SCREENSHOTS=1 (`npm run screenshots`): they assert nothing, and encoding
 * them was a sixth of this file's time.
 */
async function shoot(page: Page, name: string): Promise<void> {
  if (process.env.ORGMOCK_SCREENSHOTS) await page.screenshot({ path: join(SHOTS, name) });
}

const GMI_ORG = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
const JUNCTION_ORG = '8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const HEADINGS = ['Junction', 'Scalekit', 'GMI Cloud', 'Razi', 'Transmit'];
const DESKTOP = { width: 1280, height: 800 };

async function renameGmi(mock: OrgMock, name: string): Promise<Response> {
  const { headers } = await mock.mintToken('gmicloud', 'owner@gmi.example');
  return fetch(`${mock.url}/organizations/${GMI_ORG}`, {
    method: 'PATCH',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
}

async function gmiOrgName(mock: OrgMock): Promise<string> {
  const state = (await (await fetch(`${mock.url}/__admin/state/gmicloud`)).json()) as {
    orgs: { id: string; data: { name: string } }[];
  };
  return state.orgs.find((o) => o.id === GMI_ORG)!.data.name;
}

describe.skipIf(!haveChromium)('dashboard in a real Chromium', () => {
  let mock: OrgMock;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mock = await startOrgMock();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await mock?.close();
  });

  /**
   * The page at the given view, at 1280x800 in light mode. Tests share one
   * browser context and page (a new context costs a second of the first page
   * load): the page is left for about:blank and loaded again, so each test starts
   * from a fresh document.
   */
  const open = async (hash = 'overview') => {
    if (!context) {
      context = await browser.newContext({ viewport: DESKTOP });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: mock.url });
      page = await context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (err) => pageErrors.push(String(err)));
      // The page asks for no resource elsewhere: any request off orgmock's origin is a failure.
      page.on('request', (req) => {
        const url = req.url();
        if (!url.startsWith(mock.url) && !url.startsWith('data:') && url !== 'about:blank')
          pageErrors.push(`outside: ${url}`);
      });
    } else {
      await page.goto('about:blank');
      await page.setViewportSize(DESKTOP);
      await page.emulateMedia({ colorScheme: 'light' });
    }
    await page.goto(`${mock.url}/__admin/ui#${hash}`);
    return page;
  };

  afterEach(async () => {
    // about:blank first: the page's event stream ends before the reset, as it did when the context closed.
    if (context) await page.goto('about:blank');
    mock.reset();
    expect(pageErrors).toEqual([]);
  });

  it('Overview: a section per vendor with its orgs, users, roles and credentials', async () => {
    await open();
    for (const heading of HEADINGS) {
      await expect.poll(() => page.getByRole('heading', { level: 2, name: heading, exact: true }).count()).toBe(1);
    }
    const gmi = page.getByRole('region', { name: 'GMI Cloud', exact: true });
    await expect.poll(() => gmi.getByRole('heading', { name: 'My Organization' }).count()).toBe(1);
    const ownerRow = gmi.getByRole('row', { name: /owner@gmi\.example/ });
    expect(await ownerRow.textContent()).toContain('org_owner');
    expect(await ownerRow.textContent()).toContain('owner-password');
    const scalekit = page.getByRole('region', { name: 'Scalekit', exact: true });
    expect(await scalekit.textContent()).toContain('env_58327482062864389');
    expect(await scalekit.getByRole('heading', { name: 'Initech' }).count()).toBe(1);
    const razi = page.getByRole('region', { name: 'Razi', exact: true });
    expect(await razi.textContent()).toContain('ORG_USER_MANAGER');
    const transmit = page.getByRole('region', { name: 'Transmit', exact: true });
    expect(await transmit.textContent()).toContain('transmit_admin_secret');
    const junction = page.getByRole('region', { name: 'Junction', exact: true });
    expect(await junction.textContent()).toContain('mk_test_acme_health');

    // A credential's copy button puts it on the clipboard.
    await gmi.getByRole('button', { name: 'Copy password of owner@gmi.example' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('owner-password');

    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await shoot(page, `overview-1280-${scheme}.png`);
    }
  });

  it('Mint token: a ready token and a curl of a sample update that works', async () => {
    await open();
    const gmi = page.getByRole('region', { name: 'GMI Cloud', exact: true });
    await gmi.getByRole('button', { name: 'Mint token for owner@gmi.example' }).click();
    const dialog = page.getByRole('dialog', { name: 'Token for owner@gmi.example' });
    const curl = dialog.getByLabel('curl command', { exact: true });
    await expect.poll(() => curl.count()).toBe(1);
    const command = (await curl.textContent()) ?? '';
    expect(command).toContain(`curl -X PATCH '${mock.url}/organizations/${GMI_ORG}'`);
    const token = /authorization: Bearer ([\w.-]+)/.exec(command)?.[1];
    expect(token).toBeTruthy();
    // The token from the page works against the vendor's own route.
    const res = await fetch(`${mock.url}/organizations/${GMI_ORG}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"name":"Minted on the page"}',
    });
    expect(res.status).toBe(200);
    await shoot(page, 'mint-1280-light.png');
    await page.keyboard.press('Escape');
    expect(await dialog.count()).toBe(0);
  });

  it("Journal: a vendor request appears live; opening it shows what was sent, masked; the page's own requests are not in it", async () => {
    await open('journal');
    await expect.poll(() => page.getByText('Live', { exact: true }).count()).toBe(1);
    const before = mock.requests().length;
    expect(before).toBe(0);

    const res = await fetch(`${mock.url}/v1/org/${JUNCTION_ORG}`, {
      method: 'PATCH',
      headers: { 'x-management-key': 'mk_wrong_key', 'content-type': 'application/json' },
      body: '{"name":"From the test"}',
    });
    expect(res.status).toBe(401);
    const row = page.getByRole('button', { name: new RegExp(`^PATCH /v1/org/${JUNCTION_ORG}, Junction, status 401`) });
    await row.waitFor();
    await row.click();
    const details = page.getByRole('complementary', { name: 'Selected request' });
    await details.getByLabel('Response body').waitFor();
    expect(await details.getByLabel('Request body').textContent()).toContain('From the test');
    expect(await details.getByLabel('Response body').textContent()).toContain('Invalid management key');
    await details.getByText(/^Request headers \(\d+\)$/).click();
    expect(await details.getByRole('row', { name: /x-management-key/ }).textContent()).toContain('***');
    expect(await details.textContent()).toMatch(/ms/);

    await details.getByRole('button', { name: 'Copy request as curl' }).click();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(curl).toContain(`curl -X PATCH '${mock.url}/v1/org/${JUNCTION_ORG}'`);
    expect(curl).toContain(`--data-raw '{"name":"From the test"}'`);
    expect(curl).toContain("-H 'x-management-key: ***'");

    // Filters: by vendor, status and path.
    await renameGmi(mock, 'Filtered');
    await page.getByRole('button', { name: /^PATCH \/organizations\// }).waitFor();
    await page.getByLabel('Vendor', { exact: true }).selectOption('gmicloud');
    expect(await page.getByRole('listitem').count()).toBe(1);
    await page.getByLabel('Vendor', { exact: true }).selectOption('');
    await page.getByLabel('Status', { exact: true }).fill('4xx');
    expect(await page.getByRole('listitem').count()).toBe(1);
    await page.getByLabel('Status', { exact: true }).fill('');
    await page.getByLabel('Path', { exact: true }).fill('/organizations');
    expect(await page.getByRole('listitem').count()).toBe(1);
    await page.getByLabel('Path', { exact: true }).fill('');
    await shoot(page, 'journal-1280-light.png');

    // Everything the page itself asked for (events, entries, vendors, tokens) stays out of the vendor journal.
    expect(mock.requests().map((e) => e.vendor)).toEqual(['junction', 'gmicloud']);
  });

  it('Faults: one added from the page changes the next vendor answer, shows its count, and can be removed', async () => {
    await open('faults');
    await page.getByLabel('Vendor', { exact: true }).selectOption('gmicloud');
    await page.getByLabel('Error', { exact: true }).selectOption('organization/1401');
    await page.getByLabel('Count', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Add fault' }).click();
    const active = page.getByRole('region', { name: 'Active faults' });
    const faultRow = active.getByRole('row', { name: /organization\/1401/ });
    await faultRow.waitFor();
    expect(await faultRow.textContent()).toContain('2');

    const res = await renameGmi(mock, 'Should fail');
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ group: 'organization', code: 1401 });
    expect(await gmiOrgName(mock)).toBe('My Organization');
    // One of two used: the page follows the count without a reload.
    await expect
      .poll(async () => (await faultRow.locator('td').nth(3).textContent())?.trim(), { timeout: 5000 })
      .toBe('1');
    await shoot(page, 'faults-1280-light.png');

    // The journal says why that request failed: the fault, by its id.
    const failed = mock.requests({ status: 500 })[0]!;
    expect(failed.reason).toMatch(/^injected fault \d+ \(organization\/1401\)$/);
    await page.getByRole('tab', { name: /^Journal/ }).click();
    await page.getByRole('button', { name: /status 500, refused/ }).click();
    const why = page.getByRole('complementary', { name: 'Selected request' }).getByRole('note');
    await why.waitFor();
    expect(await why.textContent()).toBe(`Why refused: ${failed.reason}`);
    await page.getByRole('tab', { name: /^Faults/ }).click();

    await active.getByRole('button', { name: /^Remove fault \d+: organization\/1401 on GMI Cloud$/ }).click();
    await active.getByText('None: every vendor answers normally.').waitFor();
    expect((await renameGmi(mock, 'Works again')).status).toBe(200);
  });

  it('a bad fault shows the server message', async () => {
    await open('faults');
    await page.getByLabel('Error', { exact: true }).selectOption('');
    await page.getByRole('button', { name: 'Add fault' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('a fault needs an error, a delayMs, or both');
  });

  it('Reset (after confirmation) puts the data back and empties the journal', async () => {
    await renameGmi(mock, 'Before reset');
    await open();
    const gmi = page.getByRole('region', { name: 'GMI Cloud', exact: true });
    await gmi.getByRole('heading', { name: 'Before reset' }).waitFor();

    await page.getByRole('button', { name: 'Reset…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Reset orgmock?' });
    // The safe choice has the focus: Enter does not reset by accident. The dialog
    // moves the focus once it has rendered, so the check waits for that.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Cancel');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await gmiOrgName(mock)).toBe('Before reset');

    await page.getByRole('button', { name: 'Reset…' }).click();
    await confirm.getByRole('button', { name: 'Reset', exact: true }).click();
    await gmi.getByRole('heading', { name: 'My Organization' }).waitFor();
    expect(await gmiOrgName(mock)).toBe('My Organization');
    expect(mock.requests()).toEqual([]);
  });

  it('Edit: an org saved from the page shows up through the vendor API; a bad value shows the server message', async () => {
    await open();
    const scalekit = page.getByRole('region', { name: 'Scalekit', exact: true });
    await scalekit.getByRole('button', { name: 'Edit Acme Corp' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Acme Corp' });
    await dialog.getByLabel('display_name', { exact: true }).fill('Acme edited on the page');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await scalekit.getByRole('heading', { name: 'Acme edited on the page' }).waitFor();
    expect(await dialog.count()).toBe(0);

    const { headers } = await mock.mintToken('scalekit', 'skc_58327482062864390');
    const res = await fetch(`${mock.url}/api/v1/organizations/org_2123312131125533`, { headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      organization: { display_name: 'Acme edited on the page', region_code: 'US' },
    });

    const transmit = page.getByRole('region', { name: 'Transmit', exact: true });
    await transmit.getByRole('button', { name: 'Edit Acme' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Acme' });
    await edit.getByLabel(/^domains/).fill('"acme.com"');
    await edit.getByRole('button', { name: 'Save' }).click();
    const alert = edit.getByRole('alert');
    await alert.waitFor();
    // The seeding API's own message, naming the path of the problem; nothing was written.
    expect(await alert.textContent()).toMatch(/tenants\[0\]\.organizations\[0\]\.domains/);
    const state = (await (await fetch(`${mock.url}/__admin/state/transmit`)).json()) as {
      orgs: { data: { domains: string[] } }[];
    };
    expect(state.orgs[0]!.data.domains).toEqual(['acme.com']);
    await shoot(page, 'edit-1280-light.png');
  });

  it('Snapshots: take one, change the data, restore it; a reset elsewhere shows at once', async () => {
    await open();
    const snapshots = page.getByRole('region', { name: 'Snapshots' });
    await snapshots.getByRole('button', { name: 'Take snapshot' }).click();
    const restore = snapshots.getByRole('button', { name: /^Restore snapshot / });
    await restore.waitFor();

    await renameGmi(mock, 'After the snapshot');
    const gmi = page.getByRole('region', { name: 'GMI Cloud', exact: true });
    // The page follows a vendor write without a reload.
    await gmi.getByRole('heading', { name: 'After the snapshot' }).waitFor();

    await restore.click();
    await page
      .getByRole('dialog', { name: /^Restore snapshot / })
      .getByRole('button', { name: 'Restore' })
      .click();
    await gmi.getByRole('heading', { name: 'My Organization' }).waitFor();
    expect(await gmiOrgName(mock)).toBe('My Organization');

    // A reset from outside the page (a test's mock.reset()) empties its journal and snapshot list too.
    await page.getByRole('tab', { name: /^Journal/ }).click();
    await page.getByText('1 request', { exact: true }).waitFor();
    mock.reset();
    await page.getByText('No vendor requests yet.').waitFor();
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByText(/^None yet\./).waitFor();
  });

  it('keyboard: the views are reachable by Tab and arrow keys', async () => {
    await open();
    await page.getByRole('heading', { name: 'Junction', exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Overview' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: /^Journal/ }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: /^Faults/ }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab');
    // Every button and field has a name a screen reader can say.
    for (const tab of ['overview', 'journal', 'faults']) {
      await page.goto(`${mock.url}/__admin/ui#${tab}`);
      await settled(page);
      const unnamed = await page.evaluate(() =>
        [...document.querySelectorAll('button, input, select, textarea, a[href]')]
          .filter((el) => {
            const id = el.getAttribute('id');
            const label = id ? document.querySelector(`label[for="${id}"]`) : null;
            const name =
              el.getAttribute('aria-label') ?? el.closest('label')?.textContent ?? label?.textContent ?? el.textContent;
            return !name?.trim();
          })
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(unnamed, tab).toEqual([]);
    }
  });

  it('keeps working with 10,000 journal entries: rendered in part, scrolled, filtered and opened', async () => {
    for (let batch = 0; batch < 10_000; batch += 250) {
      await Promise.all(
        Array.from({ length: 250 }, (_, k) => {
          const i = batch + k;
          return mock.app.inject({
            method: 'PATCH',
            url: `/v1/org/${JUNCTION_ORG}`,
            headers: {
              'x-management-key': i % 10 === 0 ? 'mk_wrong' : 'mk_test_acme_health',
              'content-type': 'application/json',
            },
            payload: JSON.stringify({ name: `Bulk ${i}` }),
          });
        }),
      );
    }
    expect(mock.requests().length).toBe(10_000);
    await open('journal');
    await page.getByText('10,000 requests').waitFor({ timeout: 20_000 });
    // Only the rows in view are in the page.
    expect(await page.getByRole('listitem').count()).toBeLessThan(100);
    await page.getByRole('list', { name: 'Vendor requests, newest first' }).evaluate((el) => {
      el.scrollTop = el.scrollHeight;
      el.dispatchEvent(new Event('scroll'));
    });
    const oldest = page.getByRole('listitem').filter({ has: page.locator('[aria-posinset="10000"]') });
    const oldestRow = page.locator('[aria-posinset="10000"] button');
    await oldestRow.waitFor();
    expect(await oldest.count()).toBeLessThanOrEqual(1);
    await oldestRow.click();
    const details = page.getByRole('complementary', { name: 'Selected request' });
    await details.getByLabel('Request body').waitFor();
    expect(await details.getByLabel('Request body').textContent()).toContain('Bulk 0');

    await page.getByLabel('Status', { exact: true }).fill('401');
    await page.getByText('1,000 of 10,000 requests').waitFor();
    expect(await page.getByRole('listitem').count()).toBeLessThan(100);

    // One more arrives live on top of the 10,000 kept.
    await renameGmi(mock, 'Ten thousand and one');
    await page.getByLabel('Status', { exact: true }).fill('');
    // Still 10,000: the oldest made room, as in orgmock's own journal. Newest on top.
    await page.getByText('10,000 requests').waitFor();
    await page.locator('[aria-posinset] button').first().focus();
    await page.keyboard.press('Home');
    await page.getByRole('button', { name: /^PATCH \/organizations\// }).waitFor();
    await shoot(page, 'journal-10000-1280-light.png');
  }, 180_000);

  it('reads at 390x844, light and dark', async () => {
    await renameGmi(mock, 'Phone sized');
    await open();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const tab of ['overview', 'journal', 'faults']) {
        await page.goto(`${mock.url}/__admin/ui#${tab}`);
        await settled(page);
        // Nothing wider than the screen: no sideways scrolling of the whole page.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await shoot(page, `${tab}-390-${scheme}.png`);
      }
    }
  });
});

/** The view is drawn with its data: the selected tab's panel is there and nothing says "Loading…". */
async function settled(page: Page): Promise<void> {
  await page.getByRole('tab', { selected: true }).waitFor();
  await page.locator('main').waitFor();
  await page.waitForFunction(() => !document.querySelector('main')?.textContent?.includes('Loading…'));
}
