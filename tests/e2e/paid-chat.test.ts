/**
 * Scenario 3: a paid chat through the UI. Alice pastes Bob's ghostId, sees it live and the price,
 * approves the payment in her (test) wallet, gets the keys and enters the chat; Bob finds his key
 * in the popup's key selector, joins, and they talk. Runs on the embedded local chain.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChat, sendText, waitForMemberCount, waitForMessage } from '../support/browser/chat-flows.ts';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectProfile, pickTestWallet } from '../support/browser/extension-flows.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const AIRDROP_LAMPORTS = '2000000000'; // 2 SOL: the price of two keys and the fee

let server: TestServer;
let alice: ChromiumProfile;
let bob: ChromiumProfile;
let alicePanel: Page;
let bobPanel: Page;
let bobGhostId: string;

beforeAll(async () => {
  server = await startTestServer();
  [alice, bob] = await Promise.all([launchChromiumProfile(), launchChromiumProfile()]);
  await connectProfile(alice, server.url);
  bobGhostId = await connectProfile(bob, server.url);
  const airdrop = await fetch(`${server.url}/v1/dev/airdrop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ wallet: alice.wallet.address, lamports: AIRDROP_LAMPORTS }),
  });
  expect(airdrop.status).toBe(200);
  [alicePanel, bobPanel] = await Promise.all([openChat(alice), openChat(bob)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  await server?.stop();
});

describe('paid chat through the UI', () => {
  it('checks the invitee, quotes, pays in the wallet, mints keys and opens the chat', async () => {
    await alicePanel.type('textarea[name="ghost-ids"]', bobGhostId);
    await alicePanel.click('xpath/.//button[contains(., "Check who is live")]');
    await alicePanel.waitForSelector('xpath/.//*[@data-testid="live-list"]//li[contains(., "● live")]');

    await alicePanel.type('input[name="chat-name"]', 'Plans');
    await alicePanel.click('xpath/.//button[contains(., "Get price")]');
    const quote = await alicePanel.waitForSelector('[data-testid="quote"]');
    expect(await quote!.evaluate((el) => el.textContent)).toContain('0.02 SOL');

    await alicePanel.click('xpath/.//button[contains(., "Pay with wallet")]');
    await pickTestWallet(alice, alicePanel, server.url);

    await alicePanel.waitForSelector('[data-testid="chat-room"]', { timeout: 60_000 });
    expect(alice.walletCalls.signTransaction).toBe(1);
    expect(await alicePanel.$eval('#room-heading', (el) => el.textContent)).toBe('Plans');
  });

  it('the invitee joins with the key from the popup and they talk', async () => {
    const popup = await bob.openExtensionPage('popup.html');
    const join = await popup.waitForSelector(
      'xpath/.//li[contains(., "Plans")]//button[contains(., "Join")]',
      {
        timeout: 20_000,
      },
    );
    await bob.screenshot(popup, 'popup-keys');
    await join!.click();
    await bobPanel.waitForSelector('[data-testid="chat-room"]', { timeout: 30_000 });
    await Promise.all([waitForMemberCount(alicePanel, 2), waitForMemberCount(bobPanel, 2)]);
    // The chat's name reaches the invitee end to end (the buyer's panel named the room).
    await bobPanel.waitForFunction(() => document.querySelector('#room-heading')?.textContent === 'Plans', {
      timeout: 10_000,
    });

    await sendText(bobPanel, 'paid hello');
    await waitForMessage(alicePanel, 'paid hello');
    await sendText(alicePanel, 'welcome, bob');
    await waitForMessage(bobPanel, 'welcome, bob');
  });
});
