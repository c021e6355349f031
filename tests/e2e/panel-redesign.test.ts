/**
 * The side panel as a messenger (issue #13), walked in Chromium with the built extension, two
 * profiles and a real server: the home screen (ghost card, chats with unread count and lifetime,
 * three actions), the New room form with its Options, Join with a bad code (the error beside the
 * field, nothing moving), the conversation in a 360×600 panel (the first message above the fold,
 * a date separator, clock times without seconds, our messages aligned apart, a distinct name per
 * message), the room-info drawer (members with fingerprints and verify, copy code and link, Esc
 * closes it), Esc clearing a draft, unsend through the ⋯ menu with a confirmation and a marker,
 * notifications and the badge for a message in a room not open, previews only when allowed, mute,
 * and the offline banner with create/join disabled, the room read-only, and recovery. Every screen
 * passes axe-core (no serious or critical violation) with body text of at least 14 px.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRoom,
  dropConnection,
  goHome,
  joinRoom,
  openAction,
  openChat,
  openRoomInfo,
  readMembers,
  sendText,
  waitForMemberCount,
  waitForMessage,
  waitForNoMessage,
  waitForRoomStatus,
} from '../support/browser/chat-flows.ts';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectProfile } from '../support/browser/extension-flows.ts';
import { badgeText, checkScreen, shownNotifications } from '../support/browser/panel-checks.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const CLOCK = /^\d{1,2}:\d{2}( [AP]M)?$/; // no seconds
const FINGERPRINT = /^\d{5} \d{5} \d{5} \d{5} \d{5}$/;

let server: TestServer;
let alice: ChromiumProfile;
let bob: ChromiumProfile;
let alicePanel: Page;
let bobPanel: Page;
let shareCode: string;

beforeAll(async () => {
  server = await startTestServer();
  [alice, bob] = await Promise.all([launchChromiumProfile(), launchChromiumProfile()]);
  for (const profile of [alice, bob]) await connectProfile(profile, server.url);
  [alicePanel, bobPanel] = await Promise.all([openChat(alice), openChat(bob)]);
  // A side panel is narrow and short: the conversation must work in 360×600.
  await alicePanel.setViewport({ width: 360, height: 600 });
  await alice.browser
    .defaultBrowserContext()
    .overridePermissions(`chrome-extension://${alice.extensionId}`, [
      'clipboard-read',
      'clipboard-sanitized-write',
    ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([alice?.close(), bob?.close()]);
  await server?.stop();
});

/** The text of every element matching `selector`. */
function texts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) => els.map((el) => el.textContent?.trim() ?? ''));
}

async function chatEntry(page: Page): Promise<{ unread: number; detail: string; last: string }> {
  return page.$eval('[data-testid="chat-entry"]', (li) => ({
    unread: Number(li.getAttribute('data-unread')),
    detail: li.querySelector('[data-testid="chat-detail"]')?.textContent ?? '',
    last: li.querySelector('[data-testid="chat-last"]')?.textContent ?? '',
  }));
}

describe('the side panel, screen by screen', () => {
  it('home: the ghost card with copy, no chats yet, the three actions', async () => {
    const card = await alicePanel.waitForSelector('[data-testid="ghost-card"]');
    expect(await card!.evaluate((el) => el.textContent)).toContain('Share it so someone can invite you');
    expect(await texts(alicePanel, '.actions button')).toEqual(['New room', 'Join with link', 'Paid chat']);
    expect(await alicePanel.$eval('#chats-heading + p', (el) => el.textContent)).toContain('No chats yet');
    await alicePanel.click('[data-testid="copy-card"]');
    await alicePanel.waitForFunction(
      () => document.querySelector('[data-testid="copy-card"]')?.textContent === 'Copied',
    );
    const status = await alice.evaluateInWorker<{ card: string }>('anoghost.status()');
    expect(await alicePanel.evaluate(() => navigator.clipboard.readText())).toBe(status.card);
    await checkScreen(alice, alicePanel, 'home', { dark: true });
  });

  it('new room: a short form with lifetimes under Options', async () => {
    await openAction(alicePanel, 'new-room');
    const options = await alicePanel.$('[data-testid="room-options"]');
    expect(await options!.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
    expect(await alicePanel.$('select[name="new-room-name"]')).toBeNull();
    await alicePanel.click('[data-testid="room-options"] summary');
    expect(await texts(alicePanel, '[data-testid="room-options"] label')).toEqual([
      expect.stringContaining('Room lifetime'),
      expect.stringContaining('Default message lifetime'),
    ]);
    await checkScreen(alice, alicePanel, 'new-room');
    await goHome(alicePanel);
  });

  it('join with link: a bad code is refused beside the field, before the server, without moving the form', async () => {
    await openAction(bobPanel, 'join');
    const before = await bobPanel.$eval('[data-testid="join-room"]', (el) => el.getBoundingClientRect().top);
    await bobPanel.type('input[name="join"]', 'not-a-room-code');
    await bobPanel.click('[data-testid="join-room"]');
    const error = await bobPanel.waitForSelector(
      'xpath/.//*[@data-testid="join-error"][string-length(.) > 0]',
    );
    expect(await error!.evaluate((el) => el.textContent)).toContain('This is not a room link or code');
    const [field, shown] = await Promise.all([
      bobPanel.$eval('input[name="join"]', (el) => el.getBoundingClientRect().toJSON() as DOMRect),
      error!.evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect),
    ]);
    expect(shown.top - field.bottom).toBeLessThan(12); // right under its field
    expect(await bobPanel.$eval('input[name="join"]', (el) => el.getAttribute('aria-invalid'))).toBe('true');
    const after = await bobPanel.$eval('[data-testid="join-room"]', (el) => el.getBoundingClientRect().top);
    expect(after).toBe(before); // the space was kept: nothing jumps
    expect(server.rooms.roomCount).toBe(0);
    await checkScreen(bob, bobPanel, 'join-error');
    await goHome(bobPanel);
  });

  it('conversation: a new room opens on its conversation, with a way to invite', async () => {
    shareCode = await createRoom(alicePanel, { name: 'Weekend plans' });
    await alicePanel.waitForSelector('[data-testid="invite-people"]');
    await checkScreen(alice, alicePanel, 'conversation-empty');
    await joinRoom(bobPanel, shareCode);
    await waitForRoomStatus(bobPanel, 'joined');
    await Promise.all([waitForMemberCount(alicePanel, 2), waitForMemberCount(bobPanel, 2)]);
  });

  it('conversation: the first message above the fold in 360×600, a date separator, clock times, ours apart', async () => {
    await sendText(bobPanel, 'hi alice, plans for saturday?');
    await waitForMessage(alicePanel, 'hi alice, plans for saturday?');
    await sendText(alicePanel, 'hiking, if it does not rain');
    await waitForMessage(bobPanel, 'hiking, if it does not rain');

    const first = await alicePanel.$eval('.message', (el) => el.getBoundingClientRect().toJSON() as DOMRect);
    expect(first.top).toBeGreaterThanOrEqual(0);
    expect(first.bottom).toBeLessThanOrEqual(600);
    const composer = await alicePanel.$eval(
      '[data-testid="composer"]',
      (el) => el.getBoundingClientRect().bottom,
    );
    expect(composer).toBeLessThanOrEqual(600); // pinned to the bottom, in view
    expect(composer).toBeGreaterThan(500);

    expect(await texts(alicePanel, '[data-testid="date-separator"]')).toEqual(['Today']);
    for (const time of await texts(alicePanel, '[data-testid="message-time"]')) expect(time).toMatch(CLOCK);

    const own = await alicePanel.$eval(
      '.message.own',
      (el) => el.getBoundingClientRect().toJSON() as DOMRect,
    );
    const other = await alicePanel.$eval(
      '.message:not(.own)',
      (el) => el.getBoundingClientRect().toJSON() as DOMRect,
    );
    expect(own.right).toBeGreaterThan(other.right + 20); // ours to the right…
    expect(own.left).toBeGreaterThan(other.left + 20); // …the others' to the left
    const names = await alicePanel.$$eval('.message', (els) =>
      els.map((el) => el.getAttribute('aria-label')),
    );
    expect(names[0]).toMatch(/^Message from [A-Z][a-z]+ [A-Z][a-z]+ \d{3} at \d{1,2}:\d{2}/);
    expect(names[1]).toMatch(/^Your message at \d{1,2}:\d{2}/);
    await checkScreen(alice, alicePanel, 'conversation', { dark: true });
  });

  it('Esc clears a draft', async () => {
    await alicePanel.type('textarea[name="message"]', 'never mind');
    await alicePanel.keyboard.press('Escape');
    expect(
      await alicePanel.$eval('textarea[name="message"]', (el) => (el as HTMLTextAreaElement).value),
    ).toBe('');
  });

  it('the message timer shows on the composer', async () => {
    const timer = '[data-testid="message-timer"]';
    expect(await alicePanel.$eval(timer, (el) => el.getAttribute('data-active'))).toBe('false');
    await alicePanel.select('select[name="lifetime"]', '300');
    expect(await alicePanel.$eval(timer, (el) => el.getAttribute('data-active'))).toBe('true');
    expect(await alicePanel.$eval(timer, (el) => el.getAttribute('title'))).toBe('Vanish after 5 minutes');
    await alicePanel.select('select[name="lifetime"]', '');
  });

  it('room info: members with fingerprints and verify, copy code and link, lifetimes, mute, leave; Esc closes it', async () => {
    await openRoomInfo(alicePanel);
    const members = await readMembers(alicePanel);
    expect(members).toHaveLength(2);
    for (const m of members) expect(m.fingerprint).toMatch(FINGERPRINT);
    expect(await alicePanel.$$('[data-testid="room-info"] [data-testid="verify"]')).toHaveLength(1);
    expect(await alicePanel.$eval('[data-testid="share-code"]', (el) => el.textContent)).toBe(shareCode);
    await alicePanel.click('[data-testid="copy-code"]');
    await alicePanel.waitForFunction(
      () => document.querySelector('[data-testid="copy-code"]')?.textContent === 'Code copied',
    );
    expect(await alicePanel.evaluate(() => navigator.clipboard.readText())).toBe(shareCode);
    await alicePanel.click('[data-testid="copy-link"]');
    await alicePanel.waitForFunction(
      () => document.querySelector('[data-testid="copy-link"]')?.textContent === 'Link copied',
    );
    expect(await alicePanel.evaluate(() => navigator.clipboard.readText())).toBe(
      `${server.url}/join#${shareCode}`,
    );
    expect(await alicePanel.$eval('[data-testid="room-lifetime"]', (el) => el.textContent)).toMatch(
      /The room ends in \d+:\d{2}:\d{2}\./,
    );
    expect(await alicePanel.$('[data-testid="mute"]')).not.toBeNull();
    expect(await alicePanel.$('[data-testid="leave-room"]')).not.toBeNull();
    await checkScreen(alice, alicePanel, 'room-info');
    await alicePanel.keyboard.press('Escape');
    await alicePanel.waitForSelector('[data-testid="room-info"][data-open="false"]');
    expect(await alicePanel.$('[data-testid="room-info"]:not([hidden])')).toBeNull();
  });

  it('unsend: the ⋯ menu, a confirmation, then "You unsent a message" in its place', async () => {
    await sendText(alicePanel, 'oops, wrong chat');
    await waitForMessage(bobPanel, 'oops, wrong chat');
    const menu = await alicePanel.waitForSelector(
      'xpath/.//li[contains(@class, "own")][.//p[text()="oops, wrong chat"]]//button[@data-testid="message-actions"]',
    );
    expect(await menu!.evaluate((el) => el.getAttribute('aria-label'))).toMatch(
      /^Actions for your message at \d{1,2}:\d{2}( [AP]M)?$/,
    );
    await menu!.click();
    await alicePanel.click('[data-testid="unsend"]');
    await alicePanel.waitForSelector('[data-testid="unsend-confirm"]');
    await checkScreen(alice, alicePanel, 'unsend-confirm');
    await alicePanel.click('[data-testid="unsend-yes"]');
    await Promise.all([
      waitForNoMessage(alicePanel, 'oops, wrong chat'),
      waitForNoMessage(bobPanel, 'oops, wrong chat'),
    ]);
    const marker = await alicePanel.waitForSelector('[data-testid="unsent-marker"]');
    expect(await marker!.evaluate((el) => el.textContent)).toMatch(/^You unsent a message · /);
  });

  it('a message in a room not open counts unread, notifies without content, and badges the icon', async () => {
    await goHome(alicePanel);
    const before = (await shownNotifications(alice)).length;
    await sendText(bobPanel, 'are you there?');
    await alicePanel.waitForSelector('[data-testid="chat-entry"][data-unread="1"]', { timeout: 10_000 });
    const entry = await chatEntry(alicePanel);
    expect(entry.detail).toMatch(/^\d+ h left$/); // the room's lifetime left
    expect(entry.last).toMatch(CLOCK);
    expect(await alicePanel.$eval('[data-testid="unread-count"]', (el) => el.textContent)).toBe('1');
    await waitForNotifications(alice, before + 1);
    const shown = await shownNotifications(alice);
    expect(shown.slice(before)).toEqual([{ title: 'AnoGhost', message: 'New message' }]);
    await waitForBadge(alice, '1');
    await checkScreen(alice, alicePanel, 'home-unread', { dark: true });

    // Opening the room reads it: the count and the badge clear.
    await alicePanel.click('[data-testid="chat-entry"] button');
    await alicePanel.waitForSelector('[data-testid="chat-room"]');
    await goHome(alicePanel);
    await alicePanel.waitForSelector('[data-testid="chat-entry"][data-unread="0"]');
    await waitForBadge(alice, '');
  });

  it('with previews allowed, the notification names the room and starts the message', async () => {
    await alicePanel.click('[data-testid="previews"]');
    const before = (await shownNotifications(alice)).length;
    await sendText(bobPanel, 'see you at nine');
    await alicePanel.waitForSelector('[data-testid="chat-entry"][data-unread="1"]', { timeout: 10_000 });
    await waitForNotifications(alice, before + 1);
    const [shown] = (await shownNotifications(alice)).slice(before);
    expect(shown!.title).toBe('Weekend plans');
    expect(shown!.message).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{3}: see you at nine$/);
    await alicePanel.click('[data-testid="previews"]'); // back to no content
  });

  it('a muted room still counts unread but does not notify', async () => {
    await alicePanel.click('[data-testid="chat-entry"] button');
    await openRoomInfo(alicePanel);
    await alicePanel.click('[data-testid="mute"]');
    await goHome(alicePanel);
    expect((await chatEntry(alicePanel)).detail).toContain('muted');
    const before = (await shownNotifications(alice)).length;
    await sendText(bobPanel, 'muted ping');
    await alicePanel.waitForSelector('[data-testid="chat-entry"][data-unread="1"]', { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await shownNotifications(alice)).toHaveLength(before);
    await waitForBadge(alice, '1');
  });

  it('offline: a banner with the retry countdown, create and join disabled, the room read-only; then back', async () => {
    const cut = await dropConnection(alicePanel);
    const banner = await alicePanel.waitForSelector('[data-testid="offline-banner"]', { timeout: 10_000 });
    await alicePanel.waitForFunction(
      () =>
        /^Offline, reconnecting in \d:\d{2}/.test(
          document.querySelector('[data-testid="offline-banner"]')?.textContent ?? '',
        ),
      { timeout: 10_000 },
    );
    expect(await banner!.evaluate((el) => el.textContent)).toContain('Retry now');
    for (const action of ['new-room', 'join', 'paid'])
      expect(
        await alicePanel.$eval(
          `[data-testid="action-${action}"]`,
          (el) => (el as HTMLButtonElement).disabled,
        ),
      ).toBe(true);
    expect((await chatEntry(alicePanel)).detail).toContain('reconnecting'); // still listed
    await checkScreen(alice, alicePanel, 'offline');

    await alicePanel.click('[data-testid="chat-entry"] button');
    await waitForRoomStatus(alicePanel, 'rejoining');
    expect(await alicePanel.$eval('[data-testid="room-status"]', (el) => el.textContent)).toContain(
      'rejoins by itself',
    );
    expect(await alicePanel.$eval('[data-testid="send"]', (el) => (el as HTMLButtonElement).disabled)).toBe(
      true,
    );
    await waitForMessage(alicePanel, 'hiking, if it does not rain'); // the messages stay
    await checkScreen(alice, alicePanel, 'offline-conversation');

    await cut.restore();
    await alicePanel.click('[data-testid="retry-now"]');
    await waitForRoomStatus(alicePanel, 'joined', 30_000);
    await alicePanel.waitForFunction(() => !document.querySelector('[data-testid="offline-banner"]'));
    await waitForMemberCount(bobPanel, 2);
    await sendText(alicePanel, 'back online');
    await waitForMessage(bobPanel, 'back online');
  });

  it('joining a room already open here opens it instead of joining twice', async () => {
    await goHome(alicePanel);
    await openAction(alicePanel, 'join');
    await alicePanel.type('input[name="join"]', shareCode);
    await alicePanel.click('[data-testid="join-room"]');
    await alicePanel.waitForSelector('[data-testid="chat-room"][data-status="joined"]');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await readMembers(alicePanel)).toHaveLength(2);
    expect(await alicePanel.$$('[data-testid="chat-entry"]')).toHaveLength(0); // on the conversation
    await goHome(alicePanel);
    expect(await alicePanel.$$('[data-testid="chat-entry"]')).toHaveLength(1);
  });

  it('the paid chat form says why "Get price" is off', async () => {
    await openAction(alicePanel, 'paid');
    expect(await alicePanel.$eval('[data-testid="price-why"]', (el) => el.textContent)).toBe(
      'Paste at least one ghost card to get a price.',
    );
    await checkScreen(alice, alicePanel, 'paid-form');
    await goHome(alicePanel);
  });
});

async function waitForBadge(profile: ChromiumProfile, text: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await badgeText(profile)) === text) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await badgeText(profile)).toBe(text);
}

async function waitForNotifications(profile: ChromiumProfile, count: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await shownNotifications(profile)).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await shownNotifications(profile)).toHaveLength(count);
}
