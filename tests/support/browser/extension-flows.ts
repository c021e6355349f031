/** Steps the browser tests share: point the extension at the test server, connect the test wallet. */
import type { Page } from 'puppeteer-core';
import type { ChromiumProfile } from './chromium-profile.ts';

/** The test wallet's entry in the server's /connect page (wallet standard name). */
export const TEST_WALLET_BUTTON = 'button[data-wallet="AnoGhost Test Wallet"]';

/**
 * Sets the server URL as a person would, under "Advanced" on the welcome page the extension opens
 * at install (a second extension tab opened by the test while that one appears lost its target:
 * TargetCloseError).
 */
export async function setServerUrl(profile: ChromiumProfile, serverUrl: string): Promise<void> {
  const welcome = await waitForWelcome(profile);
  const page = (await welcome.page())!;
  await page.bringToFront();
  await submitServerUrl(page, serverUrl);
  await page.close();
}

/** The welcome page's target, which the extension opens at install. */
export function waitForWelcome(profile: ChromiumProfile) {
  return profile.browser.waitForTarget((t) =>
    t.url().startsWith(`chrome-extension://${profile.extensionId}/welcome.html`),
  );
}

/**
 * Replaces the server URL on an open options or welcome page and saves it (Chromium and Firefox);
 * on the welcome page it opens "Advanced" first, as a person would.
 */
export async function submitServerUrl(options: Page, serverUrl: string): Promise<void> {
  await options.waitForSelector('input[name="server"]');
  const summary = await options.$('details:has(input[name="server"]):not([open]) > summary');
  await summary?.click();
  const input = await options.waitForSelector('input[name="server"]', { visible: true });
  await input!.click({ count: 3 });
  await input!.type(serverUrl);
  await options.click('button[type="submit"]');
  await options.waitForSelector('p[role="status"]');
}

/** Points a fresh profile at the server and connects its wallet in the popup; resolves with the ghostId. */
export async function connectProfile(profile: ChromiumProfile, serverUrl: string): Promise<string> {
  await setServerUrl(profile, serverUrl);
  const popup = await profile.openExtensionPage('popup.html');
  const ghostId = await connectWallet(profile, popup, serverUrl);
  await popup.close();
  return ghostId;
}

/** Clicks "Connect wallet" in the popup, picks the test wallet on /connect; resolves with the ghostId. */
export async function connectWallet(
  profile: ChromiumProfile,
  popup: Page,
  serverUrl: string,
): Promise<string> {
  const connectButton = await popup.waitForSelector('xpath/.//button[contains(., "Connect wallet")]');
  await connectButton!.click();
  await pickTestWallet(profile, popup, serverUrl);
  return readGhostId(popup);
}

/**
 * Picks the test wallet on the server's /connect page, which the extension opens when `asking`
 * (the popup or the chat page) needs the wallet: to connect, or to approve a payment.
 */
export async function pickTestWallet(
  profile: ChromiumProfile,
  asking: Page,
  serverUrl: string,
): Promise<void> {
  const target = await profile.browser
    .waitForTarget((t) => t.url().startsWith(`${serverUrl}/connect`))
    .catch(async (error: Error) => {
      // Say what the asking page showed and which pages were open: a bare timeout tells nothing.
      const shown = await asking.$eval('main', (el) => el.textContent).catch(() => '(page gone)');
      const open = profile.browser.targets().map((t) => `${t.type()} ${t.url()}`);
      throw new Error(`${error.message}; page: ${shown}; targets: ${open.join(', ')}`);
    });
  const connectPage = await target.page();
  const walletButton = await connectPage!.waitForSelector(TEST_WALLET_BUTTON);
  await walletButton!.click();
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

/** The ghost card (`<ghostId>.<invite key>`) the background's status holds, read in the service worker. */
export async function readGhostCard(profile: ChromiumProfile): Promise<string> {
  return profile.evaluateInWorker<string>(`(async () => {
    for (let i = 0; i < 100; i++) {
      const card = anoghost.status().card;
      if (card) return card;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no ghost card in the status');
  })()`);
}
