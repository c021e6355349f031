/**
 * Firefox smoke test: the extension installs, its welcome (options) page sets the server, a join
 * link opens the chat page, the test wallet signs in through /connect, the background connects
 * (the server sees its signed-in session) and the side panel renders online with its rooms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS_DIR } from '../support/browser/build-extension.ts';
import { submitServerUrl, TEST_WALLET_BUTTON } from '../support/browser/extension-flows.ts';
import { type FirefoxProfile, launchFirefoxProfile } from '../support/browser/firefox-profile.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let firefox: FirefoxProfile;

beforeAll(async () => {
  server = await startTestServer();
  firefox = await launchFirefoxProfile();
});

afterAll(async () => {
  await firefox?.close();
  await server?.stop();
});

describe('Firefox', () => {
  it('installs, connects through the wallet bridge and renders the side panel', async () => {
    const options = await firefox.waitForPage(`${firefox.extensionOrigin}/options.html`);
    await submitServerUrl(options, server.url);

    const join = await firefox.browser.newPage();
    await join.goto(`${server.url}/join#ag1example`);
    const open = await join.waitForSelector('xpath/.//button[contains(., "Open in AnoGhost")]');
    await open!.click();
    const panel = await firefox.waitForPage(`${firefox.extensionOrigin}/sidepanel.html`);
    await panel.waitForSelector('[data-testid="panel-state"][data-state="signed-out"]');

    const connect = await panel.waitForSelector('xpath/.//button[contains(., "Connect wallet")]');
    await connect!.click();
    const bridge = await firefox.waitForPage(`${server.url}/connect`);
    const walletButton = await bridge.waitForSelector(TEST_WALLET_BUTTON);
    await walletButton!.click();

    await panel.waitForSelector('[data-testid="panel-state"][data-state="online"]', { timeout: 30_000 });
    // Every panel holds its own connection for rooms (room keys live in the page): the background's
    // session plus this tab's, plus the sidebar's when Firefox opened it at install.
    await panel.waitForSelector('[data-testid="action-new-room"]:not([disabled])');
    expect(server.registry.readyCount).toBeGreaterThanOrEqual(2);
    expect(server.registry.readyCount).toBeLessThanOrEqual(3);
    expect(await panel.$eval('h1', (el) => el.textContent)).toContain('AnoGhost');
    await panel.screenshot({ path: `${ARTIFACTS_DIR}/firefox-sidepanel.png` });
  });
});
