/**
 * Handles that the browser tests reach through the service worker's global scope (only the
 * extension itself and a debugger can see it): the native context menu cannot be clicked from
 * Puppeteer, so the tests call its handler directly. Built only into the tests' variant
 * (`wxt build --mode e2e`, see index.ts); the production build has none.
 */
import type { Browser } from 'wxt/browser';
import type { ConnectionManager } from './connection-manager.ts';
import { shareGhostCard } from './context-menu.ts';
import type { InvitationInbox } from './invitation-inbox.ts';
import type { Notifier } from './notifications.ts';

export function exposeTestHooks(
  manager: ConnectionManager,
  inbox: InvitationInbox,
  notifier: Notifier,
): void {
  Object.assign(globalThis, {
    anoghost: {
      status: () => manager.status,
      shareGhostCard: (info: Browser.contextMenus.OnClickData, tab: Browser.tabs.Tab) =>
        shareGhostCard(manager, info, tab),
      invitations: () => inbox.list(),
      /** The notifications asked for (also when the browser has no notifications API). */
      notifications: () => [...notifier.shown],
    },
  });
}
