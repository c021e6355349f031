/**
 * The per-install secret (docs/rooms-mls.md "Members and credentials"): 32 random bytes in
 * `storage.local`, drawn once, from which the library derives every per-room identity key, so a
 * member's fingerprint stays the same across reconnects, panel reopenings and browser restarts
 * (and verified marks keep meaning something). Stored as base64url; a stored value that is not
 * 32 bytes is replaced by a fresh one. Never logged, never sent anywhere.
 */
import { browser } from 'wxt/browser';
import { generateInstallSecret, INSTALL_SECRET_LENGTH } from '../../shared/e2e/room-identity.ts';
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';

const INSTALL_SECRET_KEY = 'anoghost/install-secret';

function parse(value: unknown): Uint8Array | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = decodeB64u(value);
  return bytes?.length === INSTALL_SECRET_LENGTH ? bytes : undefined;
}

/** This install's secret, drawn and stored on first use. */
export async function loadInstallSecret(): Promise<Uint8Array> {
  const stored = parse((await browser.storage.local.get(INSTALL_SECRET_KEY))[INSTALL_SECRET_KEY]);
  if (stored) return stored;
  const fresh = generateInstallSecret();
  await browser.storage.local.set({ [INSTALL_SECRET_KEY]: encodeB64u(fresh) });
  // Two pages drawing at once: both go on with whichever write landed last.
  return parse((await browser.storage.local.get(INSTALL_SECRET_KEY))[INSTALL_SECRET_KEY]) ?? fresh;
}
