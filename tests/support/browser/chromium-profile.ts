/**
 * One Chromium browser profile with the built extension and a test wallet loaded (Puppeteer,
 * headless, real extensions). Records the test wallet's requests from every page's console.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page, type Target } from 'puppeteer-core';
import { CHROMIUM_PATH } from '../system-packages.ts';
import { ARTIFACTS_DIR, CHROME_BUILD_DIR } from './build-extension.ts';
import { prepareTestWallet, type TestWalletProfile } from './test-wallet-extension.ts';

/** One request the test wallet got: its feature, the page it was asked on, and what it logged. */
export interface WalletRequest {
  feature: string;
  page: string;
  /** Asked in the page's top frame. */
  top: boolean;
  /** The Wallet Standard chain (`signTransaction`) or Chain ID (`signIn`). */
  chain?: string;
  domain?: string;
  /** The bytes it signed, base64 (messages, transactions). */
  bytes?: string[];
}

export interface ChromiumProfile {
  browser: Browser;
  extensionId: string;
  wallet: TestWalletProfile;
  /** How often the test wallet was asked for each feature, e.g. `walletCalls.signMessage`. */
  walletCalls: Record<string, number>;
  /** Every request the test wallet got, in order. */
  walletRequests: WalletRequest[];
  /** Opens an extension page (`popup.html`, `sidepanel.html`, `options.html`) in a tab. */
  openExtensionPage(path: string): Promise<Page>;
  /** Evaluates `fn` in the extension's service worker (do not keep the handle: it keeps it alive). */
  evaluateInWorker<T>(fn: string): Promise<T>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** `extensionDir`: another build of the extension (default: the tests' build). */
export async function launchChromiumProfile(
  options: { walletSignIn?: boolean; extensionDir?: string } = {},
): Promise<ChromiumProfile> {
  const wallet = prepareTestWallet({ signIn: options.walletSignIn });
  const userDataDir = mkdtempSync(join(tmpdir(), 'anoghost-chromium-'));
  const extensions = `${options.extensionDir ?? CHROME_BUILD_DIR},${wallet.dir}`;
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    enableExtensions: true,
    userDataDir,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extensions}`,
      `--load-extension=${extensions}`,
    ],
  });
  const walletCalls: Record<string, number> = {};
  const walletRequests: WalletRequest[] = [];
  const watch = async (target: Target) => {
    if (target.type() !== 'page') return;
    const page = await target.page();
    page?.on('console', (message) => {
      const match = /^anoghost-test-wallet:(\w+) (\{.*\})$/s.exec(message.text());
      if (!match?.[1] || !match[2]) return;
      walletCalls[match[1]] = (walletCalls[match[1]] ?? 0) + 1;
      walletRequests.push({ feature: match[1], ...(JSON.parse(match[2]) as Omit<WalletRequest, 'feature'>) });
    });
  };
  browser.on('targetcreated', (target: Target) => void watch(target));
  const worker = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
  );
  const extensionId = new URL(worker.url()).host;

  return {
    browser,
    extensionId,
    wallet,
    walletCalls,
    walletRequests,
    async openExtensionPage(path) {
      const page = await browser.newPage();
      if (path.startsWith('popup')) await page.setViewport({ width: 360, height: 600 });
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async evaluateInWorker<T>(fn: string) {
      const target = await browser.waitForTarget(
        (t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
      );
      const handle = await target.worker();
      if (!handle) throw new Error('no service worker');
      return (await handle.evaluate(fn)) as T;
    },
    async screenshot(page, name) {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) as `${string}.png` });
    },
    async close() {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(wallet.dir, { recursive: true, force: true });
    },
  };
}
