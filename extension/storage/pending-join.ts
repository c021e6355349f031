/**
 * A join the popup hands to the side panel (an NFT key picked in the popup, or a join link).
 * In `storage.session` only, and taken (removed) by the panel as soon as it reads it.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';

const PENDING_JOIN_KEY = 'anoghost/pending-join';

export const PendingJoin = v.variant('kind', [
  v.object({ kind: v.literal('key'), mint: v.pipe(v.string(), v.maxLength(64)) }),
  v.object({ kind: v.literal('link'), input: v.pipe(v.string(), v.maxLength(512)) }),
]);
export type PendingJoin = v.InferOutput<typeof PendingJoin>;

export async function savePendingJoin(join: PendingJoin): Promise<void> {
  await browser.storage.session.set({ [PENDING_JOIN_KEY]: join });
}

export async function takePendingJoin(): Promise<PendingJoin | undefined> {
  const stored = await browser.storage.session.get(PENDING_JOIN_KEY);
  await browser.storage.session.remove(PENDING_JOIN_KEY);
  const parsed = v.safeParse(PendingJoin, stored[PENDING_JOIN_KEY]);
  return parsed.success ? parsed.output : undefined;
}

/** Calls `listener` whenever a new pending join is stored (the panel may already be open). */
export function watchPendingJoin(listener: () => void): () => void {
  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if (area === 'session' && PENDING_JOIN_KEY in changes) listener();
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
