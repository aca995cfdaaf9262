import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (no browser download, offline).
 * The headless shell first (package chromium-headless-shell): the same Blink and
 * network stack without the desktop browser around it, the build Playwright runs
 * its own headless tests on, and a third less CPU than `chromium --headless` for
 * these files. The full browser is used where only it is installed.
 */
const CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];
export const CHROMIUM = CANDIDATES.find((path) => existsSync(path));
export const haveChromium = CHROMIUM !== undefined;

/** In CI a missing browser is a failure, not a skip: .ci/run installs it. */
export function requireChromium(what: string): void {
  if (!haveChromium && process.env.CI)
    throw new Error(`none of ${CANDIDATES.join(', ')} is installed: .ci/run installs chromium-headless-shell`);
  if (!haveChromium) console.warn(`${what} skipped: no Chromium (apt-get install chromium-headless-shell)`);
}

/**
 * Headless, as root, with nothing reaching out: without the background-networking
 * flags Chromium's own connections are refused by the closed network, many at a time.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
