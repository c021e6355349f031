/**
 * Issue #10, "the payment transaction goes to the wallet unchecked": a proxy plays a malicious
 * server in front of the real one (tests/support/tampering-proxy.ts). The extension decodes the
 * quote's transaction before the wallet is asked, shows what it decoded, pins the treasury on the
 * first payment, asks the wallet for the chain confirmed at sign-in, and refuses a swapped
 * transaction or a changed treasury loudly, without ever asking the wallet.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGhostCard } from '../../shared/crypto/ghost-card.ts';
import { generateInviteKeyPair } from '../../shared/crypto/invite-keys.ts';
import { generateRandomBytes } from '../../shared/crypto/random-bytes.ts';
import { encodeBase58 } from '../../shared/encoding.ts';
import { goHome, openAction, openChat } from '../support/browser/chat-flows.ts';
import { type ChromiumProfile, launchChromiumProfile } from '../support/browser/chromium-profile.ts';
import { connectProfile, pickTestWallet } from '../support/browser/extension-flows.ts';
import { treasuryOf } from '../support/paid-harness.ts';
import { redirectPayment } from '../support/payment-tampering.ts';
import { connectSignedIn, type SignedIn } from '../support/sign-in.ts';
import { type Json, startTamperingProxy, type TamperingProxy } from '../support/tampering-proxy.ts';
import { airdrop } from '../support/test-payments.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ATTACKER = encodeBase58(generateRandomBytes(32));
const NEW_TREASURY = encodeBase58(generateRandomBytes(32));
const SWAPPED_LAMPORTS = 1_500_000_000n;

let proxy: TamperingProxy;
let server: TestServer;
let profile: ChromiumProfile;
let invitee: SignedIn;
let panel: Page;
let treasury: string;

beforeAll(async () => {
  proxy = await startTamperingProxy();
  // The extension talks to the proxy, so the real server signs in as the proxy's host.
  server = await startTestServer({ ANOGHOST_DOMAIN: proxy.host, ANOGHOST_DEV_AIRDROP: '1' });
  proxy.forwardTo(server.url);
  treasury = treasuryOf(server);
  profile = await launchChromiumProfile();
  await connectProfile(profile, proxy.url);
  invitee = await connectSignedIn(server);
  await airdrop(server.url, profile.wallet.address, 2_000_000_000n);
  panel = await openChat(profile);
}, 120_000);

afterAll(async () => {
  invitee?.client.close();
  await profile?.close();
  await server?.stop();
  await proxy?.close();
});

/** Rewrites every `quote` frame's `tx` with `rewrite` (and health with `health`); remembers the last tx. */
function tamperQuotes(
  rewrite: (tx: string) => string,
  health?: (body: Json) => Json,
): { lastTx: () => string | undefined } {
  let last: string | undefined;
  proxy.tamper({
    ...(health ? { health } : {}),
    frame: (frame: Json) => {
      if (frame.t !== 'quote') return frame;
      last = rewrite(String(frame.tx));
      return { ...frame, tx: last };
    },
  });
  return { lastTx: () => last };
}

async function askForPrice(): Promise<void> {
  if (!(await panel.$('#paid-heading'))) await openAction(panel, 'paid');
  const cards = await panel.$('textarea[name="ghost-cards"]');
  await cards!.click({ count: 3 });
  // The headless invitee's card: its ghostId and an invite key of its own.
  await cards!.type(formatGhostCard(String(invitee.ghost.ghostId), generateInviteKeyPair().publicKey));
  const name = await panel.$('input[name="chat-name"]');
  await name!.click({ count: 3 });
  await name!.type('Plans');
  await panel.click('xpath/.//button[contains(., "Get price")]');
}

async function paidError(): Promise<string> {
  const alert = await panel.waitForSelector('[data-testid="paid-error"]', { timeout: 15_000 });
  return (await alert!.evaluate((el) => el.textContent)) ?? '';
}

type ExtensionGlobal = { chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } } };

/** Sends a page request from the chat page to the background, as the panel would; at most 10 s. */
function askBackground(request: Json): Promise<unknown> {
  return panel.evaluate(
    (message) =>
      Promise.race([
        (globalThis as unknown as ExtensionGlobal).chrome.runtime.sendMessage(message),
        new Promise((resolve) => setTimeout(() => resolve('no answer within 10 s'), 10_000)),
      ]),
    request,
  );
}

const connectPages = () =>
  profile.browser.targets().filter((t) => t.url().startsWith(`${proxy.url}/connect`));

describe('the payment the wallet is asked to sign', () => {
  it('refuses a quote whose transaction pays 1.5 SOL to another address; the wallet is never asked', async () => {
    const quotes = tamperQuotes((tx) => redirectPayment(tx, ATTACKER, SWAPPED_LAMPORTS));
    await askForPrice();
    expect(await paidError()).toBe(
      `The server asked to sign a payment that does not match the quote: it pays 1.5 SOL to ${ATTACKER}, not 0.02 SOL to the treasury ${treasury}. Your wallet was not asked.`,
    );
    expect(await panel.$('[data-testid="quote"]')).toBeNull(); // nothing to pay

    // The background refuses it too, whoever asks: the page's check is not the only one.
    const tx = quotes.lastTx()!;
    expect(
      await askBackground({ type: 'sign-transaction', tx, lamports: '20000000', trustTreasury: ATTACKER }),
    ).toEqual({
      ok: false,
      error: expect.stringContaining(`it pays 1.5 SOL to ${ATTACKER}`),
    });
    expect(profile.walletRequests.filter((r) => r.feature === 'signTransaction')).toEqual([]);
    expect(connectPages()).toEqual([]);
  });

  it('shows the amount and treasury read from the transaction, pins the treasury, and asks for the confirmed chain', async () => {
    // Honest quotes, but new connections now hear "devnet": the wallet must still be asked for the
    // chain confirmed at sign-in.
    proxy.tamper({ frame: (f) => (f.t === 'challenge' ? { ...f, cluster: 'devnet' } : f) });
    await askForPrice();
    const quote = await panel.waitForSelector('[data-testid="quote"]', { timeout: 15_000 });
    expect(await quote!.evaluate((el) => el.textContent)).toContain('0.02 SOL');
    expect(await panel.$eval('[data-testid="treasury"]', (el) => el.textContent)).toBe(treasury);
    expect(await panel.$('[data-testid="first-treasury"]')).not.toBeNull();

    await panel.click('xpath/.//button[contains(., "Pay with wallet")]');
    await pickTestWallet(profile, panel, proxy.url);
    await panel.waitForSelector('[data-testid="chat-room"]', { timeout: 60_000 });
    const signed = profile.walletRequests.filter((r) => r.feature === 'signTransaction');
    expect(signed).toMatchObject([{ chain: 'solana:localnet', top: true, page: `${proxy.url}/connect` }]);
    const pins = await profile.evaluateInWorker<Record<string, unknown>>(
      `chrome.storage.local.get('anoghost/server-pins').then((s) => s['anoghost/server-pins'])`,
    );
    expect(pins).toEqual({ [proxy.url]: { chain: 'localnet', treasury } });
    await goHome(panel);
  });

  it('refuses loudly a server that changed its treasury, until the person forgets the pin', async () => {
    tamperQuotes(
      (tx) => redirectPayment(tx, NEW_TREASURY, 20_000_000n),
      (body) => ({ ...body, treasury: NEW_TREASURY }),
    );
    await askForPrice();
    expect(await paidError()).toContain(
      `This server now asks payments to go to the treasury ${NEW_TREASURY}, not to ${treasury}, the one you confirmed for it. AnoGhost refuses to pay; your wallet was not asked.`,
    );
    expect(profile.walletCalls.signTransaction).toBe(1);

    // The options page shows what was confirmed and lets the person confirm anew.
    const options = await profile.openExtensionPage('options.html');
    const pins = await options.waitForSelector('[data-testid="server-pins"]');
    expect(await pins!.evaluate((el) => el.textContent)).toContain(treasury);
    await options.click('[data-testid="forget-pins"]');
    await options.waitForFunction(() => !document.querySelector('[data-testid="forget-pins"]'));
    await options.close();
    await panel.bringToFront();
    await askForPrice();
    await panel.waitForSelector('[data-testid="first-treasury"]', { timeout: 15_000 });
    expect(await panel.$eval('[data-testid="treasury"]', (el) => el.textContent)).toBe(NEW_TREASURY);
    expect(profile.walletCalls.signTransaction).toBe(1);
  });
});
