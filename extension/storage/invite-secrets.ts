/**
 * The secrets of the invite keys in the cards this install handed out (docs/extension.md
 * "Paid chats (version 2)"), each with its ghostId and that ghostId's `liveUntil`, in
 * `storage.session` only (memory, never disk), so a restarted service worker can still open envelopes sealed to a card
 * it shared. Nowhere else: they end with their ghostId's window. Validated on read; ended entries
 * are dropped.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { INVITE_SECRET_KEY_LENGTH } from '../../shared/crypto/invite-envelope.ts';
import { decodeB64u } from '../../shared/encoding.ts';

const INVITE_SECRETS_KEY = 'anoghost/invite-secrets';
export const MAX_INVITE_SECRETS = 64;

export const StoredInviteSecret = v.object({
  ghostId: v.pipe(v.string(), v.minLength(1), v.maxLength(128), v.regex(/^[A-Za-z0-9_-]+$/)),
  secret: v.pipe(
    v.string(),
    v.check((s) => decodeB64u(s)?.length === INVITE_SECRET_KEY_LENGTH, 'secret must be 32 bytes'),
  ),
  liveUntil: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});
export type StoredInviteSecret = v.InferOutput<typeof StoredInviteSecret>;

/** The stored secrets whose ghostId is still in its window. */
export async function loadInviteSecrets(now = Date.now()): Promise<StoredInviteSecret[]> {
  const stored = await browser.storage.session.get(INVITE_SECRETS_KEY);
  const list = v.safeParse(v.array(v.unknown()), stored[INVITE_SECRETS_KEY]);
  if (!list.success) return [];
  return list.output.flatMap((entry) => {
    const parsed = v.safeParse(StoredInviteSecret, entry);
    return parsed.success && parsed.output.liveUntil > now ? [parsed.output] : [];
  });
}

/** Replaces the stored secrets with `entries` (the newest `MAX_INVITE_SECRETS`). */
export async function saveInviteSecrets(entries: StoredInviteSecret[]): Promise<void> {
  await browser.storage.session.set({ [INVITE_SECRETS_KEY]: entries.slice(-MAX_INVITE_SECRETS) });
}
