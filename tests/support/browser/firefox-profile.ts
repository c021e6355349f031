/**
 * Firefox ESR with the built extension and a test wallet (Puppeteer over WebDriver BiDi).
 * BiDi cannot navigate a tab to a moz-extension:// URL, so the extension's UUID is pinned with the
 * `extensions.webextensions.uuids` pref and its pages are reached once the extension opens them.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_PATH } from '../system-packages.ts';
import { FIREFOX_BUILD_DIR } from './build-extension.ts';
import { prepareTestWallet, type TestWalletProfile } from './test-wallet-extension.ts';

const EXTENSION_ID = 'anoghost@anoghost.dev';
const WALLET_ID = 'test-wallet@anoghost.dev';

export interface FirefoxProfile {
  browser: Browser;
  /** `moz-extension://<uuid>` of the AnoGhost extension. */
  extensionOrigin: string;
  wallet: TestWalletProfile;
  /**
   * Waits for a tab whose URL starts with `prefix` and returns it. Tabs the extension opens at
   * moz-extension:// URLs report `about:blank` as `page.url()` over BiDi, so this asks the page.
   */
  waitForPage(prefix: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefoxProfile(): Promise<FirefoxProfile> {
  const wallet = prepareTestWallet();
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [EXTENSION_ID]: uuid, [WALLET_ID]: randomUUID() }),
    },
  });
  await browser.installExtension(wallet.dir);
  await browser.installExtension(FIREFOX_BUILD_DIR);
  return {
    browser,
    extensionOrigin: `moz-extension://${uuid}`,
    wallet,
    async waitForPage(prefix) {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        for (const page of await browser.pages())
          if ((await locationOf(page)).startsWith(prefix)) return page;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`no tab opened at ${prefix}`);
    },
    async close() {
      await browser.close();
      rmSync(wallet.dir, { recursive: true, force: true });
    },
  };
}

async function locationOf(page: Page): Promise<string> {
  if (page.url() !== 'about:blank') return page.url();
  return page.evaluate(() => window.location.href).catch(() => page.url());
}
