/**
 * The invitations waiting for an answer, as opened from their envelopes (docs/extension.md
 * "Paid chats (version 2)"), in `storage.session` only, so a restarted service worker still
 * shows them and can accept them after the card's invite secret has ended. They hold the room secret S, which
 * moves to the paid-keys store (paid-keys.ts) on accept. Validated on read; ended ones dropped.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { InvitePayload } from '../../shared/crypto/invite-envelope.ts';

const PENDING_INVITATIONS_KEY = 'anoghost/pending-invitations';
export const MAX_PENDING_INVITATIONS = 64;

export const StoredInvitation = v.object({
  invite: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/)),
  /** When the invitation ends (Unix ms); the chat's own end is in `payload`. */
  expiresAt: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  payload: InvitePayload,
});
export type StoredInvitation = v.InferOutput<typeof StoredInvitation>;

/** The stored invitations that parse and have not ended, soonest to end first. */
export async function loadPendingInvitations(now = Date.now()): Promise<StoredInvitation[]> {
  const stored = await browser.storage.session.get(PENDING_INVITATIONS_KEY);
  const list = v.safeParse(v.array(v.unknown()), stored[PENDING_INVITATIONS_KEY]);
  if (!list.success) return [];
  return list.output
    .flatMap((entry) => {
      const parsed = v.safeParse(StoredInvitation, entry);
      return parsed.success && parsed.output.expiresAt > now ? [parsed.output] : [];
    })
    .sort((a, b) => a.expiresAt - b.expiresAt);
}

/** Replaces the stored invitations with `entries` (at most `MAX_PENDING_INVITATIONS`). */
export async function savePendingInvitations(entries: StoredInvitation[]): Promise<void> {
  await browser.storage.session.set({
    [PENDING_INVITATIONS_KEY]: entries.slice(0, MAX_PENDING_INVITATIONS),
  });
}
