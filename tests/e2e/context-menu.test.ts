/**
 * Scenario 4: "Share my ghost card" inserts the current ghost card (`<ghostId>.<invite key>`)
 * into an editable field, and copies it elsewhere. Puppeteer cannot click a native context menu,
 * so the test calls the menu's click handler in the service worker with what Chrome would pass
 * (`anoghost.shareGhostCard`).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectProfile, readGhostCard } from '../support/browser/extension-flows.ts';
import { type FieldPage, startFieldPage } from '../support/browser/field-page.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const MENU_ID = 'anoghost-share-ghost-id';

let server: TestServer;
let fields: FieldPage;
let profile: ChromiumProfile;
let card: string;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  fields = await startFieldPage();
  profile = await launchChromiumProfile();
  const ghostId = await connectProfile(profile, server.url);
  card = await readGhostCard(profile);
  expect(card.startsWith(`${ghostId}.`)).toBe(true);
  page = await profile.browser.newPage();
  await page.goto(fields.url);
  await profile.browser
    .defaultBrowserContext()
    .overridePermissions(new URL(fields.url).origin, ['clipboard-read', 'clipboard-sanitized-write']);
});

afterAll(async () => {
  await profile?.close();
  await fields?.close();
  await server?.stop();
});

async function clickMenu(editable: boolean): Promise<string> {
  return profile.evaluateInWorker<string>(`(async () => {
    const [tab] = await chrome.tabs.query({ url: ${JSON.stringify(`${fields.url}*`)} });
    return anoghost.shareGhostCard({ menuItemId: '${MENU_ID}', editable: ${editable}, frameId: 0 }, tab);
  })()`);
}

describe('context menu "Share my ghost card"', () => {
  it('inserts the ghost card at the caret of the focused field', async () => {
    await page.bringToFront();
    await page.type('#field', 'my id: ');
    expect(await clickMenu(true)).toBe('inserted');
    expect(await page.$eval('#field', (el) => (el as HTMLTextAreaElement).value)).toBe(`my id: ${card}`);
  });

  it('copies the ghost card elsewhere on the page', async () => {
    await page.bringToFront();
    await page.click('#text');
    expect(await clickMenu(false)).toBe('copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(card);
  });
});
