/**
 * Session credentials (the library's `SessionCredentials`: session key and the wallet-signed
 * message authorizing it) kept in `storage.session` only: memory, gone when the browser closes,
 * never on disk, but surviving the MV3 service worker being stopped, so a restarted worker signs
 * in again without asking the wallet. Stored with the server they belong to.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { parseCredentials, type SessionCredentials } from '../../shared/client/index.ts';

const CREDENTIALS_KEY = 'anoghost/session-credentials';
const RENEW_MARGIN_MS = 5 * 60_000; // ask the wallet again a little before the server would refuse

const StoredEntry = v.object({ serverOrigin: v.string(), credentials: v.unknown() });

/** The stored credentials for `serverOrigin`, if well-formed and not about to expire. */
export async function loadCredentials(
  serverOrigin: string,
  now = Date.now(),
): Promise<SessionCredentials | undefined> {
  const stored = await browser.storage.session.get(CREDENTIALS_KEY);
  const entry = v.safeParse(StoredEntry, stored[CREDENTIALS_KEY]);
  if (!entry.success || entry.output.serverOrigin !== serverOrigin) return undefined;
  const credentials = parseCredentials(entry.output.credentials);
  if (!credentials || credentials.expiresAt - RENEW_MARGIN_MS <= now) return undefined;
  return credentials;
}

export async function saveCredentials(serverOrigin: string, credentials: SessionCredentials): Promise<void> {
  await browser.storage.session.set({ [CREDENTIALS_KEY]: { serverOrigin, credentials } });
}

export async function clearCredentials(): Promise<void> {
  await browser.storage.session.remove(CREDENTIALS_KEY);
}
