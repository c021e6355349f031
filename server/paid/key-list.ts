/**
 * `keys` (docs/protocol.md §4): the keys the session's wallet holds, read from the chain each
 * time. Only this server's keys bound to that wallet are listed; the server keeps no list of its
 * own.
 */
import type { Address } from '@solana/kit';
import type { Session } from '../session/session.ts';
import { heldMint, judgeKey } from './key-reader.ts';
import { type PaidChatDeps, walletAddress } from './paid-chat-deps.ts';

/** One key of the list, its chat name opened. */
export interface HeldKey {
  mint: string;
  name: string;
  expiresAt: number;
}

/** The keys the session's wallet holds that are bound to it, soonest to expire first. */
export async function listKeys(deps: PaidChatDeps, session: Session): Promise<HeldKey[]> {
  const owner = walletAddress(session);
  const tokenAccounts = await deps.chain.tokenAccountsOf(owner);
  const mints = tokenAccounts
    .map((data) => heldMint(data, owner))
    .filter((m): m is Address => m !== undefined);
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
    if (verdict.ok)
      keys.push({ mint: mints[i]!, name: verdict.key.name, expiresAt: verdict.key.room.expiresAt });
  });
  return keys.sort((a, b) => a.expiresAt - b.expiresAt);
}
