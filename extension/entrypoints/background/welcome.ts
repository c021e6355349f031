/**
 * On first install, open the welcome page (entrypoints/welcome/): what AnoGhost is, connect the
 * wallet, open the chat, and the server URL (http://127.0.0.1:8787 by default) under "Advanced".
 */
import { browser } from 'wxt/browser';

export function welcomeOnInstall(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
  });
}
