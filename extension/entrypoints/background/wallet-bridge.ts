/**
 * The background's end of the wallet bridge (DESIGN.md "wallet bridge"): opens the server's
 * `/connect` page, waits for its content script to connect a port, sends Wallet Standard requests
 * and awaits their results. One page at a time; closed again once sign-in is done.
 *
 * A page is adopted only if it is the tab this bridge opened, its top frame, exactly the server's
 * `/connect` page, and a request is waiting for it (DESIGN.md: "accepts bridge pages only from the
 * tabs it opened itself"): a /connect window some other page opened never sees a request.
 */
import * as v from 'valibot';
import { type Browser, browser } from 'wxt/browser';
import { PendingReplies } from '../../../shared/client/pending-replies.ts';
import {
  BRIDGE_PORT,
  type BridgeDownward,
  type BridgeFailureReason,
  type BridgeRequest,
  type BridgeResult,
  BridgeUpward,
} from '../../messaging/bridge-messages.ts';
import { CONNECT_PATH, isServerPage } from '../../messaging/server-pages.ts';

const PAGE_READY_TIMEOUT_MS = 30_000;
const WALLET_TIMEOUT_MS = 5 * 60_000; // a person is reading the wallet's prompt

type Port = Browser.runtime.Port;
type BridgeOp = BridgeRequest extends infer R
  ? R extends BridgeRequest
    ? Omit<R, 'requestId'>
    : never
  : never;

/** A wallet request that did not succeed, with a message a person can act on. */
export class WalletBridgeError extends Error {
  override name = 'WalletBridgeError';
  constructor(
    readonly reason: BridgeFailureReason | 'closed' | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

export class WalletBridge {
  readonly #serverOrigin: () => Promise<string>;
  #tabId: number | undefined; // the /connect tab this bridge opened, while it is open
  #tabOpening: Promise<unknown> = Promise.resolve(); // settles once `#tabId` is known
  #port: Port | undefined;
  #portWaiters: { ready(port: Port): void; fail(error: Error): void }[] = [];
  readonly #replies = new PendingReplies<string>(); // the wallet's answers, by requestId
  #nextId = 1;

  constructor(serverOrigin: () => Promise<string>) {
    this.#serverOrigin = serverOrigin;
  }

  /** Registers the listeners; call once from the background's main. */
  listen(): void {
    browser.runtime.onConnect.addListener((port) => {
      if (port.name === BRIDGE_PORT) this.#attach(port);
    });
    browser.tabs.onRemoved.addListener((tabId) => {
      if (tabId === this.#tabId) this.#tabId = undefined;
    });
  }

  /** Sends one request to the wallet, opening the connect page if needed. Resolves with its value. */
  async request(op: BridgeOp): Promise<string> {
    const port = await this.#openPage();
    const requestId = `w${this.#nextId++}`;
    const message: BridgeDownward = { kind: 'request', request: { ...op, requestId } as BridgeRequest };
    const reply = this.#replies.wait(requestId, {
      timeoutMs: WALLET_TIMEOUT_MS,
      timeoutError: () => new WalletBridgeError('timeout', 'The wallet did not answer in time.'),
    });
    try {
      port.postMessage(message);
    } catch (error) {
      this.#replies.reject(requestId, error as Error); // e.g. the page went away just now
    }
    return reply;
  }

  /** Whether a wallet request is waiting for an answer (the page may be open, or opening). */
  get waiting(): boolean {
    return this.#replies.size > 0 || this.#portWaiters.length > 0;
  }

  /**
   * The person gave up waiting (Cancel in the popup): every waiting request fails as cancelled, and
   * the connect page closes. Nothing the wallet signs after this is used.
   */
  async cancel(): Promise<void> {
    const cancelled = new WalletBridgeError('cancelled', 'Cancelled: nothing was signed.');
    for (const waiter of this.#portWaiters.splice(0)) waiter.fail(cancelled);
    this.#replies.rejectAll(cancelled);
    await this.closePage();
  }

  /**
   * Brings the connect page back to the front (it may be hidden behind other tabs or windows).
   * Resolves false when no page is open; the person can start again then.
   */
  async showPage(): Promise<boolean> {
    const tabId = this.#tabId;
    if (tabId === undefined) return false;
    try {
      const tab = await browser.tabs.update(tabId, { active: true });
      if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the connect page (after sign-in, or when the person gives up). */
  async closePage(): Promise<void> {
    const tabId = this.#tabId;
    this.#tabId = undefined;
    if (tabId !== undefined) await browser.tabs.remove(tabId).catch(() => {});
  }

  /**
   * Listens on the port at once: the page says `ready` only once, and a port drops messages that
   * arrive before a listener is added. They wait until the sender is known to be our /connect page.
   */
  #attach(port: Port): void {
    const verified = this.#isOurPage(port).catch(() => false);
    port.onMessage.addListener((raw) => {
      void verified.then((ok) => ok && this.#receive(port, raw));
    });
    port.onDisconnect.addListener(() => {
      if (this.#port !== port) return;
      this.#port = undefined;
      this.#replies.rejectAll(
        new WalletBridgeError('closed', 'The connect page was closed before the wallet answered.'),
      );
    });
    void verified.then((ok) => {
      if (!ok) port.disconnect();
    });
  }

  /** The tab this bridge opened, top frame, exactly `<server>/connect`, while a request waits. */
  async #isOurPage(port: Port): Promise<boolean> {
    const origin = await this.#serverOrigin();
    await this.#tabOpening;
    const sender = port.sender;
    return (
      sender?.id === browser.runtime.id &&
      sender.frameId === 0 &&
      sender.tab?.id !== undefined &&
      sender.tab.id === this.#tabId &&
      isServerPage(sender.url, origin, CONNECT_PATH) &&
      this.#portWaiters.length > 0
    );
  }

  #receive(port: Port, raw: unknown): void {
    const parsed = v.safeParse(BridgeUpward, raw);
    if (!parsed.success) return;
    const message = parsed.output;
    if (message.kind === 'ready') {
      this.#port = port;
      for (const waiter of this.#portWaiters.splice(0)) waiter.ready(port);
      return;
    }
    this.#settle(message.result);
  }

  #settle(result: BridgeResult): void {
    if (result.ok) this.#replies.resolve(result.requestId, result.value);
    else
      this.#replies.reject(
        result.requestId,
        new WalletBridgeError(result.reason, describeFailure(result.reason, result.message)),
      );
  }

  async #openPage(): Promise<Port> {
    if (this.#port) return this.#port;
    const ready = new Promise<Port>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new WalletBridgeError('timeout', 'The connect page did not load. Is the server reachable?')),
        PAGE_READY_TIMEOUT_MS,
      );
      this.#portWaiters.push({
        ready: (port) => {
          clearTimeout(timer);
          resolve(port);
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
    if (this.#tabId === undefined) {
      const opening = (async () => {
        const url = `${await this.#serverOrigin()}${CONNECT_PATH}`;
        this.#tabId = (await browser.tabs.create({ url, active: true })).id;
      })();
      this.#tabOpening = opening.catch(() => {});
      await opening;
    }
    return ready;
  }
}

function describeFailure(reason: BridgeFailureReason, detail: string): string {
  switch (reason) {
    case 'refused':
      return 'The wallet refused the request.';
    case 'cancelled':
      return 'Cancelled on the connect page: nothing was signed.';
    case 'unsupported':
      return `The wallet cannot do this: ${detail}`;
    default:
      return `The wallet reported an error: ${detail}`;
  }
}
