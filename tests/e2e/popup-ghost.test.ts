/**
 * Scenario 1: connect the test wallet → a ghostId shows in the popup; rotate-now changes it; the
 * countdown to the next rotation matches the server's `rotatesAt`.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectWallet, readGhostId, setServerUrl } from '../support/browser/extension-flows.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let profile: ChromiumProfile;
let popup: Page;

beforeAll(async () => {
  server = await startTestServer();
  profile = await launchChromiumProfile();
  await setServerUrl(profile, server.url);
  popup = await profile.openExtensionPage('popup.html');
});

afterAll(async () => {
  await profile?.close();
  await server?.stop();
});

describe('popup: ghostId', () => {
  let first: string;

  it('connects the wallet through /connect and shows a ghostId', async () => {
    first = await connectWallet(profile, popup, server.url);
    expect(first).toMatch(/^[A-Za-z0-9_-]{20,96}$/);
    expect(profile.walletCalls.connect).toBe(1);
    expect(profile.walletCalls.signMessage).toBe(1);
    const state = await popup.$eval('[data-testid="connection-state"]', (el) =>
      el.getAttribute('data-state'),
    );
    expect(state).toBe('online');
    await profile.screenshot(popup, 'popup-connected');
  });

  it('rotate now shows a new ghostId, and a new ghost card for it', async () => {
    const firstCard = await popup.$eval('[data-testid="ghost-card"]', (el) => el.textContent ?? '');
    expect(firstCard).toMatch(new RegExp(`^${first}\\.[A-Za-z0-9_-]{43}$`));
    await popup.click('[data-testid="rotate-now"]');
    const second = await readGhostId(popup, first);
    expect(second).not.toBe(first);
    const secondCard = await popup.$eval('[data-testid="ghost-card"]', (el) => el.textContent ?? '');
    expect(secondCard.startsWith(`${second}.`)).toBe(true);
    expect(secondCard.split('.')[1]).not.toBe(firstCard.split('.')[1]); // a fresh invite key
    expect(profile.walletCalls.signMessage).toBe(1);
  });

  it('counts down to the server’s rotatesAt', async () => {
    const before = Date.now();
    const { text, rotatesAt } = await popup.$eval('[data-testid="rotation-countdown"]', (el) => ({
      text: el.textContent ?? '',
      rotatesAt: Number(el.getAttribute('data-rotates-at')),
    }));
    const after = Date.now();
    const status = await profile.evaluateInWorker<{ ghost: { rotatesAt: number } }>('anoghost.status()');
    expect(rotatesAt).toBe(status.ghost.rotatesAt);
    const [minutes, seconds] = text.split(':').map(Number);
    const shownMs = ((minutes ?? 0) * 60 + (seconds ?? 0)) * 1000;
    // Shown in whole seconds, ticking each second, read between `before` and `after`.
    expect(shownMs).toBeGreaterThanOrEqual(rotatesAt - after - 2_000);
    expect(shownMs).toBeLessThanOrEqual(rotatesAt - before + 2_000);
    expect(shownMs).toBeLessThanOrEqual(300_000);
  });

  it('the side panel page renders the chat for the connected session', async () => {
    const panel = await profile.openExtensionPage('sidepanel.html');
    await panel.waitForSelector('[data-testid="panel-state"][data-state="online"]');
    await profile.screenshot(panel, 'sidepanel');
    await panel.close();
  });
});
