/**
 * What every screen of the extension's shell must show a person (issue #13): body text of at
 * least 14 px, the SVG mark in its title and no 👻 (a box without an emoji font), no serious
 * accessibility violation in light and in dark, and a screenshot of each under tests/artifacts/
 * (`shell-<screen>.png`, `shell-<screen>-dark.png`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { bodyFontSizePx, expectAccessible } from './accessibility.ts';

const MIN_BODY_FONT_PX = 14;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const GHOST_EMOJI = '\u{1F47B}';

export interface Screenshotter {
  screenshot(page: Page, name: string): Promise<void>;
}

/** The body text size and the title's mark: no emoji, an SVG ghost beside the name. */
export async function expectReadableTitle(page: Page): Promise<void> {
  expect(await bodyFontSizePx(page)).toBeGreaterThanOrEqual(MIN_BODY_FONT_PX);
  const title = await page.evaluate(() => ({
    tab: document.title,
    headings: [...document.querySelectorAll('h1, h2, header')].map((el) => el.textContent ?? ''),
    marks: document.querySelectorAll('svg.ghost-mark').length,
  }));
  expect(title.tab).not.toContain(GHOST_EMOJI);
  for (const heading of title.headings) expect(heading).not.toContain(GHOST_EMOJI);
  expect(title.marks).toBeGreaterThanOrEqual(1);
}

/**
 * Checks `page` as screen `screen` in light and dark: readable title, axe-core clean, screenshots.
 * Leaves the page in light.
 */
export async function checkScreen(profile: Screenshotter, page: Page, screen: string): Promise<void> {
  await expectReadableTitle(page);
  await injectAxe(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await expectAccessible(page, `${screen} (${scheme})`);
    await profile.screenshot(page, scheme === 'light' ? `shell-${screen}` : `shell-${screen}-dark`);
  }
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
}

/**
 * Loads axe-core into `page` by evaluating its source (a DevTools evaluation): an extension page's
 * CSP (`script-src 'self'`) blocks the inline script tag `expectAccessible` would otherwise add.
 */
export async function injectAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => 'axe' in globalThis)) return;
  await page.evaluate(AXE_SOURCE);
}
