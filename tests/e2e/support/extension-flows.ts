/** Steps the browser tests share: point the extension at the test server, connect the test wallet. */
import type { Page } from 'puppeteer-core';
import type { ChromiumProfile } from './chromium-profile.ts';

const WALLET_BUTTON = 'button[data-wallet="AnoGhost Test Wallet"]';

/**
 * Sets the server URL as a person would, on the options page the extension opens at install
 * (a second options tab opened by the test while that one appears lost its target: TargetCloseError).
 */
export async function setServerUrl(profile: ChromiumProfile, serverUrl: string): Promise<void> {
  const welcome = await profile.browser.waitForTarget((t) =>
    t.url().startsWith(`chrome-extension://${profile.extensionId}/options.html`),
  );
  const page = (await welcome.page())!;
  await page.bringToFront();
  const input = await page.waitForSelector('input[name="server"]');
  await input!.click({ count: 3 });
  await input!.type(serverUrl);
  await page.click('button[type="submit"]');
  await page.waitForSelector('p[role="status"]');
  await page.close();
}

/** Clicks "Connect wallet" in the popup, picks the test wallet on /connect; resolves with the ghostId. */
export async function connectWallet(
  profile: ChromiumProfile,
  popup: Page,
  serverUrl: string,
): Promise<string> {
  const connectButton = await popup.waitForSelector('xpath/.//button[contains(., "Connect wallet")]');
  await connectButton!.click();
  const target = await profile.browser
    .waitForTarget((t) => t.url().startsWith(`${serverUrl}/connect`))
    .catch(async (error: Error) => {
      // Say what the popup showed and which pages were open: a bare timeout tells nothing.
      const shown = await popup.$eval('main', (el) => el.textContent).catch(() => '(popup gone)');
      const open = profile.browser.targets().map((t) => `${t.type()} ${t.url()}`);
      throw new Error(`${error.message}; popup: ${shown}; targets: ${open.join(', ')}`);
    });
  const connectPage = await target.page();
  const walletButton = await connectPage!.waitForSelector(WALLET_BUTTON);
  await walletButton!.click();
  return readGhostId(popup);
}

/** The ghostId the popup shows once connected. */
export async function readGhostId(popup: Page, different?: string): Promise<string> {
  await popup.waitForFunction(
    (previous) => {
      const text = document.querySelector('[data-testid="ghost-id"]')?.textContent;
      return Boolean(text) && text !== previous;
    },
    { timeout: 20_000 },
    different ?? null,
  );
  return popup.$eval('[data-testid="ghost-id"]', (el) => el.textContent ?? '');
}
