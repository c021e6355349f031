/**
 * vitest globalSetup of the e2e project: builds the extension once for Chrome and Firefox into
 * `.output/` (≈ 5 s) so every browser test loads what `npm run build` ships, and makes the
 * screenshot folder (a fresh checkout has none).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const ROOT = new URL('../../../', import.meta.url).pathname;

export default function buildExtension(): void {
  for (const args of [['build'], ['build', '-b', 'firefox']]) {
    execFileSync('npx', ['wxt', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
}

export const CHROME_BUILD_DIR = `${ROOT}.output/chrome-mv3`;
export const FIREFOX_BUILD_DIR = `${ROOT}.output/firefox-mv3`;
export const ARTIFACTS_DIR = `${ROOT}tests/artifacts`;
