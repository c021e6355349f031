/**
 * vitest globalSetup of the e2e project: builds the extension once for Chrome and Firefox into
 * `.output/` (≈ 5 s) so every browser test loads what `npm run build` ships.
 */
import { execFileSync } from 'node:child_process';

const ROOT = new URL('../../../', import.meta.url).pathname;

export default function buildExtension(): void {
  for (const args of [['build'], ['build', '-b', 'firefox']]) {
    execFileSync('npx', ['wxt', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

export const CHROME_BUILD_DIR = `${ROOT}.output/chrome-mv3`;
export const FIREFOX_BUILD_DIR = `${ROOT}.output/firefox-mv3`;
export const ARTIFACTS_DIR = `${ROOT}tests/artifacts`;
