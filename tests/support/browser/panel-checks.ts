/**
 * What the panel tests check on every screen (issue #13): no serious accessibility violation
 * (axe-core), body text of at least 14 px, and a screenshot under tests/artifacts/ named
 * `panel-<screen>.png`, in light and, when asked, dark (`prefers-color-scheme`).
 */

import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { bodyFontSizePx, expectAccessible } from './accessibility.ts';
import type { ChromiumProfile } from './chromium-profile.ts';

export async function checkScreen(
  profile: ChromiumProfile,
  page: Page,
  screen: string,
  options: { dark?: boolean } = {},
): Promise<void> {
  expect(await bodyFontSizePx(page)).toBeGreaterThanOrEqual(14);
  await expectAccessible(page, screen);
  await profile.screenshot(page, `panel-${screen}`);
  if (!options.dark) return;
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  try {
    await expectAccessible(page, `${screen} (dark)`);
    await profile.screenshot(page, `panel-${screen}-dark`);
  } finally {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  }
}

/** The notifications the background asked for so far (its test hook; also without the permission). */
export function shownNotifications(profile: ChromiumProfile): Promise<{ title: string; message: string }[]> {
  return profile.evaluateInWorker('anoghost.notifications()');
}

/** The action icon's badge text. */
export function badgeText(profile: ChromiumProfile): Promise<string> {
  return profile.evaluateInWorker('chrome.action.getBadgeText({})');
}
