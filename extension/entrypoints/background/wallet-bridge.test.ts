/**
 * The background's end of the wallet bridge against a stand-in for the browser's runtime ports,
 * which deliver a message only to listeners present when it arrives (as Chrome's do). The real
 * bridge runs end to end in tests/e2e; this pins the ordering a busy browser can produce.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

const event = () => {
  const listeners: Listener[] = [];
  return {
    addListener: (listener: Listener) => listeners.push(listener),
    fire: (...args: unknown[]) => {
      for (const listener of [...listeners]) listener(...args);
    },
    clear: () => listeners.splice(0),
  };
};

const onConnect = event();
const tabsCreated: string[] = [];
vi.mock('wxt/browser', () => ({
  browser: {
    runtime: { id: 'anoghost-extension', onConnect },
    tabs: {
      onRemoved: event(),
      create: async ({ url }: { url: string }) => {
        tabsCreated.push(url);
        return { id: 7 };
      },
      remove: async () => {},
    },
  },
}));
const { BRIDGE_PORT } = await import('../../messaging/bridge-messages.ts');
const { WalletBridge } = await import('./wallet-bridge.ts');

const ORIGIN = 'http://127.0.0.1:8787';

/** A port from a page; by default the top frame of the tab the bridge opened (7). */
function connectPort(sender: { id: string; url: string; tabId?: number; frameId?: number }) {
  const onMessage = event();
  const onDisconnect = event();
  const posted: unknown[] = [];
  const { tabId = 7, frameId = 0, ...rest } = sender;
  const port = {
    name: BRIDGE_PORT,
    sender: { ...rest, frameId, tab: { id: tabId } },
    onMessage,
    onDisconnect,
    postMessage: (message: unknown) => posted.push(message),
    disconnect: vi.fn(),
  };
  onConnect.fire(port);
  return { port, posted, fromPage: (message: unknown) => onMessage.fire(message, port) };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('wallet bridge (background end)', () => {
  beforeEach(() => {
    onConnect.clear(); // one bridge per test listens
  });

  it('keeps the page’s one `ready` that arrives while the server origin is still being read', async () => {
    let origin = deferred<string>();
    const bridge = new WalletBridge(() => origin.promise);
    bridge.listen();
    origin.resolve(ORIGIN);
    const answer = bridge.request({ op: 'connect', chain: 'solana:localnet' });
    await vi.waitFor(() => expect(tabsCreated).toEqual([`${ORIGIN}/connect`]));

    // The page connects and says ready at once; reading the origin (storage) is still under way.
    origin = deferred<string>();
    const page = connectPort({ id: 'anoghost-extension', url: `${ORIGIN}/connect` });
    page.fromPage({ kind: 'ready' });
    origin.resolve(ORIGIN);

    await vi.waitFor(() => expect(page.posted).toHaveLength(1));
    const sent = page.posted[0] as { kind: string; request: { op: string; requestId: string } };
    expect(sent).toMatchObject({ kind: 'request', request: { op: 'connect' } });
    page.fromPage({ kind: 'result', result: { ok: true, requestId: sent.request.requestId, value: 'addr' } });
    await expect(answer).resolves.toBe('addr');
    expect(page.port.disconnect).not.toHaveBeenCalled();
  });

  it('adopts only the top frame of the tab it opened, at exactly /connect, and ignores the others', async () => {
    const bridge = new WalletBridge(async () => ORIGIN);
    bridge.listen();
    const answer = bridge.request({ op: 'connect', chain: 'solana:localnet' });
    const id = 'anoghost-extension';
    const strangers = [
      connectPort({ id, url: `${ORIGIN}/connect`, tabId: 8 }), // a window another page opened
      connectPort({ id, url: `${ORIGIN}/connect`, frameId: 3 }), // a frame inside our tab
      connectPort({ id, url: `${ORIGIN}/elsewhere` }),
      connectPort({ id, url: `${ORIGIN}/connect/more` }),
      connectPort({ id, url: `${ORIGIN}/connect?x=1` }),
      connectPort({ id, url: 'http://127.0.0.1:9999/connect' }), // another local app
      connectPort({ id: 'another-extension', url: `${ORIGIN}/connect` }),
    ];
    for (const stranger of strangers) stranger.fromPage({ kind: 'ready' });
    for (const stranger of strangers)
      await vi.waitFor(() => expect(stranger.port.disconnect).toHaveBeenCalled());
    expect(strangers.map((s) => s.posted)).toEqual(strangers.map(() => []));

    const page = connectPort({ id, url: `${ORIGIN}/connect` });
    page.fromPage({ kind: 'ready' });
    await vi.waitFor(() => expect(page.posted).toHaveLength(1));
    const sent = page.posted[0] as { request: { requestId: string } };
    page.fromPage({ kind: 'result', result: { ok: true, requestId: sent.request.requestId, value: 'addr' } });
    await expect(answer).resolves.toBe('addr');
  });

  it('drops even its own tab’s page while no request waits', async () => {
    const bridge = new WalletBridge(async () => ORIGIN);
    bridge.listen();
    const early = connectPort({ id: 'anoghost-extension', url: `${ORIGIN}/connect` });
    early.fromPage({ kind: 'ready' });
    await vi.waitFor(() => expect(early.port.disconnect).toHaveBeenCalled());
  });

  it('fails a request the wallet refused, and every one in flight when the page closes', async () => {
    const bridge = new WalletBridge(async () => ORIGIN);
    bridge.listen();
    const first = bridge.request({ op: 'sign-message', message: 'AAAA' });
    await vi.waitFor(() => expect(tabsCreated.length).toBeGreaterThan(0));
    const page = connectPort({ id: 'anoghost-extension', url: `${ORIGIN}/connect` });
    page.fromPage({ kind: 'ready' });
    await vi.waitFor(() => expect(page.posted).toHaveLength(1));
    const second = bridge.request({ op: 'sign-message', message: 'BBBB' });
    await vi.waitFor(() => expect(page.posted).toHaveLength(2));
    const [a] = page.posted as { request: { requestId: string } }[];
    page.fromPage({
      kind: 'result',
      result: { ok: false, requestId: a?.request.requestId, reason: 'refused', message: 'User rejected' },
    });
    await expect(first).rejects.toMatchObject({
      reason: 'refused',
      message: 'The wallet refused the request.',
    });
    page.port.onDisconnect.fire();
    await expect(second).rejects.toMatchObject({
      reason: 'closed',
      message: 'The connect page was closed before the wallet answered.',
    });
  });

  it('cancel fails the request waiting on the wallet, and one whose page has not loaded yet', async () => {
    const bridge = new WalletBridge(async () => ORIGIN);
    bridge.listen();
    const loading = bridge.request({ op: 'connect', chain: 'solana:localnet' });
    await vi.waitFor(() => expect(tabsCreated.length).toBeGreaterThan(0));
    expect(bridge.waiting).toBe(true);
    await bridge.cancel();
    await expect(loading).rejects.toMatchObject({ reason: 'cancelled' });

    const asked = bridge.request({ op: 'sign-message', message: 'AAAA' });
    const page = connectPort({ id: 'anoghost-extension', url: `${ORIGIN}/connect` });
    page.fromPage({ kind: 'ready' });
    await vi.waitFor(() => expect(page.posted).toHaveLength(1));
    await bridge.cancel();
    await expect(asked).rejects.toMatchObject({
      reason: 'cancelled',
      message: 'Cancelled: nothing was signed.',
    });
    expect(bridge.waiting).toBe(false);
  });

  it('says when the person cancelled on the connect page itself', async () => {
    const bridge = new WalletBridge(async () => ORIGIN);
    bridge.listen();
    const asked = bridge.request({ op: 'connect', chain: 'solana:localnet' });
    await vi.waitFor(() => expect(tabsCreated.length).toBeGreaterThan(0));
    const page = connectPort({ id: 'anoghost-extension', url: `${ORIGIN}/connect` });
    page.fromPage({ kind: 'ready' });
    await vi.waitFor(() => expect(page.posted).toHaveLength(1));
    const [sent] = page.posted as { request: { requestId: string } }[];
    page.fromPage({
      kind: 'result',
      result: { ok: false, requestId: sent?.request.requestId, reason: 'cancelled', message: 'cancelled' },
    });
    await expect(asked).rejects.toMatchObject({
      reason: 'cancelled',
      message: 'Cancelled on the connect page: nothing was signed.',
    });
  });
});
