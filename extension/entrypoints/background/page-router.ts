/**
 * Answers requests from the extension's own pages (popup, side panel, options). Each request is
 * parsed with `PageRequest`; each type has one handler, which must return that type's reply in
 * `PAGE_REQUESTS`; the answer travels in a `ReplyEnvelope`. Messages from anything but our pages
 * are ignored.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import {
  type PageReply,
  PageRequest,
  type PageRequestType,
  type ReplyEnvelope,
} from '../../messaging/page-requests.ts';
import { loadCredentials } from '../../storage/stored-credentials.ts';
import { describeError } from '../../ui/error-messages.ts';
import type { ConnectionManager } from './connection-manager.ts';
import type { InvitationInbox } from './invitation-inbox.ts';
import { createNotificationHandlers, type Notifier } from './notifications.ts';
import { createPaidChatHandlers } from './paid-chat-requests.ts';
import type { PaymentGuard } from './payment-guard.ts';
import type { WalletBridge } from './wallet-bridge.ts';

type PageHandlers = { [T in PageRequestType]: (request: PageRequest<T>) => Promise<PageReply<T>> };

export function routePageRequests(
  manager: ConnectionManager,
  bridge: WalletBridge,
  payments: PaymentGuard,
  inbox: InvitationInbox,
  notifier: Notifier,
): void {
  const handlers = createHandlers(manager, bridge, payments, inbox, notifier);
  browser.runtime.onMessage.addListener((raw, sender) => {
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL('/'))) return;
    const parsed = v.safeParse(PageRequest, raw);
    if (!parsed.success)
      return Promise.resolve({ ok: false, error: 'malformed request' } satisfies ReplyEnvelope);
    return answer(handlers, parsed.output.type, parsed.output).then(
      (value): ReplyEnvelope => ({ ok: true, value }),
      (error: unknown): ReplyEnvelope => ({ ok: false, error: describeError(error) }),
    );
  });
}

/**
 * Runs the handler of `type`; generic so the reply stays tied to its request, and async so a
 * handler that throws at once still gets its error answered.
 */
async function answer<T extends PageRequestType>(
  handlers: PageHandlers,
  type: T,
  request: PageRequest<T>,
): Promise<PageReply<T>> {
  return handlers[type](request);
}

function createHandlers(
  manager: ConnectionManager,
  bridge: WalletBridge,
  payments: PaymentGuard,
  inbox: InvitationInbox,
  notifier: Notifier,
): PageHandlers {
  return {
    ...createPaidChatHandlers(manager, inbox),
    ...createNotificationHandlers(notifier),
    'connect-wallet': async () => {
      void manager.connectWallet();
      return null;
    },
    rotate: () => manager.rotate(),
    'session-credentials': async () => (await loadCredentials(manager.status.server)) ?? null,
    'review-payment': ({ tx, lamports }) => payments.review(manager.status.server, { tx, lamports }),
    'sign-transaction': async ({ tx, lamports, trustTreasury, chatName }) => {
      const server = manager.status.server;
      const reviewed = await payments.approve(server, { tx, lamports, trustTreasury });
      // The chain the person confirmed for this server, never one the server names now.
      const chain = await manager.walletChain();
      try {
        // The page shows the lamports decoded from the transaction, not the quote's number.
        const purpose = { lamports: reviewed.lamports, ...(chatName ? { chatName } : {}) };
        return await bridge.request({ op: 'sign-transaction', tx, chain, ...purpose });
      } finally {
        void bridge.closePage();
      }
    },
    'cancel-wallet': async () => {
      await bridge.cancel();
      return null;
    },
    'show-wallet-page': () => bridge.showPage(),
    'server-changed': async () => {
      await manager.serverChanged();
      return null;
    },
  };
}
