/**
 * Join links clicked on the server's /join page: the link goes to the chat panel as a pending
 * join. Chrome opens its side panel in that tab (the click's user gesture carries over to this
 * message); Firefox, and Chrome when that fails, opens the chat page in a new tab.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { savePendingJoin } from '../../messaging/pending-join.ts';
import { JoinLinkRequest } from '../../messaging/runtime-messages.ts';
import { loadServerUrl } from '../../settings/server-url.ts';

export function openJoinLinks(): void {
  browser.runtime.onMessage.addListener((raw, sender) => {
    const parsed = v.safeParse(JoinLinkRequest, raw);
    if (!parsed.success || sender.id !== browser.runtime.id || sender.tab?.id === undefined) return;
    return openJoin(parsed.output.link, sender.url ?? '', sender.tab.id).then(() => null);
  });
}

async function openJoin(link: string, pageUrl: string, tabId: number): Promise<void> {
  const server = await loadServerUrl();
  if (!pageUrl.startsWith(`${server}/join`) || !link.startsWith(`${server}/join`)) return;
  await savePendingJoin({ kind: 'link', input: link });
  if (browser.sidePanel) {
    try {
      await browser.sidePanel.open({ tabId });
      return;
    } catch {
      // no user gesture here: fall back to a tab
    }
  }
  await browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
}
