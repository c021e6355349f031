/**
 * On first install, open the options page as a welcome: it shows which server AnoGhost uses
 * (http://127.0.0.1:8787 by default) and lets the person change it before connecting a wallet.
 */
import { browser } from 'wxt/browser';

export function welcomeOnInstall(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/options.html') });
  });
}
