/** Isolated-world half of the wallet bridge on the server's /connect page: relays both ways. */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { CONNECT_PAGE_MATCHES } from '../../messaging/server-pages.ts';
import { startRelay } from './relay.ts';

export default defineContentScript({
  matches: CONNECT_PAGE_MATCHES,
  runAt: 'document_start',
  main() {
    startRelay();
  },
});
