/** Isolated-world half of the wallet bridge on the server's /connect page: relays both ways. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startRelay } from './relay.ts';

export default defineContentScript({
  // Registered at run time for the configured server only (background/server-page-scripts.ts).
  registration: 'runtime',
  runAt: 'document_start',
  main() {
    startRelay();
  },
});
