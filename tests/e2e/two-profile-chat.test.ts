/**
 * Scenario 2: two browser profiles, two test wallets, one real server. A free room is created and
 * its code shared; the other joins; messages go both ways and are read decrypted on the other side;
 * safety codes match; a temporary message vanishes on both sides at its end; unsend removes a
 * message on the other side; typing shows; leaving updates the member list.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openChat,
  readSafetyCode,
  sendText,
  waitForMemberCount,
  waitForMessage,
  waitForNoMessage,
} from '../support/browser/chat-flows.ts';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectProfile } from '../support/browser/extension-flows.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let alice: ChromiumProfile;
let bob: ChromiumProfile;
let alicePanel: Page;
let bobPanel: Page;

beforeAll(async () => {
  server = await startTestServer();
  [alice, bob] = await Promise.all([launchChromiumProfile(), launchChromiumProfile()]);
  for (const profile of [alice, bob]) await connectProfile(profile, server.url);
  expect(alice.wallet.address).not.toBe(bob.wallet.address);
  [alicePanel, bobPanel] = await Promise.all([openChat(alice), openChat(bob)]);
});

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  await server?.stop();
});

describe('two profiles in a free room', () => {
  it('creates a room, shares its code, and the other profile joins', async () => {
    await alicePanel.click('[data-testid="create-room"]');
    const code = await alicePanel.waitForSelector('[data-testid="share-code"]');
    const shareCode = (await code!.evaluate((el) => el.textContent ?? '')).trim();
    expect(shareCode).toMatch(/^ag1[a-z0-9]{59}$/);

    await bobPanel.type('input[name="join"]', shareCode);
    await bobPanel.click('[data-testid="join-room"]');
    await bobPanel.waitForSelector('[data-testid="chat-room"]');
    await Promise.all([waitForMemberCount(alicePanel, 2), waitForMemberCount(bobPanel, 2)]);
  });

  it('exchanges messages both ways, decrypted on the other side', async () => {
    await sendText(alicePanel, 'hello from alice');
    await waitForMessage(bobPanel, 'hello from alice');
    await sendText(bobPanel, 'hello from bob');
    await waitForMessage(alicePanel, 'hello from bob');
  });

  it('shows the same safety code on both sides', async () => {
    await alicePanel.waitForFunction(
      () => (document.querySelector('[data-testid="safety-code"]')?.textContent ?? '').length > 20,
    );
    const [a, b] = await Promise.all([readSafetyCode(alicePanel), readSafetyCode(bobPanel)]);
    expect(a).toMatch(/^[\d ]{30,}$/);
    expect(a).toBe(b);
  });

  it('shows that the other is typing', async () => {
    // The library sends at most one typing notice per 2 s: type at a person's pace.
    await bobPanel.type('textarea[name="message"]', 'typing…', { delay: 400 });
    await alicePanel.waitForFunction(
      () => (document.querySelector('[data-testid="typing"]')?.textContent ?? '').includes('typing'),
      { timeout: 10_000 },
    );
    await bobPanel.$eval('textarea[name="message"]', (el) => {
      (el as HTMLTextAreaElement).value = '';
    });
  });

  it('removes a temporary message on both sides at the end of its lifetime', async () => {
    const sentAt = Date.now();
    await sendText(alicePanel, 'this will vanish', 10);
    const acked = Date.now();
    await waitForMessage(bobPanel, 'this will vanish');
    expect(await bobPanel.$eval('[data-testid="message-countdown"]', (el) => el.textContent)).toMatch(
      /vanishes in 0:(0\d|10)/,
    );
    await alice.screenshot(alicePanel, 'sidepanel-chat');
    await Promise.all([
      waitForNoMessage(alicePanel, 'this will vanish'),
      waitForNoMessage(bobPanel, 'this will vanish'),
    ]);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(9_000);
    expect(Date.now() - acked).toBeLessThan(16_000);
  });

  it('unsends a message on the other side', async () => {
    await sendText(alicePanel, 'oops, wrong room');
    await waitForMessage(bobPanel, 'oops, wrong room');
    const button = await alicePanel.waitForSelector(
      'xpath/.//li[contains(@class, "own")][.//p[text()="oops, wrong room"]]//button[contains(., "Unsend")]',
    );
    await button!.click();
    await Promise.all([
      waitForNoMessage(bobPanel, 'oops, wrong room'),
      waitForNoMessage(alicePanel, 'oops, wrong room'),
    ]);
    await waitForMessage(bobPanel, 'hello from alice');
  });

  it('updates the member list when one leaves', async () => {
    await bobPanel.click('[data-testid="leave-room"]');
    await waitForMemberCount(alicePanel, 1);
    await bobPanel.waitForSelector('#create-heading');
  });
});
