/** Main-world half of the wallet bridge: Wallet Standard discovery and requests on /connect. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startWalletBridge } from './wallet-bridge-page.ts';

export default defineContentScript({
  // Registered at run time for the configured server only (background/server-page-scripts.ts).
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_end',
  main() {
    startWalletBridge();
  },
});
