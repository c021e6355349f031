/**
 * Join links clicked on the server's /join page: the link goes to the chat panel as a pending
 * join, which the panel confirms with the person before joining. Chrome opens its side panel in
 * that tab (the click's user gesture carries over to this message); Firefox, and Chrome when that
 * fails, opens the chat page in a new tab. Only from the top frame of exactly `<server>/join`.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { JOIN_PATH } from '../../../shared/e2e/share-code.ts';
import { JoinLinkRequest } from '../../messaging/runtime-messages.ts';
import { isServerPage } from '../../messaging/server-pages.ts';
import { savePendingJoin } from '../../storage/pending-join.ts';
import { loadServerUrl } from '../../storage/server-url.ts';

export function openJoinLinks(): void {
  browser.runtime.onMessage.addListener((raw, sender) => {
    const parsed = v.safeParse(JoinLinkRequest, raw);
    if (!parsed.success || sender.id !== browser.runtime.id || sender.tab?.id === undefined) return;
    if (sender.frameId !== 0) return;
    return openJoin(parsed.output.link, sender.url ?? '', sender.tab.id).then(() => null);
  });
}

async function openJoin(link: string, pageUrl: string, tabId: number): Promise<void> {
  const server = await loadServerUrl();
  if (!isServerPage(pageUrl, server, JOIN_PATH) || !isServerPage(link, server, JOIN_PATH)) return;
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
