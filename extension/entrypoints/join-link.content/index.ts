/** On the server's /join page: a button that opens the room of the link in AnoGhost. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { JOIN_PAGE_MATCHES } from '../../messaging/server-pages.ts';
import { offerToJoin } from './join-offer.ts';

export default defineContentScript({
  matches: JOIN_PAGE_MATCHES,
  runAt: 'document_end',
  main() {
    offerToJoin();
  },
});
