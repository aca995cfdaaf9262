import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium: playwright-core drives it (no browser download, offline). */
export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);

/** In CI a missing browser is a failure, not a skip: .ci/run installs it. */
export function requireChromium(what: string): void {
  if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
  if (!haveChromium) console.warn(`${what} skipped: ${CHROMIUM} not installed (apt-get install chromium)`);
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
