/**
 * Context menu "Share my ghost card" (DESIGN.md "Extension"): in an editable field it inserts the
 * current ghost card (`<ghostId>.<invite key>`, what a paid chat invites) at the caret; anywhere
 * else it copies it to the clipboard.
 */
import { type Browser, browser } from 'wxt/browser';
import type { ConnectionManager } from './connection-manager.ts';

export const SHARE_MENU_ID = 'anoghost-share-ghost-id';

export function installContextMenu(manager: ConnectionManager): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: SHARE_MENU_ID,
      title: 'Share my ghost card',
      contexts: ['editable', 'page', 'selection', 'link'],
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => void shareGhostCard(manager, info, tab));
}

/** Inserts or copies the ghost card in `tab`; resolves with what it did. */
export async function shareGhostCard(
  manager: ConnectionManager,
  info: Pick<Browser.contextMenus.OnClickData, 'menuItemId' | 'editable' | 'frameId'>,
  tab?: Pick<Browser.tabs.Tab, 'id'>,
): Promise<'inserted' | 'copied' | 'not-connected' | 'failed'> {
  if (info.menuItemId !== SHARE_MENU_ID || tab?.id === undefined) return 'failed';
  const card = manager.status.card;
  if (!card) return 'not-connected';
  const target = { tabId: tab.id, frameIds: [info.frameId ?? 0] };
  if (info.editable) {
    const [result] = await browser.scripting.executeScript({
      target,
      func: insertIntoFocusedField,
      args: [card],
    });
    return result?.result === true ? 'inserted' : 'failed';
  }
  const [result] = await browser.scripting.executeScript({ target, func: copyToClipboard, args: [card] });
  return result?.result === true ? 'copied' : 'failed';
}

/** Runs in the page: inserts `text` at the caret of the focused field, as typing would. */
function insertIntoFocusedField(text: string): boolean {
  const field = document.activeElement;
  if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    field.setRangeText(text, start, end, 'end');
    field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    return true;
  }
  if (field instanceof HTMLElement && field.isContentEditable)
    return document.execCommand('insertText', false, text);
  return false;
}

/** Runs in the page: copies `text` (the clipboardWrite permission allows the `copy` command). */
async function copyToClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}
