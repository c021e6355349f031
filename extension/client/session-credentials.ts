/**
 * Session credentials: the session key and the wallet-signed sign-in message that authorizes it
 * (PROTOCOL.md §2). Kept in `storage.session` only: memory, cleared when the browser closes,
 * never on disk, but it survives the MV3 service worker being stopped, so a restarted worker
 * signs in again without asking the wallet.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';

const CREDENTIALS_KEY = 'anoghost/session-credentials';
const RENEW_MARGIN_MS = 5 * 60_000; // ask the wallet again a bit before the server would refuse

export const SessionCredentials = v.object({
  serverOrigin: v.string(),
  /** Ed25519 seed of the session key, b64u. */
  sessionSeed: v.pipe(v.string(), v.length(43)),
  message: v.pipe(v.string(), v.maxLength(1024)),
  /** The wallet's signature over `message`, b64u. */
  signature: v.pipe(v.string(), v.length(86)),
  expiresAt: v.number(),
});
export type SessionCredentials = v.InferOutput<typeof SessionCredentials>;

/** The stored credentials for `serverOrigin`, if still usable. */
export async function loadCredentials(serverOrigin: string, now = Date.now()) {
  const stored = await browser.storage.session.get(CREDENTIALS_KEY);
  const parsed = v.safeParse(SessionCredentials, stored[CREDENTIALS_KEY]);
  if (!parsed.success) return undefined;
  const credentials = parsed.output;
  if (credentials.serverOrigin !== serverOrigin) return undefined;
  if (credentials.expiresAt - RENEW_MARGIN_MS <= now) return undefined;
  return credentials;
}

export async function saveCredentials(credentials: SessionCredentials): Promise<void> {
  await browser.storage.session.set({ [CREDENTIALS_KEY]: credentials });
}

export async function clearCredentials(): Promise<void> {
  await browser.storage.session.remove(CREDENTIALS_KEY);
}
