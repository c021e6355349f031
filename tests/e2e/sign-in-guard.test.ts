/**
 * Issue #10, "the sign-in domain is whatever the server says": the extension refuses, before the
 * wallet is asked, a challenge whose domain is not the configured server's host or whose cluster
 * is not a standard name, and a server that later names another cluster than the one confirmed
 * at the first sign-in. The test wallet records every request: it must see none.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectWallet, setServerUrl, submitServerUrl } from '../support/browser/extension-flows.ts';
import { startTamperingProxy, type TamperingProxy } from '../support/tampering-proxy.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let phantom: TestServer;
let proxy: TamperingProxy;
let server: TestServer;
let profile: ChromiumProfile;
let popup: Page;

beforeAll(async () => {
  proxy = await startTamperingProxy();
  [phantom, server] = await Promise.all([
    startTestServer({ ANOGHOST_DOMAIN: 'phantom.app' }, { paidChats: false }),
    startTestServer({ ANOGHOST_DOMAIN: proxy.host }, { paidChats: false }),
  ]);
  proxy.forwardTo(server.url);
  profile = await launchChromiumProfile();
  await setServerUrl(profile, phantom.url);
  popup = await profile.openExtensionPage('popup.html');
});

afterAll(async () => {
  await profile?.close();
  await Promise.all([phantom?.stop(), server?.stop()]);
  await proxy?.close();
});

/** Clicks "Connect wallet" in the popup and returns the alert it then shows that starts with `start`. */
async function connectAndReadAlert(start: string): Promise<string> {
  const button = await popup.waitForSelector('xpath/.//button[contains(., "Connect wallet")]');
  await button!.click();
  const alert = await popup
    .waitForFunction(
      (prefix) =>
        [...document.querySelectorAll('p[role="alert"]')]
          .map((p) => p.textContent ?? '')
          .find((text) => text.startsWith(prefix)),
      { timeout: 15_000 },
      start,
    )
    .catch(async (error: Error) => {
      const shown = await popup.$$eval('p[role="alert"]', (ps) => ps.map((p) => p.textContent));
      throw new Error(`${error.message}; alerts shown: ${JSON.stringify(shown)}`);
    });
  return (await alert.jsonValue()) ?? '';
}

async function useServer(url: string): Promise<void> {
  const options = await profile.openExtensionPage('options.html');
  await submitServerUrl(options, url);
  await options.close();
  await popup.reload();
}

const connectPages = () => profile.browser.targets().filter((t) => t.url().includes('/connect'));

describe('sign-in challenges the wallet never sees', () => {
  it('refuses a server that asks to sign in as another domain', async () => {
    expect(await connectAndReadAlert('The server')).toBe(
      `The server asks to sign in to "phantom.app", which is not its own address (${new URL(phantom.url).host}). AnoGhost refused to sign in; your wallet was not asked.`,
    );
    expect(profile.walletRequests).toEqual([]);
    expect(connectPages()).toEqual([]);
  });

  it('refuses a cluster outside the four standard names', async () => {
    await useServer(proxy.url);
    proxy.tamper({ frame: (f) => (f.t === 'challenge' ? { ...f, cluster: 'mainnet-beta' } : f) });
    expect(await connectAndReadAlert('The server')).toBe(
      'The server names the Solana cluster "mainnet-beta", which is none of mainnet, devnet, testnet, localnet. AnoGhost refused to sign in; your wallet was not asked.',
    );
    expect(profile.walletRequests).toEqual([]);
    expect(connectPages()).toEqual([]);
  });

  it('keeps the cluster of the first sign-in and refuses a server that later names another', async () => {
    proxy.tamper({});
    await connectWallet(profile, popup, proxy.url);
    expect(await popup.$eval('[data-testid="server-line"]', (el) => el.textContent)).toBe(
      `Server: ${proxy.url} · Solana localnet`,
    );
    const asked = profile.walletRequests.length;
    expect(asked).toBeGreaterThan(0);

    // The server now says devnet; the connection drops and comes back to that challenge.
    proxy.tamper({ frame: (f) => (f.t === 'challenge' ? { ...f, cluster: 'devnet' } : f) });
    proxy.dropConnections();
    await popup.waitForSelector('xpath/.//button[contains(., "Connect wallet")]', { timeout: 20_000 });
    expect(await connectAndReadAlert('This server')).toContain(
      'This server now says it runs on Solana devnet, but you confirmed localnet for it. AnoGhost will not sign in; your wallet was not asked.',
    );
    expect(profile.walletRequests).toHaveLength(asked);
  });
});
