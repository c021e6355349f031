/**
 * The manifest runs the /connect and /join content scripts on the local hosts only. For a server
 * set in the options (whose host permission the options page requested), they are registered at
 * run time for that origin, and unregistered when the server changes again.
 */
import { browser } from 'wxt/browser';
import { originPermission } from '../../storage/server-url.ts';

const LOCAL_HOSTNAMES = new Set(['127.0.0.1', 'localhost']);
const SCRIPT_IDS = ['anoghost-connect-relay', 'anoghost-connect-wallet', 'anoghost-join-link'];

export async function syncServerPageScripts(origin: string): Promise<void> {
  await browser.scripting.unregisterContentScripts({ ids: SCRIPT_IDS }).catch(() => {});
  const url = new URL(origin);
  if (url.protocol === 'http:' && LOCAL_HOSTNAMES.has(url.hostname)) return;
  if (!(await browser.permissions.contains({ origins: [originPermission(origin)] }))) return;
  await browser.scripting.registerContentScripts([
    {
      id: 'anoghost-connect-relay',
      matches: [`${origin}/connect*`],
      js: ['content-scripts/connect-relay.js'],
      runAt: 'document_start',
    },
    {
      id: 'anoghost-connect-wallet',
      matches: [`${origin}/connect*`],
      js: ['content-scripts/connect-wallet.js'],
      runAt: 'document_end',
      world: 'MAIN',
    },
    {
      id: 'anoghost-join-link',
      matches: [`${origin}/join*`],
      js: ['content-scripts/join-link.js'],
      runAt: 'document_end',
    },
  ]);
}
