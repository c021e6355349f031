/**
 * The per-install secret (DESIGN.md "Extension", docs/extension.md "Storage"): 32 random bytes
 * made once and kept in `storage.local`. Every one-time holder derives from it
 * (shared/crypto/holder-keys.ts), so the extension finds its paid keys again without storing a
 * wallet or a holder's secret; and the client library derives every per-room identity key from it
 * (docs/rooms-mls.md "Members and credentials"), so fingerprints stay the same across reconnects,
 * panel reopenings and browser restarts. It is never logged, shown or sent; losing it
 * (uninstalling) loses the way back to the keys, which end with their chats anyway.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { INSTALL_SECRET_LENGTH } from '../../shared/crypto/holder-keys.ts';
import { generateRandomBytes } from '../../shared/crypto/random-bytes.ts';
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';

const INSTALL_SECRET_KEY = 'anoghost/install-secret';

const StoredSecret = v.pipe(
  v.string(),
  v.transform(decodeB64u),
  v.check((bytes) => bytes?.length === INSTALL_SECRET_LENGTH, 'install secret must be 32 bytes'),
);

let loading: Promise<Uint8Array> | undefined;

/**
 * The install secret, made and stored on first use (one at a time: two callers at once get the
 * same one). A stored value that does not parse is replaced: no key was derivable from it anyway.
 * Callers get a copy they may wipe.
 */
export async function loadInstallSecret(): Promise<Uint8Array> {
  loading ??= readOrCreate().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return (await loading).slice();
}

async function readOrCreate(): Promise<Uint8Array> {
  const stored = await browser.storage.local.get(INSTALL_SECRET_KEY);
  const parsed = v.safeParse(StoredSecret, stored[INSTALL_SECRET_KEY]);
  if (parsed.success && parsed.output) return parsed.output;
  const secret = generateRandomBytes(INSTALL_SECRET_LENGTH);
  await browser.storage.local.set({ [INSTALL_SECRET_KEY]: encodeB64u(secret) });
  // Two pages (the background and a side panel) drawing at once: both go on with the write that
  // landed last.
  const after = v.safeParse(
    StoredSecret,
    (await browser.storage.local.get(INSTALL_SECRET_KEY))[INSTALL_SECRET_KEY],
  );
  return after.success && after.output ? after.output : secret;
}

/** For tests: forget the cached secret (the stored one stays). */
export function forgetCachedInstallSecret(): void {
  loading = undefined;
}
