/** On the server's /join page: a button that opens the room of the link in AnoGhost. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { offerToJoin } from './join-offer.ts';

export default defineContentScript({
  // Registered at run time for the configured server only (background/server-page-scripts.ts).
  registration: 'runtime',
  runAt: 'document_end',
  main() {
    void offerToJoin();
  },
});
