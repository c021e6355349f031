/**
 * Opens the chat: Chrome's side panel or Firefox's sidebar. Both need a user gesture, so call
 * `openSidePanel` synchronously from a click handler; `prepareSidePanel` fetches the window id
 * beforehand because awaiting it inside the click would lose the gesture in Chrome.
 */
import { browser } from 'wxt/browser';

type FirefoxSidebar = { sidebarAction?: { open(): Promise<void> } };

let windowId: number | undefined;

export function prepareSidePanel(): void {
  void browser.windows.getCurrent().then((w) => {
    windowId = w.id;
  });
}

export function openSidePanel(): Promise<void> {
  const sidebar = (browser as unknown as FirefoxSidebar).sidebarAction;
  if (sidebar) return sidebar.open();
  if (browser.sidePanel && windowId !== undefined) return browser.sidePanel.open({ windowId });
  return Promise.reject(new Error('This browser has no side panel for extensions.'));
}
