/** Main-world half of the wallet bridge: Wallet Standard discovery and requests on /connect. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { CONNECT_PAGE_MATCHES } from '../../messaging/server-pages.ts';
import { startWalletBridge } from './wallet-bridge-page.ts';

export default defineContentScript({
  matches: CONNECT_PAGE_MATCHES,
  world: 'MAIN',
  runAt: 'document_end',
  main() {
    startWalletBridge();
  },
});
