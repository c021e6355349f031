/**
 * Invitations this install declined (docs/protocol.md §4: a restarted server may offer one
 * again), by id with the invitation's end, in `storage.local` until that end: an invitation whose
 * id is here is dropped without being shown. Validated on read; ended ids are pruned on write.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';

const DECLINED_KEY = 'anoghost/declined-invitations';
const MAX_DECLINED = 1024;

const InviteId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/));
const DeclinedTable = v.record(InviteId, v.pipe(v.number(), v.safeInteger(), v.minValue(0)));

async function loadTable(now: number): Promise<Record<string, number>> {
  const stored = await browser.storage.local.get(DECLINED_KEY);
  const table = v.safeParse(DeclinedTable, stored[DECLINED_KEY]);
  if (!table.success) return {};
  return Object.fromEntries(Object.entries(table.output).filter(([, end]) => end > now));
}

/** The ids of the declined invitations that have not ended yet. */
export async function loadDeclinedInvitations(now = Date.now()): Promise<Set<string>> {
  return new Set(Object.keys(await loadTable(now)));
}

/** Remembers that `invite` (ending at `expiresAt`, Unix ms) was declined. */
export async function rememberDeclined(invite: string, expiresAt: number, now = Date.now()): Promise<void> {
  const table = await loadTable(now);
  table[v.parse(InviteId, invite)] = expiresAt;
  const kept = Object.entries(table)
    .sort(([, a], [, b]) => b - a)
    .slice(0, MAX_DECLINED);
  await browser.storage.local.set({ [DECLINED_KEY]: Object.fromEntries(kept) });
}
