/**
 * Scenario 5: the browser stops the service worker → it comes back, reconnects and gets a new
 * ghostId with the stored session key, without asking the wallet again (the test wallet counts
 * its signMessage calls). No worker handle is held across the stop: one keeps the worker alive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectWallet, readGhostId, setServerUrl } from '../support/browser/extension-flows.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { waitUntil } from '../support/wait-until.ts';

let server: TestServer;
let profile: ChromiumProfile;

beforeAll(async () => {
  server = await startTestServer();
  profile = await launchChromiumProfile();
  await setServerUrl(profile, server.url);
});

afterAll(async () => {
  await profile?.close();
  await server?.stop();
});

describe('service worker lifetime', () => {
  it('comes back after being stopped and signs in again without the wallet', async () => {
    const popup = await profile.openExtensionPage('popup.html');
    const before = await connectWallet(profile, popup, server.url);
    await popup.close();
    expect(profile.walletCalls.signMessage).toBe(1);
    expect(server.registry.readyCount).toBe(1);

    const target = await profile.browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().includes(profile.extensionId),
    );
    const worker = await target.worker();
    await worker!.close(); // Target.closeTarget: Chrome stops the worker
    await waitUntil(() => server.registry.readyCount === 0, 20_000, 'the old session to close');

    // Any event wakes the worker; here a page asking for the status, as the popup does.
    const reopened = await profile.openExtensionPage('popup.html');
    const after = await readGhostId(reopened, before);
    expect(after).not.toBe(before);
    expect(profile.walletCalls.signMessage).toBe(1);
    expect(profile.walletCalls.connect).toBe(1);
    await waitUntil(
      () => server.registry.readyCount === 1,
      20_000,
      () => `one live session (now ${server.registry.readyCount})`,
    );
  });
});
