/**
 * Scenario 2: two browser profiles, two test wallets, one real server. An open free room (with a
 * name) is created and its code shared; the other joins at once; both list two members with
 * fingerprints, and A's view of B's fingerprint is B's own; messages go both ways, decrypted, under
 * the sender's nickname; a temporary message vanishes on both sides at its end; unsend removes a
 * message on the other side; typing shows; a verified mark survives B's connection dropping (B's
 * leaf removed, a new one with the same key); leaving updates the member list; a new panel of the
 * same install comes back under the same fingerprint (the install secret), still verified at A.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRoom,
  dropConnection,
  joinRoom,
  leaveRoom,
  openChat,
  readMembers,
  readOwnFingerprint,
  sendText,
  setNickname,
  toggleVerified,
  unsendMessage,
  waitForMemberCount,
  waitForMessage,
  waitForNoMessage,
  waitForRoomStatus,
} from '../support/browser/chat-flows.ts';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectProfile } from '../support/browser/extension-flows.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const FINGERPRINT = /^\d{5} \d{5} \d{5} \d{5} \d{5}$/;

let server: TestServer;
let alice: ChromiumProfile;
let bob: ChromiumProfile;
let alicePanel: Page;
let bobPanel: Page;
let shareCode: string;
let bobFirstFingerprint: string;

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

/** Empties the message field as a person does (the panel keeps what the field shows). */
async function clearComposer(page: Page): Promise<void> {
  await page.focus('textarea[name="message"]');
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  expect(await page.$eval('textarea[name="message"]', (el) => (el as HTMLTextAreaElement).value)).toBe('');
}

describe('two profiles in an open free room', () => {
  it('creates a named open room, shares its code, and the other profile joins at once', async () => {
    shareCode = await createRoom(alicePanel, { admission: 'open', name: 'Weekend plans' });
    expect(shareCode).toMatch(/^ag1q[a-z0-9]{58}$/); // the secret code: it opens the room
    expect(await alicePanel.$eval('[data-testid="share-hint"]', (el) => el.textContent)).toContain(
      'anyone who has it can join',
    );

    await joinRoom(bobPanel, shareCode);
    await waitForRoomStatus(bobPanel, 'joined');
    await Promise.all([waitForMemberCount(alicePanel, 2), waitForMemberCount(bobPanel, 2)]);
    await bobPanel.waitForFunction(
      () => document.querySelector('#room-heading')?.textContent === 'Weekend plans',
      { timeout: 10_000 },
    );
  });

  it('lists both members with fingerprints; A sees B under the fingerprint B shows for itself', async () => {
    const [atAlice, atBob] = await Promise.all([readMembers(alicePanel), readMembers(bobPanel)]);
    for (const list of [atAlice, atBob]) {
      expect(list).toHaveLength(2);
      expect(list.filter((m) => m.self)).toHaveLength(1);
      for (const m of list) {
        expect(m.fingerprint).toMatch(FINGERPRINT);
        expect(m.verified).toBe(false);
        expect(m.keyChanged).toBe(false);
      }
      expect(list.find((m) => m.self)!.name).toMatch(/\(you\)$/);
    }
    const [aliceOwn, bobOwn] = await Promise.all([
      readOwnFingerprint(alicePanel),
      readOwnFingerprint(bobPanel),
    ]);
    expect(aliceOwn).not.toBe(bobOwn);
    expect(atAlice.find((m) => !m.self)!.fingerprint).toBe(bobOwn);
    expect(atBob.find((m) => !m.self)!.fingerprint).toBe(aliceOwn);
    // Each side calls the other by the same ghost name (derived from the fingerprint).
    expect(atAlice.find((m) => !m.self)!.name).toBe(atBob.find((m) => m.self)!.name.replace(/ \(you\)$/, ''));
  });

  it('exchanges messages both ways, decrypted on the other side, under the sender’s nickname', async () => {
    await setNickname(bobPanel, 'bob');
    await alicePanel.waitForFunction(
      () =>
        [
          ...document.querySelectorAll(
            '[data-testid="members"] li:not([data-self]) [data-testid="member-name"]',
          ),
        ].some((el) => el.textContent?.startsWith('bob')),
      { timeout: 10_000 },
    );
    await sendText(alicePanel, 'hello from alice');
    await waitForMessage(bobPanel, 'hello from alice');
    await sendText(bobPanel, 'hello from bob');
    await waitForMessage(alicePanel, 'hello from bob');
    const sender = await alicePanel.$$eval('.message:not(.own)', (items) =>
      items.map((li) => [
        li.querySelector('[data-testid="message-sender"]')?.textContent?.trim(),
        li.querySelector('.body')?.textContent,
      ]),
    );
    expect(sender).toContainEqual(['bob', 'hello from bob']);
  });

  it('shows that the other is typing, by name', async () => {
    // The library sends at most one typing notice per 2 s: type at a person's pace.
    await bobPanel.type('textarea[name="message"]', 'typing…', { delay: 400 });
    await alicePanel.waitForFunction(
      () => (document.querySelector('[data-testid="typing"]')?.textContent ?? '') === 'bob typing…',
      { timeout: 10_000 },
    );
    await clearComposer(bobPanel);
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
    await unsendMessage(alicePanel, 'oops, wrong room');
    await Promise.all([
      waitForNoMessage(bobPanel, 'oops, wrong room'),
      waitForNoMessage(alicePanel, 'oops, wrong room'),
    ]);
    await waitForMessage(bobPanel, 'hello from alice');
  });

  it('keeps a verified mark when the verified member’s connection drops and comes back', async () => {
    const bobFingerprint = await readOwnFingerprint(bobPanel);
    bobFirstFingerprint = bobFingerprint;
    await toggleVerified(alicePanel, bobFingerprint);
    await alicePanel.waitForSelector(`li[data-fingerprint="${bobFingerprint}"][data-verified="true"]`);
    await alice.screenshot(alicePanel, 'sidepanel-verified');

    // B's network drops: the server sees it leave, A removes its leaf; B shows "Reconnecting…".
    const cut = await dropConnection(bobPanel);
    await waitForRoomStatus(bobPanel, 'rejoining');
    expect(await bobPanel.$eval('[data-testid="room-status"]', (el) => el.textContent)).toBe(
      'Reconnecting… This room rejoins by itself when the connection is back.',
    );
    await waitForMemberCount(alicePanel, 1);
    await bob.screenshot(bobPanel, 'sidepanel-reconnecting');
    await cut.restore();

    // B is back with a new leaf, the same key: A still shows it verified, under its nickname.
    await waitForRoomStatus(bobPanel, 'joined', 30_000);
    await waitForMemberCount(alicePanel, 2);
    expect(await readOwnFingerprint(bobPanel)).toBe(bobFingerprint);
    const atAlice = await readMembers(alicePanel);
    expect(atAlice.find((m) => m.fingerprint === bobFingerprint)).toMatchObject({
      verified: true,
      keyChanged: false,
    });
    expect(atAlice.find((m) => m.fingerprint === bobFingerprint)!.name).toMatch(/^bob/);
    await sendText(bobPanel, 'back again');
    await waitForMessage(alicePanel, 'back again');
  });

  it('updates the member list when one leaves', async () => {
    await leaveRoom(bobPanel);
    await waitForMemberCount(alicePanel, 1);
  });

  it('a new panel of the same install has the same fingerprint in the room (the install secret)', async () => {
    expect(await readMembers(alicePanel)).toHaveLength(1);
    await bobPanel.close(); // closing the panel closes its connection
    bobPanel = await openChat(bob);
    await joinRoom(bobPanel, shareCode);
    await waitForRoomStatus(bobPanel, 'joined');
    await waitForMemberCount(alicePanel, 2);
    const bobFingerprint = await readOwnFingerprint(bobPanel);
    expect(bobFingerprint).toBe(bobFirstFingerprint);
    const atAlice = (await readMembers(alicePanel)).find((m) => !m.self)!;
    expect(atAlice.fingerprint).toBe(bobFingerprint);
    expect(atAlice.verified).toBe(true); // Alice's mark is by fingerprint: it still holds
  });
});
