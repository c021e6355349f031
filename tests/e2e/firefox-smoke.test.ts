/**
 * Firefox smoke test: the extension installs, its welcome page sets the server (under "Advanced"), a join
 * link opens the chat page, the test wallet signs in through /connect, the background connects
 * (the server sees its signed-in session) and the side panel renders online with its rooms.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_SECRET_LENGTH } from '../../shared/crypto/room-secret.ts';
import { buildJoinUrl } from '../../shared/e2e/share-code.ts';
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
    const welcome = await firefox.waitForPage(`${firefox.extensionOrigin}/welcome.html`);
    await submitServerUrl(welcome, server.url);

    const join = await firefox.browser.newPage();
    // A link whose code cannot be a room code says so on the page, and cannot be opened.
    await join.goto(`${server.url}/join#ag1example`);
    const problem = await join.waitForSelector('#anoghost-join [role="alert"]');
    expect(await problem!.evaluate((el) => el.textContent)).toMatch(/^This link cannot open a room: /);
    expect(
      await join.$eval(
        'xpath/.//button[contains(., "Open in AnoGhost")]',
        (el) => (el as HTMLButtonElement).disabled,
      ),
    ).toBe(true);
    await join.goto(buildJoinUrl(server.url, randomBytes(LINK_SECRET_LENGTH)));
    await join.reload(); // a fragment-only change does not reload the page
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
    // session plus this tab's. No third: the sidebar does not open at install (open_at_install).
    await panel.waitForSelector('[data-testid="action-new-room"]:not([disabled])');
    expect(server.registry.readyCount).toBe(2);
    expect(await panel.$eval('h1', (el) => el.textContent)).toContain('AnoGhost');
    await panel.screenshot({ path: `${ARTIFACTS_DIR}/firefox-sidepanel.png` });
  });
});
