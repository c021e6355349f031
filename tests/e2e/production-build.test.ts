/**
 * Issue #10: what `npm run build` ships for Chrome (the e2e project's globalSetup builds it next to
 * the tests' variant). No test hooks in its service worker, no content script in its manifest (they
 * are registered at run time for the configured server only), no `http://*` optional permission
 * (a remote server must be https), and no `'wasm-unsafe-eval'` (nothing in it runs WebAssembly).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_PRODUCTION_DIR } from '../support/browser/build-extension.ts';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';

let profile: ChromiumProfile;

beforeAll(async () => {
  profile = await launchChromiumProfile({ extensionDir: CHROME_PRODUCTION_DIR });
});

afterAll(async () => {
  await profile?.close();
});

describe('the production build', () => {
  it('has no test hooks in its running service worker, nor in its code', async () => {
    expect(await profile.evaluateInWorker<string>('typeof globalThis.anoghost')).toBe('undefined');
    const background = readFileSync(join(CHROME_PRODUCTION_DIR, 'background.js'), 'utf8');
    expect(background).not.toContain('shareGhostCard');
  });

  it('declares no content scripts, no plain-http hosts to ask for and no wasm-unsafe-eval', () => {
    const manifest = JSON.parse(readFileSync(join(CHROME_PRODUCTION_DIR, 'manifest.json'), 'utf8')) as {
      content_scripts?: unknown[];
      optional_host_permissions: string[];
      host_permissions: string[];
      content_security_policy: { extension_pages: string };
    };
    expect(manifest.content_scripts ?? []).toEqual([]);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
    expect(manifest.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(manifest.content_security_policy.extension_pages).not.toContain('wasm-unsafe-eval');
    expect(manifest.content_security_policy.extension_pages).toMatch(/^script-src 'self';/);
  });
});
