/**
 * Answers requests from the extension's own pages (popup, side panel, options). Each request is
 * parsed with valibot; each answer is a `Reply`. Messages from anything but our pages are ignored.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { PageRequest, type Reply } from '../../messaging/runtime-messages.ts';
import { loadCredentials } from '../../storage/stored-credentials.ts';
import { describeError } from '../../ui/error-messages.ts';
import type { ConnectionManager } from './connection-manager.ts';
import type { WalletBridge } from './wallet-bridge.ts';

export function routePageRequests(manager: ConnectionManager, bridge: WalletBridge): void {
  browser.runtime.onMessage.addListener((raw, sender) => {
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL('/'))) return;
    const parsed = v.safeParse(PageRequest, raw);
    if (!parsed.success) return Promise.resolve({ ok: false, error: 'malformed request' } satisfies Reply);
    return handle(parsed.output, manager, bridge).then(
      (value): Reply => ({ ok: true, value: value ?? null }),
      (error: unknown): Reply => ({ ok: false, error: describeError(error) }),
    );
  });
}

async function handle(
  request: PageRequest,
  manager: ConnectionManager,
  bridge: WalletBridge,
): Promise<unknown> {
  switch (request.type) {
    case 'connect-wallet':
      void manager.connectWallet();
      return null;
    case 'rotate':
      return manager.rotate();
    case 'list-keys':
      return manager.requireClient().keys();
    case 'session-credentials':
      return (await loadCredentials(manager.status.server)) ?? null;
    case 'sign-transaction': {
      const chain = await manager.walletChain();
      try {
        return await bridge.request({ op: 'sign-transaction', tx: request.tx, chain });
      } finally {
        void bridge.closePage();
      }
    }
    case 'server-changed':
      return manager.serverChanged();
  }
}
