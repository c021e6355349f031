/**
 * vitest globalSetup of the e2e project: builds the extension once (≈ 5 s each) into `.output/`:
 * for Chrome the tests' variant (`--mode e2e`, the production build plus the background's test
 * hooks) and the production build itself (which a test checks has none), for Firefox the
 * production build. `NODE_ENV=production` keeps the e2e variant's pages byte for byte the
 * production ones (WXT would otherwise set NODE_ENV to the mode, and Preact would build for dev).
 *
 * `ANOGHOST_E2E_EXTENSION=<dir>` runs the Chrome tests against another build instead (e.g. an
 * older commit's `.output/chrome-mv3`, to see a new test fail on the old code).
 * It also makes the screenshot folder (a fresh checkout has none).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const ROOT = new URL('../../../', import.meta.url).pathname;
const OTHER_BUILD = process.env.ANOGHOST_E2E_EXTENSION;

export default function buildExtension(): void {
  const builds = [['build', '--mode', 'e2e'], ['build'], ['build', '-b', 'firefox']];
  for (const args of builds) {
    execFileSync('npx', ['wxt', ...args], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
}

/** The build the Chrome tests load: production code plus the background's test hooks. */
export const CHROME_BUILD_DIR = OTHER_BUILD ?? `${ROOT}.output/chrome-mv3-e2e`;
/** What `npm run build` ships for Chrome. */
export const CHROME_PRODUCTION_DIR = OTHER_BUILD ?? `${ROOT}.output/chrome-mv3`;
export const FIREFOX_BUILD_DIR = `${ROOT}.output/firefox-mv3`;
export const ARTIFACTS_DIR = `${ROOT}tests/artifacts`;
