/**
 * The background's page router against stand-ins for the runtime, the connection manager and the
 * wallet bridge: who may ask, and that every request gets its own reply or a readable error.
 */
import { describe, expect, it, vi } from 'vitest';

type Listener = (raw: unknown, sender: { id?: string; url?: string }) => Promise<unknown> | undefined;
const listeners: Listener[] = [];
vi.mock('wxt/browser', () => ({
  browser: {
    runtime: {
      id: 'anoghost-extension',
      getURL: (path: string) => `chrome-extension://anoghost-extension${path}`,
      onMessage: { addListener: (listener: Listener) => listeners.push(listener) },
    },
    storage: { session: { get: async () => ({}) }, local: { get: async () => ({}) } },
  },
}));
const { routePageRequests } = await import('./page-router.ts');
const { Notifier } = await import('./notifications.ts');
type Manager = Parameters<typeof routePageRequests>[0];
type Bridge = Parameters<typeof routePageRequests>[1];
type Payments = Parameters<typeof routePageRequests>[2];
type Inbox = Parameters<typeof routePageRequests>[3];
const REVIEW = {
  lamports: '20000000',
  destination: 'Treasury1111111111111111111111111111111111',
  firstUse: true,
  quoteId: 'quote-id',
};
const INVITE = 'AAAAAAAAAAAAAAAAAAAAAA'; // 22 b64u characters

const PAGE = { id: 'anoghost-extension', url: 'chrome-extension://anoghost-extension/popup.html' };
const GHOST = { ghostId: 'g', issuedAt: 1, rotatesAt: 2, liveUntil: 3 };

function route() {
  listeners.splice(0);
  const manager = {
    status: { server: 'http://127.0.0.1:8787' },
    connectWallet: vi.fn(async () => {}),
    rotate: vi.fn(async () => GHOST),
    requireClient: () => {
      throw new Error('Not connected to the AnoGhost server yet.');
    },
    walletChain: async () => 'solana:localnet',
    serverChanged: vi.fn(async () => {}),
  };
  const bridge = { request: vi.fn(async () => 'signed-tx'), closePage: vi.fn(async () => {}) };
  const payments = { review: vi.fn(async () => REVIEW), approve: vi.fn(async () => REVIEW) };
  const inbox = {
    ready: Promise.resolve(),
    list: () => [],
    accept: vi.fn(async () => 'Mint111'),
    decline: vi.fn(async () => {}),
  };
  routePageRequests(
    manager as unknown as Manager,
    bridge as unknown as Bridge,
    payments as Payments,
    inbox as unknown as Inbox,
    new Notifier(),
  );
  const send = (raw: unknown, sender = PAGE) => listeners[0]?.(raw, sender);
  return { manager, bridge, payments, inbox, send };
}

describe('page router', () => {
  it('answers only the extension’s own pages', () => {
    const { send } = route();
    expect(send({ type: 'rotate' }, { id: 'another-extension', url: PAGE.url })).toBeUndefined();
    expect(send({ type: 'rotate' }, { id: PAGE.id, url: 'http://127.0.0.1:8787/join' })).toBeUndefined();
  });

  it('answers each request with its reply', async () => {
    const { manager, send } = route();
    await expect(send({ type: 'rotate' })).resolves.toEqual({ ok: true, value: GHOST });
    await expect(send({ type: 'connect-wallet' })).resolves.toEqual({ ok: true, value: null });
    expect(manager.connectWallet).toHaveBeenCalled();
    await expect(send({ type: 'server-changed' })).resolves.toEqual({ ok: true, value: null });
    expect(manager.serverChanged).toHaveBeenCalled();
    await expect(send({ type: 'session-credentials' })).resolves.toEqual({ ok: true, value: null });
  });

  it('has the wallet sign a checked transaction for the confirmed chain, then closes the connect page', async () => {
    const { bridge, payments, send } = route();
    const request = {
      type: 'sign-transaction',
      tx: 'AAAA',
      lamports: '20000000',
      trustTreasury: REVIEW.destination,
      chatName: 'Weekend plans',
    };
    await expect(send(request)).resolves.toEqual({ ok: true, value: 'signed-tx' });
    expect(payments.approve).toHaveBeenCalledWith('http://127.0.0.1:8787', {
      tx: 'AAAA',
      lamports: '20000000',
      trustTreasury: REVIEW.destination,
    });
    // The connect page is titled with the lamports the guard decoded, and the chat's name.
    expect(bridge.request).toHaveBeenCalledWith({
      op: 'sign-transaction',
      tx: 'AAAA',
      chain: 'solana:localnet',
      lamports: REVIEW.lamports,
      chatName: 'Weekend plans',
    });
    expect(bridge.closePage).toHaveBeenCalled();
  });

  it('never asks the wallet for a payment the guard refuses', async () => {
    const { bridge, payments, send } = route();
    payments.approve.mockRejectedValueOnce(
      new Error('The server asked to sign a payment that does not match the quote: …'),
    );
    await expect(send({ type: 'sign-transaction', tx: 'AAAA', lamports: '1' })).resolves.toEqual({
      ok: false,
      error: 'The server asked to sign a payment that does not match the quote: …',
    });
    expect(bridge.request).not.toHaveBeenCalled();
    await expect(send({ type: 'review-payment', tx: 'AAAA', lamports: '20000000' })).resolves.toEqual({
      ok: true,
      value: REVIEW,
    });
    await expect(send({ type: 'sign-transaction', tx: 'AAAA', lamports: '-1' })).resolves.toEqual({
      ok: false,
      error: 'malformed request',
    });
  });

  it('hands invitation answers to the inbox, and refuses malformed invitation ids', async () => {
    const { inbox, send } = route();
    await expect(send({ type: 'list-invitations' })).resolves.toEqual({ ok: true, value: [] });
    await expect(send({ type: 'accept-invitation', invite: INVITE })).resolves.toEqual({
      ok: false,
      error: 'Not connected to the AnoGhost server yet.',
    });
    expect(inbox.accept).not.toHaveBeenCalled();
    for (const invite of ['short', `${INVITE}A`, `${INVITE.slice(1)}+`]) {
      await expect(send({ type: 'decline-invitation', invite })).resolves.toEqual({
        ok: false,
        error: 'malformed request',
      });
    }
  });

  it('answers a malformed request, and a failing one, with a message a person can read', async () => {
    const { send } = route();
    await expect(send({ type: 'format-disk' })).resolves.toEqual({ ok: false, error: 'malformed request' });
    await expect(send({ type: 'list-keys' })).resolves.toEqual({
      ok: false,
      error: 'Not connected to the AnoGhost server yet.',
    });
  });
});
