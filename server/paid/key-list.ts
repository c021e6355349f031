/**
 * `keys`, version 2 (docs/protocol.md §4): the keys held by the one-time holder addresses the
 * client names, read from the chain each time. Only this server's keys bound to the session's
 * wallet are listed (a holder's other tokens, and keys bound to another wallet, are left out
 * without a word); the server keeps no list of its own, and the holders are not remembered.
 */
import { type Address, address } from '@solana/kit';
import type { Session } from '../session/session.ts';
import { heldMint, judgeKey } from './key-reader.ts';
import type { PaidChatDeps } from './paid-chat-deps.ts';

/** At most this many held mints are looked at per request (one getMultipleAccounts). */
export const MAX_LISTED_MINTS = 100;

/** One key of the list. */
export interface HeldKey {
  mint: string;
  expiresAt: number;
}

/** The keys `holders` hold that are bound to the session's wallet, soonest to expire first. */
export async function listKeys(
  deps: PaidChatDeps,
  session: Session,
  holders: readonly string[],
): Promise<HeldKey[]> {
  const owners = [...new Set(holders)].map((h) => address(h));
  const held = await Promise.all(owners.map((owner) => deps.chain.tokenAccountsOf(owner)));
  const mints = [
    ...new Set(
      held.flatMap((accounts, i) =>
        accounts.map((data) => heldMint(data, owners[i]!)).filter((m): m is Address => m !== undefined),
      ),
    ),
  ].slice(0, MAX_LISTED_MINTS);
  if (mints.length === 0) return [];
  const mintAccounts = await deps.chain.accounts(mints);
  const keys: HeldKey[] = [];
  mintAccounts.forEach((account, i) => {
    if (!account.exists) return;
    const data = account.data as Uint8Array;
    const verdict = judgeKey(
      deps.master,
      deps.treasury,
      mints[i]!,
      account.programAddress,
      data,
      session.wallet,
    );
    if (verdict.ok) keys.push({ mint: mints[i]!, expiresAt: verdict.key.room.expiresAt });
  });
  return keys.sort((a, b) => a.expiresAt - b.expiresAt);
}
