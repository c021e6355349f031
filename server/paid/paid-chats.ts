/**
 * Paid chats (PROTOCOL.md §4): quote, redeem, list keys, and join a paid room with a key. Keeps
 * no record of who paid, who was invited or who joined: quotes are sealed and carried by the
 * client, mints are derived from the payment, and everything else is read back from the chain.
 */
import {
  type Address,
  address,
  createKeyPairSignerFromPrivateKeyBytes,
  fetchEncodedAccount,
  getAddressDecoder,
  type KeyPairSigner,
} from '@solana/kit';
import { findAssociatedTokenPda, TOKEN_2022_PROGRAM_ADDRESS } from '@solana-program/token-2022';
import { encodeHex } from '../../shared/encoding.ts';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { QUOTE_LIFETIME_MS } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import { guardTransport, type SolanaClient } from '../chain/solana-client.ts';
import type { MasterKeys } from '../crypto/master-derivations.ts';
import type { GhostIds } from '../ghost/ghost-ids.ts';
import type { RoomSettings } from '../rooms/room.ts';
import type { Session } from '../session/session.ts';
import { heldMint, holdsToken, judgeKey } from './key-reader.ts';
import { buildPaymentTransaction } from './payment.ts';
import { type Quote, quoteMemo, randomQuoteId, sealQuote, walletToField } from './quote-seal.ts';

export interface PaidChatDeps {
  ghostIds: GhostIds;
  master: MasterKeys;
  treasury: KeyPairSigner;
  chain: SolanaClient;
  priceLamports: bigint;
  now: () => number;
}

const ADDRESS_DECODER = getAddressDecoder();

export function walletAddress(session: Session): Address {
  return ADDRESS_DECODER.decode(session.wallet);
}

/** `quote`: which ghostIds are live, the price, and the payment transaction to sign. */
export async function quotePaidChat(deps: PaidChatDeps, session: Session, frame: ClientFrameOf<'quote'>) {
  await deps.ghostIds.prepare(frame.ghostIds)?.catch((error: unknown) => {
    throw new ProtocolError('unavailable', 'ghostIds cannot be opened right now; try again', {
      cause: error,
    });
  });
  // The seed asks for Promises rather than a loop, since the ghost window is the time limit. Opening
  // is synchronous and ~10 µs here (keys for Redis mode are loaded just above, in parallel), so the
  // Promise.all only keeps every ghostId independent: one failing cannot hold up the others.
  const wallets = await Promise.all(frame.ghostIds.map(async (ghostId) => deps.ghostIds.open(ghostId)));
  const live = wallets.map((w) => w !== undefined);
  const recipients = wallets.filter((w): w is Uint8Array => w !== undefined);
  if (recipients.length === 0) throw new ProtocolError('no_live_ghosts', 'none of these ghostIds is live');
  const issuedAt = deps.now();
  const lamports = BigInt(recipients.length + 1) * deps.priceLamports;
  const quote: Quote = {
    v: 1,
    id: randomQuoteId(),
    initiator: walletToField(session.wallet),
    recipients: recipients.map(walletToField),
    name: frame.name,
    sealName: frame.sealName ?? false,
    ttl: frame.ttl,
    msgTtl: null,
    lamports: lamports.toString(),
    issuedAt,
    expiresAt: issuedAt + QUOTE_LIFETIME_MS,
  };
  for (const w of recipients) w.fill(0);
  const { value: blockhash } = await guardTransport(() => deps.chain.rpc.getLatestBlockhash().send());
  const tx = buildPaymentTransaction(
    { payer: walletAddress(session), treasury: deps.treasury.address, lamports, memo: quoteMemo(quote) },
    blockhash,
  );
  return {
    t: 'quote',
    id: frame.id,
    quote: sealQuote(deps.master.quoteKey, quote),
    lamports: quote.lamports,
    tx,
    live,
    expiresAt: quote.expiresAt,
  };
}

/** The key mint keypair number `index` of the payment `signature` (deterministic). */
export function deriveMintSigner(
  master: MasterKeys,
  signature: string,
  index: number,
): Promise<KeyPairSigner> {
  return createKeyPairSignerFromPrivateKeyBytes(master.mintSeed(signature, index));
}

/** `join` with `key`: opens the key for this session's wallet and names the paid room. */
export async function resolvePaidRoom(
  deps: PaidChatDeps,
  session: Session,
  frame: ClientFrameOf<'join'>,
): Promise<RoomSettings> {
  const mint = address(frame.key!);
  const owner = walletAddress(session);
  const [ata] = await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS });
  const [mintAccount, tokenAccount] = await guardTransport(() =>
    Promise.all([fetchEncodedAccount(deps.chain.rpc, mint), fetchEncodedAccount(deps.chain.rpc, ata)]),
  );
  if (!mintAccount.exists) throw new ProtocolError('not_found', 'no such key on chain');
  const verdict = judgeKey(
    deps.master,
    deps.treasury,
    mint,
    mintAccount.programAddress,
    mintAccount.data as Uint8Array,
    session.wallet,
  );
  if (!verdict.ok) throw new ProtocolError('forbidden', verdict.reason);
  if (!tokenAccount.exists || !holdsToken(tokenAccount.data as Uint8Array, mint, owner)) {
    throw new ProtocolError('forbidden', 'your wallet does not hold this key');
  }
  const { room, name } = verdict.key;
  if (room.expiresAt <= deps.now()) throw new ProtocolError('expired', 'this chat has expired');
  return {
    key: `paid:${encodeHex(room.roomId)}`,
    handle: deps.master.paidRoomHandle(room.roomId),
    kind: 'paid',
    expiresAt: room.expiresAt,
    msgTtl: room.msgTtl,
    name,
  };
}

/** `keys`: the keys the session's wallet holds that are bound to it, names opened. */
export async function listKeys(deps: PaidChatDeps, session: Session) {
  const owner = walletAddress(session);
  const { value: accounts } = await guardTransport(() =>
    deps.chain.rpc
      .getTokenAccountsByOwner(owner, { programId: TOKEN_2022_PROGRAM_ADDRESS }, { encoding: 'base64' })
      .send(),
  );
  const mints = accounts
    .map((a) => heldMint(Buffer.from(a.account.data[0], 'base64'), owner))
    .filter((m): m is Address => m !== undefined);
  if (mints.length === 0) return [];
  const { value: mintAccounts } = await guardTransport(() =>
    deps.chain.rpc.getMultipleAccounts(mints, { encoding: 'base64' }).send(),
  );
  const keys: { mint: string; name: string; expiresAt: number }[] = [];
  mintAccounts.forEach((account, i) => {
    if (!account) return;
    const data = Buffer.from(account.data[0], 'base64');
    const verdict = judgeKey(deps.master, deps.treasury, mints[i]!, account.owner, data, session.wallet);
    if (verdict.ok)
      keys.push({ mint: mints[i]!, name: verdict.key.name, expiresAt: verdict.key.room.expiresAt });
  });
  return keys.sort((a, b) => a.expiresAt - b.expiresAt);
}
