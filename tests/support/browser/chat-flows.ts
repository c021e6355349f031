/** Side panel steps the two-profile chat test uses. */
import type { Page } from 'puppeteer-core';
import type { ChromiumProfile } from './chromium-profile.ts';

/** Opens the chat page (the side panel's page, in a tab) and waits until rooms are available. */
export async function openChat(profile: ChromiumProfile): Promise<Page> {
  const page = await profile.openExtensionPage('sidepanel.html');
  await page.setViewport({ width: 420, height: 900 });
  await page.waitForSelector('#create-heading', { timeout: 20_000 });
  return page;
}

export async function sendText(page: Page, text: string, lifetimeSeconds?: number): Promise<void> {
  await page.select('select[name="lifetime"]', lifetimeSeconds === undefined ? '' : String(lifetimeSeconds));
  await page.type('textarea[name="message"]', text);
  await page.click('[data-testid="send"]');
  await waitForMessage(page, text);
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

/** Members listed in the open room, ourselves included. */
export async function waitForMemberCount(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="members"] li').length === n,
    { timeout: 15_000 },
    count,
  );
}

export async function readSafetyCode(page: Page): Promise<string> {
  return page.$eval('[data-testid="safety-code"]', (el) => el.textContent ?? '');
}
