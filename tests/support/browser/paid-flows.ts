/** Paid-chat steps of the browser tests: share a ghost card through the context menu, create a chat. */
import type { Page } from 'puppeteer-core';
import { openAction } from './chat-flows.ts';
import type { ChromiumProfile } from './chromium-profile.ts';
import { pickTestWallet } from './extension-flows.ts';
import type { FieldPage } from './field-page.ts';

const MENU_ID = 'anoghost-share-ghost-id';

/**
 * "Share my ghost card" into a field of a web page, as a person would before pasting it into a
 * message (Puppeteer cannot click the native menu: the test calls its handler, as Chrome would).
 */
export async function shareCardThroughMenu(profile: ChromiumProfile, fields: FieldPage): Promise<string> {
  const page = await profile.browser.newPage();
  await page.goto(fields.url);
  await page.click('#field');
  const outcome = await profile.evaluateInWorker<string>(`(async () => {
    const [tab] = await chrome.tabs.query({ url: ${JSON.stringify(`${fields.url}*`)} });
    return anoghost.shareGhostCard({ menuItemId: '${MENU_ID}', editable: true, frameId: 0 }, tab);
  })()`);
  if (outcome !== 'inserted') throw new Error(`the context menu said ${outcome}`);
  const card = await page.$eval('#field', (el) => (el as HTMLTextAreaElement).value);
  await page.close();
  return card;
}

/** Pastes `cards` into the paid form, names the chat, gets the price; resolves with the quote's text. */
export async function quotePaidChat(panel: Page, cards: string[], name: string): Promise<string> {
  if (!(await panel.$('#paid-heading'))) await openAction(panel, 'paid');
  await panel.$eval('textarea[name="ghost-cards"]', (el) => {
    (el as HTMLTextAreaElement).value = '';
  });
  await panel.type('textarea[name="ghost-cards"]', cards.join('\n'));
  await panel.type('input[name="chat-name"]', name);
  await panel.click('xpath/.//button[contains(., "Get price")]');
  const quote = await panel.waitForSelector('[data-testid="quote"]', { timeout: 20_000 });
  return quote!.evaluate((el) => el.textContent ?? '');
}

/** Pays the quote shown with the test wallet and waits for the paid chat to open. */
export async function payPaidChat(profile: ChromiumProfile, panel: Page, serverUrl: string): Promise<void> {
  await panel.click('xpath/.//button[contains(., "Pay with wallet")]');
  await pickTestWallet(profile, panel, serverUrl);
  await panel.waitForSelector('[data-testid="chat-room"]', { timeout: 60_000 });
}

/** Waits for the popup to show an invitation to `name`; resolves with its text. */
export async function waitForInvitation(popup: Page, name: string): Promise<string> {
  const item = await popup.waitForSelector(
    `xpath/.//li[@data-testid="invitation"][contains(., ${JSON.stringify(name)})]`,
    { timeout: 20_000 },
  );
  return item!.evaluate((el) => el.textContent ?? '');
}
