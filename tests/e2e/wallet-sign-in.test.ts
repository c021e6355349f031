/**
 * PROTOCOL.md §2: a wallet that offers `solana:signIn` signs the sign-in through it (its own
 * sign-in screen) and is not asked for `solana:signMessage`; the server accepts that signature.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectWallet, setServerUrl } from '../support/browser/extension-flows.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let profile: ChromiumProfile;
let popup: Page;

beforeAll(async () => {
  server = await startTestServer();
  profile = await launchChromiumProfile({ walletSignIn: true });
  await setServerUrl(profile, server.url);
  popup = await profile.openExtensionPage('popup.html');
});

afterAll(async () => {
  await profile?.close();
  await server?.stop();
});

describe('wallet with solana:signIn', () => {
  it('signs in through solana:signIn instead of signMessage', async () => {
    const ghostId = await connectWallet(profile, popup, server.url);
    expect(ghostId).toMatch(/^[A-Za-z0-9_-]{20,96}$/);
    expect(profile.walletCalls.signIn).toBe(1);
    expect(profile.walletCalls.signMessage ?? 0).toBe(0);
  });
});
