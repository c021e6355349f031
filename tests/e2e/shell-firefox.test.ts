/**
 * The shell in Firefox ESR (issue #13): the built manifest keeps the sidebar closed at install
 * (`sidebar_action.open_at_install: false`; WXT writes none and Firefox would open it) and asks
 * for the notifications permission; at install the welcome page opens, with body text ≥ 14 px,
 * the SVG mark and no 👻, and no serious accessibility violation.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyFontSizePx, expectAccessible } from '../support/browser/accessibility.ts';
import {
  ARTIFACTS_DIR,
  CHROME_PRODUCTION_DIR,
  FIREFOX_BUILD_DIR,
} from '../support/browser/build-extension.ts';
import { type FirefoxProfile, launchFirefoxProfile } from '../support/browser/firefox-profile.ts';
import { injectAxe } from '../support/browser/screen-checks.ts';

interface Manifest {
  permissions?: string[];
  sidebar_action?: { default_panel?: string; open_at_install?: boolean };
}

const readManifest = (dir: string) => JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')) as Manifest;

let firefox: FirefoxProfile;

beforeAll(async () => {
  firefox = await launchFirefoxProfile();
});

afterAll(async () => {
  await firefox?.close();
});

describe('Firefox shell', () => {
  it('the built manifests: the sidebar stays closed at install; notifications are allowed', () => {
    const manifest = readManifest(FIREFOX_BUILD_DIR);
    expect(manifest.sidebar_action?.default_panel).toBe('sidepanel.html');
    expect(manifest.sidebar_action?.open_at_install).toBe(false);
    expect(manifest.permissions).toContain('notifications');
    expect(readManifest(CHROME_PRODUCTION_DIR).permissions).toContain('notifications');
  });

  it('opens the welcome page at install, readable, with the mark and no emoji', async () => {
    const welcome = await firefox.waitForPage(`${firefox.extensionOrigin}/welcome.html`);
    await welcome.waitForSelector('ol.steps');
    expect(await bodyFontSizePx(welcome)).toBeGreaterThanOrEqual(14);
    const title = await welcome.$eval('h1', (el) => ({
      text: el.textContent ?? '',
      mark: el.querySelector('svg.ghost-mark') !== null,
    }));
    expect(title).toEqual({ text: 'Welcome to AnoGhost', mark: true });
    expect(title.text).not.toContain('\u{1F47B}');
    // No options page opened at install any more: the welcome page holds the server URL.
    expect(await welcome.$('input[name="server"]')).not.toBeNull();
    await injectAxe(welcome);
    await expectAccessible(welcome, 'welcome (Firefox)');
    await welcome.screenshot({ path: `${ARTIFACTS_DIR}/shell-firefox-welcome.png` });
  });
});
