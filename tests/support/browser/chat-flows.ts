/** Side panel steps the chat tests use (rooms v2: admission, knocking, members and fingerprints). */
import type { Page } from 'puppeteer-core';
import type { ChromiumProfile } from './chromium-profile.ts';

/** One member as the panel lists it. */
export interface ListedMember {
  name: string;
  fingerprint: string;
  self: boolean;
  verified: boolean;
  keyChanged: boolean;
}

declare global {
  interface Window {
    /** The page's WebSockets, recorded by `openChat` so a test can cut them (see `dropConnection`). */
    __anoghostSockets?: WebSocket[];
    /** While true, the page's new WebSockets go to a closed port (the network is "down"). */
    __anoghostOffline?: boolean;
  }
}

/**
 * Opens the chat page (the side panel's page, in a tab) and waits until rooms are available. The
 * page's WebSockets are recorded before any script of the page runs, so `dropConnection` can
 * close the panel's socket the way a network failure would (the panel does not know it was us).
 */
export async function openChat(profile: ChromiumProfile): Promise<Page> {
  const page = await profile.browser.newPage();
  await page.evaluateOnNewDocument(() => {
    const Native = window.WebSocket;
    const sockets: WebSocket[] = [];
    window.__anoghostSockets = sockets;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(window.__anoghostOffline ? 'ws://127.0.0.1:9/' : url, protocols);
        sockets.push(this);
      }
    };
  });
  await page.goto(`chrome-extension://${profile.extensionId}/sidepanel.html`);
  await page.setViewport({ width: 420, height: 900 });
  await waitForHome(page);
  return page;
}

/** Waits for the home screen with its actions enabled (the panel's connection is up). */
export async function waitForHome(page: Page, timeout = 20_000): Promise<void> {
  await page.waitForSelector('[data-testid="action-new-room"]:not([disabled])', { timeout });
}

/** From anywhere in the panel, back to the home screen. */
export async function goHome(page: Page): Promise<void> {
  if (await page.$('[data-testid="room-info"][data-open="true"]')) await closeRoomInfo(page);
  const back = await page.$('[data-testid="back"]');
  if (back) await back.click();
  await page.waitForSelector('[data-testid="home"]');
}

/** Opens one of the home screen's actions (`new-room`, `join`, `paid`). */
export async function openAction(page: Page, action: 'new-room' | 'join' | 'paid'): Promise<void> {
  if (!(await page.$('[data-testid="home"]'))) await goHome(page);
  await page.click(`[data-testid="action-${action}"]`);
  await page.waitForSelector(
    { 'new-room': '#create-heading', join: '#join-heading', paid: '#paid-heading' }[action],
  );
}

/** Opens the open room's info drawer (members, share code, names, mute, leave). */
export async function openRoomInfo(page: Page): Promise<void> {
  if (await page.$('[data-testid="room-info"][data-open="true"]')) return;
  await page.click('[data-testid="open-room-info"]');
  await page.waitForSelector('[data-testid="room-info"][data-open="true"]');
}

/** Closes the room info drawer with Esc, as a person would. */
export async function closeRoomInfo(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="room-info"][data-open="false"]');
}

/** Sets our nickname in the open room (in the room info drawer, which is closed again). */
export async function setNickname(page: Page, nickname: string): Promise<void> {
  await openRoomInfo(page);
  await page.type('input[name="nickname"]', nickname);
  await page.click('xpath/.//button[contains(., "Set nickname")]');
  await closeRoomInfo(page);
}

/** Marks a member verified (or not) in the room info drawer, then closes it. */
export async function toggleVerified(page: Page, fingerprint: string): Promise<void> {
  await openRoomInfo(page);
  await page.click(`[data-testid="members"] li[data-fingerprint="${fingerprint}"] [data-testid="verify"]`);
  await closeRoomInfo(page);
}

/** Leaves the open room from its info drawer; resolves on the home screen. */
export async function leaveRoom(page: Page): Promise<void> {
  await openRoomInfo(page);
  await page.click('[data-testid="leave-room"]');
  await page.waitForSelector('[data-testid="home"]');
}

/** Unsends one of our messages: its ⋯ menu, Unsend, then the confirmation. */
export async function unsendMessage(page: Page, text: string): Promise<void> {
  const menu = await page.waitForSelector(
    `xpath/.//li[contains(@class, "own")][.//p[text()=${JSON.stringify(text)}]]//button[@data-testid="message-actions"]`,
  );
  await menu!.click();
  await page.click('[data-testid="unsend"]');
  await page.click('[data-testid="unsend-yes"]');
}

/** Creates a free room from the panel's New room form; resolves with its share code. */
export async function createRoom(
  page: Page,
  options: { admission?: 'open' | 'approval'; name?: string } = {},
): Promise<string> {
  await openAction(page, 'new-room');
  if (options.name) await page.type('input[name="new-room-name"]', options.name);
  await page.click(`input[name="admission"][value="${options.admission ?? 'open'}"]`);
  await page.click('[data-testid="create-room"]');
  const code = await page.waitForSelector('[data-testid="share-code"]');
  return (await code!.evaluate((el) => el.textContent ?? '')).trim();
}

/** Pastes a code or link into "Join with link" and waits for the room view. */
export async function joinRoom(page: Page, codeOrLink: string): Promise<void> {
  await openAction(page, 'join');
  await page.type('input[name="join"]', codeOrLink);
  await page.click('[data-testid="join-room"]');
  await page.waitForSelector('[data-testid="chat-room"]');
}

/** The open room's status (`joined`, `knocking`, `rejoining`, …). */
export async function waitForRoomStatus(page: Page, status: string, timeout = 20_000): Promise<void> {
  await page.waitForSelector(`[data-testid="chat-room"][data-status="${status}"]`, { timeout });
}

export async function sendText(page: Page, text: string, lifetimeSeconds?: number): Promise<void> {
  await page.select('select[name="lifetime"]', lifetimeSeconds === undefined ? '' : String(lifetimeSeconds));
  await page.type('textarea[name="message"]', text);
  await page.click('[data-testid="send"]');
  await waitForMessage(page, text).catch(async (error: Error) => {
    // Say what the panel showed: a bare timeout tells nothing.
    const alerts = await page.$$eval('[role="alert"]', (els) => els.map((el) => el.textContent));
    const status = await page.$eval('[data-testid="chat-room"]', (el) => el.getAttribute('data-status'));
    throw new Error(`${error.message}; room status ${status}; alerts: ${JSON.stringify(alerts)}`);
  });
}

export async function waitForMessage(page: Page, text: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (body) => [...document.querySelectorAll('.message .body')].some((el) => el.textContent === body),
    { timeout },
    text,
  );
}

export async function waitForNoMessage(page: Page, text: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    (body) => ![...document.querySelectorAll('.message .body')].some((el) => el.textContent === body),
    { timeout },
    text,
  );
}

/** The bodies of the messages the open room shows, in order. */
export async function readMessages(page: Page): Promise<string[]> {
  return page.$$eval('.message .body', (els) => els.map((el) => el.textContent ?? ''));
}

/** Members listed in the open room, ourselves included. */
export async function waitForMemberCount(page: Page, count: number, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="members"] li').length === n,
    { timeout },
    count,
  );
}

/** The members the open room lists. */
export async function readMembers(page: Page): Promise<ListedMember[]> {
  return page.$$eval('[data-testid="members"] li', (items) =>
    items.map((li) => ({
      name: li.querySelector('[data-testid="member-name"]')?.textContent ?? '',
      fingerprint: li.querySelector('[data-testid="fingerprint"]')?.textContent ?? '',
      self: li.getAttribute('data-self') === 'true',
      verified: li.getAttribute('data-verified') === 'true',
      keyChanged: li.querySelector('[data-testid="key-changed"]') !== null,
    })),
  );
}

/** Our own fingerprint, as the open room lists it. */
export async function readOwnFingerprint(page: Page): Promise<string> {
  const self = (await readMembers(page)).find((m) => m.self);
  if (!self?.fingerprint) throw new Error('the members list has no own entry');
  return self.fingerprint;
}

/**
 * Cuts the panel's connection as a dropped network does: its open sockets close, and new ones fail
 * (they go to a closed port) until `restore()`; the panel reconnects by itself (backoff) after it.
 */
export async function dropConnection(page: Page): Promise<{ restore(): Promise<void> }> {
  await page.evaluate(() => {
    window.__anoghostOffline = true;
    for (const socket of window.__anoghostSockets ?? []) socket.close();
  });
  return {
    restore: async () => {
      await page.evaluate(() => {
        window.__anoghostOffline = false;
      });
    },
  };
}
