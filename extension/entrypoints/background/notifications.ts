/**
 * Desktop notifications and the action badge (issue #13). The side panel reports messages that
 * arrived while it was hidden (or in another room) and its unread total; the invitation inbox
 * reports its pending invitations. A notification has no content unless the panel sends a preview
 * (the person allowed them); the badge shows unread messages plus pending invitations. Needs the
 * `notifications` permission: without it (`browser.notifications` missing) only the badge changes.
 */
import { browser } from 'wxt/browser';
import type { PageReply, PageRequest } from '../../messaging/page-requests.ts';
import type { PendingInvitation } from '../../messaging/runtime-messages.ts';

/** A 1×1 PNG: Chrome requires an icon, and the extension ships none of its own here. */
const ICON_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const DEFAULT_TITLE = 'AnoGhost';

export interface ShownNotification {
  title: string;
  message: string;
}

export class Notifier {
  #unread = 0;
  #invitations = 0;
  #seenInvitations = new Set<string>();
  /** What was shown, newest last (the browser tests read it through the test hooks). */
  readonly shown: ShownNotification[] = [];

  /** A message the panel reports; `title` and `text` are there only with previews on. */
  message(title: string | undefined, text: string | undefined): void {
    this.#show({ title: title ?? DEFAULT_TITLE, message: text ?? 'New message' });
  }

  setUnread(count: number): void {
    this.#unread = count;
    this.#badge();
  }

  /** The inbox's pending invitations: a new one notifies (not those already there at start-up). */
  invitationsChanged(invitations: PendingInvitation[]): void {
    const ids = new Set(invitations.map((i) => i.invite));
    const fresh = [...ids].some((id) => !this.#seenInvitations.has(id));
    for (const id of ids) this.#seenInvitations.add(id);
    this.#invitations = ids.size;
    this.#badge();
    if (fresh) this.#show({ title: DEFAULT_TITLE, message: 'New invitation' });
  }

  /** The inbox loaded what an earlier service worker kept: those were notified already. */
  knowInvitations(invitations: PendingInvitation[]): void {
    for (const i of invitations) this.#seenInvitations.add(i.invite);
    this.#invitations = invitations.length;
    this.#badge();
  }

  #show(notification: ShownNotification): void {
    this.shown.push(notification);
    if (!browser.notifications?.create) return;
    browser.notifications.create({ type: 'basic', iconUrl: ICON_URL, ...notification }).catch(() => {}); // one failing feature never stops the others (STYLE.md §7)
  }

  #badge(): void {
    const total = this.#unread + this.#invitations;
    const action = browser.action ?? browser.browserAction;
    action?.setBadgeText({ text: total > 0 ? String(total) : '' }).catch(() => {});
  }
}

type NotifyHandlers = {
  'notify-message': (request: PageRequest<'notify-message'>) => Promise<PageReply<'notify-message'>>;
  'set-unread': (request: PageRequest<'set-unread'>) => Promise<PageReply<'set-unread'>>;
};

/** The page-request handlers of the notify rows (messaging/notify-messages.ts). */
export function createNotificationHandlers(notifier: Notifier): NotifyHandlers {
  return {
    'notify-message': async ({ title, text }) => {
      notifier.message(title, text);
      return null;
    },
    'set-unread': async ({ count }) => {
      notifier.setUnread(count);
      return null;
    },
  };
}
