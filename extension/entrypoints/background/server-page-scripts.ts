/**
 * The /connect and /join content scripts run only on the configured server: registered at run
 * time for its origin and those exact paths (none are in the manifest), for local servers too, and
 * re-registered whenever the server changes. A non-local server needs its host permission, which
 * the options page requested.
 */
import { browser } from 'wxt/browser';
import { JOIN_PATH } from '../../../shared/e2e/share-code.ts';
import { CONNECT_PATH, serverPagePatterns } from '../../messaging/server-pages.ts';
import { isLocalServer, originPermission } from '../../storage/server-url.ts';

const SCRIPT_IDS = ['anoghost-connect-relay', 'anoghost-connect-wallet', 'anoghost-join-link'];

export async function syncServerPageScripts(origin: string): Promise<void> {
  await browser.scripting.unregisterContentScripts({ ids: SCRIPT_IDS }).catch(() => {});
  if (
    !isLocalServer(origin) &&
    !(await browser.permissions.contains({ origins: [originPermission(origin)] }))
  )
    return;
  const withPort = !import.meta.env.FIREFOX;
  const connectPage = serverPagePatterns(origin, CONNECT_PATH, withPort);
  await browser.scripting.registerContentScripts([
    {
      id: 'anoghost-connect-relay',
      matches: connectPage,
      js: ['content-scripts/connect-relay.js'],
      runAt: 'document_start',
    },
    {
      id: 'anoghost-connect-wallet',
      matches: connectPage,
      js: ['content-scripts/connect-wallet.js'],
      runAt: 'document_end',
      world: 'MAIN',
    },
    {
      id: 'anoghost-join-link',
      matches: serverPagePatterns(origin, JOIN_PATH, withPort),
      js: ['content-scripts/join-link.js'],
      runAt: 'document_end',
    },
  ]);
}
