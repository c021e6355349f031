/**
 * Issue #10, the low findings about pages: the extension's content scripts run only on the
 * configured server's /connect and /join (an unrelated local app on another port keeps its own
 * pages); the wallet bridge adopts only the tab the extension opened (not a /connect window a
 * hostile page opened); a join button clicked by the page's own script does nothing, and a real
 * click makes the panel ask before joining; the options refuse plain http for a remote host.
 */
import type { Page, Target } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveRoomId, generateLinkSecret } from '../../shared/crypto/room-secret.ts';
import { buildJoinUrl } from '../../shared/e2e/share-code.ts';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { readGhostId, setServerUrl, TEST_WALLET_BUTTON } from '../support/browser/extension-flows.ts';
import { type LocalApp, startLocalApp } from '../support/browser/local-app.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let app: LocalApp;
let profile: ChromiumProfile;
let popup: Page;

beforeAll(async () => {
  [server, app] = await Promise.all([startTestServer({}, { paidChats: false }), startLocalApp()]);
  profile = await launchChromiumProfile();
  await setServerUrl(profile, server.url);
  popup = await profile.openExtensionPage('popup.html');
});

afterAll(async () => {
  await profile?.close();
  await Promise.all([server?.stop(), app?.close()]);
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isConnectPage = (t: Target) => t.url() === `${server.url}/connect`;
const readWorker = <T>(expression: string) => profile.evaluateInWorker<T>(expression);

describe('pages the extension does not trust', () => {
  it('leaves an unrelated local app’s /connect and /join pages as they are', async () => {
    const page = await profile.browser.newPage();
    for (const [path, text] of [
      ['/connect', 'Connect your printerThis is another app’s own page.'],
      ['/join', 'Join our book club.'],
    ] as const) {
      await page.goto(`${app.url}${path}`, { waitUntil: 'load' });
      await pause(500); // content scripts run at document_end: long past by now
      expect(await page.$eval('body', (el) => el.textContent), path).toBe(text);
    }
    await page.close();
  });

  it('does not adopt a /connect window a hostile page opened; the wallet is asked on its own tab', async () => {
    const hostile = await profile.browser.newPage();
    await hostile.goto(`${app.url}/`);
    await hostile.evaluate((url) => {
      window.open(url, 'tiny', 'popup,width=60,height=60');
    }, `${server.url}/connect`);
    const tinyTarget = await profile.browser.waitForTarget(isConnectPage);
    const tiny = await tinyTarget.page();
    await tiny!.waitForFunction(() => document.readyState === 'complete');

    await popup.bringToFront(); // a page in the background gets no clicks
    await (await popup.waitForSelector('xpath/.//button[contains(., "Connect wallet")]'))!.click();
    const own = await profile.browser.waitForTarget((t) => isConnectPage(t) && t !== tinyTarget, {
      timeout: 10_000,
    });
    const ownPage = await own.page();
    await (await ownPage!.waitForSelector(TEST_WALLET_BUTTON))!.click();
    await popup.bringToFront();
    expect(await readGhostId(popup)).toMatch(/^[A-Za-z0-9_-]{20,96}$/);

    // The tiny window never got a request: the server's placeholder text is still there.
    expect(await tiny!.$(TEST_WALLET_BUTTON)).toBeNull();
    expect(await tiny!.$eval('#anoghost-connect', (el) => el.textContent)).toContain('AnoGhost');
    expect(profile.walletRequests.map((r) => r.feature)).toEqual(['connect', 'signMessage']);
    await hostile.close();
  });

  describe('a join link', () => {
    const secret = generateLinkSecret();
    const link = buildJoinUrl('', secret);
    let join: Page;

    it('does nothing when the page’s own script clicks the button', async () => {
      join = await profile.browser.newPage();
      await join.goto(`${server.url}${link}`);
      await join.waitForSelector('xpath/.//button[contains(., "Open in AnoGhost")]');
      await join.evaluate(() => {
        document.querySelector<HTMLButtonElement>('#anoghost-join button')?.click();
      });
      await pause(1_000);
      expect(await join.$eval('#anoghost-join [role="status"]', (el) => el.textContent)).toBe('');
      expect(profile.browser.targets().filter((t) => t.url().endsWith('/sidepanel.html'))).toEqual([]);
      expect(
        await readWorker<unknown>(
          `chrome.storage.session.get('anoghost/pending-join').then((s) => s['anoghost/pending-join'] ?? null)`,
        ),
      ).toBeNull();
    });

    it('opens the panel on a real click, which asks before joining', async () => {
      await (await join.waitForSelector('xpath/.//button[contains(., "Open in AnoGhost")]'))!.click();
      const target = await profile.browser.waitForTarget((t) => t.url().endsWith('/sidepanel.html'));
      const panel = (await target.asPage())!;
      const ask = await panel.waitForSelector('[data-testid="join-confirm"]', { timeout: 20_000 });
      expect(await ask!.evaluate((el) => el.querySelector('p')?.textContent)).toBe(
        `Join room ${deriveRoomId(secret).slice(0, 6)}?`,
      );
      expect(server.rooms.roomCount).toBe(0);
      // Join is on once the panel's own connection is up (the question shows before).
      await (await panel.waitForSelector('[data-testid="join-confirm-yes"]:not([disabled])'))!.click();
      await panel.waitForSelector('[data-testid="chat-room"]');
      expect(server.rooms.roomCount).toBe(1);
    });
  });

  it('refuses plain http for a remote server, and keeps the one in use', async () => {
    const options = await profile.openExtensionPage('options.html');
    const input = await options.waitForSelector('input[name="server"]');
    await input!.click({ count: 3 });
    await input!.type('http://example.com');
    await options.click('button[type="submit"]');
    const alert = await options.waitForSelector('p[role="alert"]', { timeout: 10_000 });
    expect(await alert!.evaluate((el) => el.textContent)).toBe(
      'Plain http:// only reaches a server on this computer (127.0.0.1 or localhost); use https://example.com',
    );
    expect(
      await readWorker<unknown>(
        `chrome.storage.local.get('anoghost/server-url').then((s) => s['anoghost/server-url'])`,
      ),
    ).toBe(server.url);
    await options.close();
  });
});
