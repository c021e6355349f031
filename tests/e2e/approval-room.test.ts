/**
 * Three browser profiles in an approval room: the share code only knocks; a knocker waits ("Waiting
 * for a member to approve you") while the members see its ghost name and fingerprint with Approve
 * and Dismiss (a dismissal is one member's own); once a member approves it in its panel, it reads
 * and sends. A member who takes the nickname of a verified member with another key is flagged
 * loudly. A member whose connection stays down is removed (the others see it leave); what is said
 * meanwhile never reaches it, what is said after it rejoined does.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeRoomInfo,
  createRoom,
  dropConnection,
  joinRoom,
  openChat,
  openRoomInfo,
  readMembers,
  readMessages,
  readOwnFingerprint,
  sendText,
  setNickname,
  toggleVerified,
  waitForMemberCount,
  waitForMessage,
  waitForRoomStatus,
} from '../support/browser/chat-flows.ts';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectProfile } from '../support/browser/extension-flows.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let profiles: ChromiumProfile[] = [];
let alice: ChromiumProfile;
let bob: ChromiumProfile;
let carol: ChromiumProfile;
let alicePanel: Page;
let bobPanel: Page;
let carolPanel: Page;
let knockCode: string;

beforeAll(async () => {
  server = await startTestServer();
  profiles = await Promise.all([launchChromiumProfile(), launchChromiumProfile(), launchChromiumProfile()]);
  [alice, bob, carol] = profiles as [ChromiumProfile, ChromiumProfile, ChromiumProfile];
  for (const profile of profiles) await connectProfile(profile, server.url);
  [alicePanel, bobPanel, carolPanel] = await Promise.all([openChat(alice), openChat(bob), openChat(carol)]);
});

afterAll(async () => {
  await Promise.all(profiles.map((p) => p.close()));
  await server?.stop();
});

/** The join requests a panel shows: ghost name and fingerprint. */
function readRequests(page: Page): Promise<{ name: string; fingerprint: string }[]> {
  return page.$$eval('[data-testid="join-requests"] li', (items) =>
    items.map((li) => ({
      name: li.querySelector('[data-testid="request-name"]')?.textContent ?? '',
      fingerprint: li.querySelector('[data-testid="fingerprint"]')?.textContent ?? '',
    })),
  );
}

async function waitForRequests(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="join-requests"] li').length === n,
    { timeout: 15_000 },
    count,
  );
}

/** The knocker waits, the members see its request; `approver` approves it; resolves with its fingerprint. */
async function knockAndApprove(knocker: Page, codeOrLink: string, approver: Page, members: Page[]) {
  await joinRoom(knocker, codeOrLink);
  await waitForRoomStatus(knocker, 'knocking');
  expect(await knocker.$eval('[data-testid="room-status"]', (el) => el.textContent)).toContain(
    'Waiting for a member to approve you',
  );
  expect(await knocker.$('textarea[name="message"]')).toBeNull(); // nothing to read or send yet
  await Promise.all(members.map((m) => waitForRequests(m, 1)));
  const [request] = await readRequests(approver);
  expect(request!.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{3}$/);
  expect(request!.fingerprint).toMatch(/^\d{5} \d{5} \d{5} \d{5} \d{5}$/);
  for (const m of members) expect(await readRequests(m)).toEqual([request]);
  return {
    request: request!,
    approve: () => approver.click(`button[aria-label="Approve ${request!.name}"]`),
  };
}

describe('an approval room with three profiles', () => {
  it('creates an approval room whose code only asks to join', async () => {
    knockCode = await createRoom(alicePanel, { admission: 'approval', name: 'Book club' });
    expect(knockCode).toMatch(/^ag1p[a-z0-9]+$/); // the knock code: the roomId, not the room secret
    expect(await alicePanel.$eval('[data-testid="share-hint"]', (el) => el.textContent)).toContain(
      'it asks to join',
    );
    await waitForMemberCount(alicePanel, 1);
  });

  it('a knocker waits until a member approves it, then is a member', async () => {
    const { request, approve } = await knockAndApprove(bobPanel, knockCode, alicePanel, [alicePanel]);
    await approve();
    await waitForRoomStatus(bobPanel, 'joined');
    await Promise.all([waitForMemberCount(alicePanel, 2), waitForMemberCount(bobPanel, 2)]);
    await waitForRequests(alicePanel, 0);
    expect(await readOwnFingerprint(bobPanel)).toBe(request.fingerprint);
    await bobPanel.waitForFunction(
      () => document.querySelector('#room-heading')?.textContent === 'Book club',
      {
        timeout: 10_000,
      },
    );
  });

  it('a third profile knocks by the link; one member dismisses, another approves it, and it reads and sends', async () => {
    const link = `${server.url}/join#${knockCode}`;
    const { request, approve } = await knockAndApprove(carolPanel, link, bobPanel, [alicePanel, bobPanel]);
    await carol.screenshot(carolPanel, 'sidepanel-knocking');
    await alice.screenshot(alicePanel, 'sidepanel-join-request');
    // Alice dismisses it: gone from her list only; Carol still waits, Bob still sees it.
    await alicePanel.click(`button[aria-label="Dismiss ${request.name}"]`);
    await waitForRequests(alicePanel, 0);
    expect(await readRequests(bobPanel)).toEqual([request]);
    expect(await carolPanel.$eval('[data-testid="chat-room"]', (el) => el.getAttribute('data-status'))).toBe(
      'knocking',
    );
    await approve(); // Bob, who was approved himself, holds the room secret and can approve
    await waitForRoomStatus(carolPanel, 'joined');
    await Promise.all([alicePanel, bobPanel, carolPanel].map((p) => waitForMemberCount(p, 3)));
    await Promise.all([waitForRequests(alicePanel, 0), waitForRequests(bobPanel, 0)]);
    const carolFingerprint = await readOwnFingerprint(carolPanel);
    expect(carolFingerprint).toBe(request.fingerprint);
    expect((await readMembers(alicePanel)).map((m) => m.fingerprint)).toContain(carolFingerprint);

    await sendText(alicePanel, 'welcome, carol');
    await waitForMessage(carolPanel, 'welcome, carol');
    await sendText(carolPanel, 'thanks for letting me in');
    await Promise.all([
      waitForMessage(alicePanel, 'thanks for letting me in'),
      waitForMessage(bobPanel, 'thanks for letting me in'),
    ]);
  });

  it('flags a member who takes the nickname of a verified member with another key', async () => {
    await setNickname(bobPanel, 'bob');
    const bobFingerprint = await readOwnFingerprint(bobPanel);
    await alicePanel.waitForFunction(
      (fp) =>
        document
          .querySelector(`li[data-fingerprint="${fp}"] [data-testid="member-name"]`)
          ?.textContent?.startsWith('bob'),
      { timeout: 10_000 },
      bobFingerprint,
    );
    await toggleVerified(alicePanel, bobFingerprint);
    await setNickname(carolPanel, 'bob');
    const carolFingerprint = await readOwnFingerprint(carolPanel);
    const warning = await alicePanel.waitForSelector(
      `li[data-fingerprint="${carolFingerprint}"] [data-testid="key-changed"]`,
      { timeout: 10_000 },
    );
    expect(await warning!.evaluate((el) => el.textContent)).toContain(
      'uses the name of a verified member with a different key',
    );
    const members = await readMembers(alicePanel);
    expect(members.find((m) => m.fingerprint === bobFingerprint)).toMatchObject({
      verified: true,
      keyChanged: false,
    });
    expect(members.find((m) => m.fingerprint === carolFingerprint)).toMatchObject({
      verified: false,
      keyChanged: true,
    });
    // Her messages are named so too: "bob (Lunar Stoat 140, not the verified member ⚠)".
    const sender = await alicePanel.$$eval('.message:not(.own)', (items) =>
      items
        .filter((li) => li.querySelector('.body')?.textContent === 'thanks for letting me in')
        .map((li) => li.querySelector('[data-testid="message-sender"]')?.textContent ?? ''),
    );
    expect(sender).toHaveLength(1);
    expect(sender[0]).toMatch(/^bob \([A-Z][a-z]+ [A-Z][a-z]+ \d{3}, not the verified member ⚠\)$/);
    await openRoomInfo(alicePanel);
    await alice.screenshot(alicePanel, 'sidepanel-key-changed');
    await closeRoomInfo(alicePanel);
  });

  it('a member whose connection stays down is removed and never gets what was said meanwhile', async () => {
    const cut = await dropConnection(carolPanel);
    await waitForRoomStatus(carolPanel, 'rejoining');
    // The others see Carol leave: the lowest present leaf removed hers from the group.
    await Promise.all([waitForMemberCount(alicePanel, 2), waitForMemberCount(bobPanel, 2)]);
    await sendText(alicePanel, 'said while carol was away');
    await waitForMessage(bobPanel, 'said while carol was away');

    await cut.restore();
    await waitForRoomStatus(carolPanel, 'joined', 30_000);
    await Promise.all([alicePanel, bobPanel, carolPanel].map((p) => waitForMemberCount(p, 3)));
    await sendText(alicePanel, 'said after carol came back');
    await waitForMessage(carolPanel, 'said after carol came back');
    const atCarol = await readMessages(carolPanel);
    expect(atCarol).not.toContain('said while carol was away');
    expect(atCarol).toEqual(['welcome, carol', 'thanks for letting me in', 'said after carol came back']);
  });
});
