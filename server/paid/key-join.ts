/**
 * `join` with a `key` (docs/protocol.md §4): the key is read back from the chain and must be this
 * server's, bound to the session's wallet, held by it, and unexpired. Nothing records who joined:
 * the room follows from the key's sealed attribute. The chat name is no longer in the join reply
 * (rooms version 2: names travel end-to-end).
 */
import { address } from '@solana/kit';
import { findAssociatedTokenPda, TOKEN_2022_PROGRAM_ADDRESS } from '@solana-program/token-2022';
import { encodeHex } from '../../shared/encoding.ts';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { RoomSettings } from '../rooms/room.ts';
import type { Session } from '../session/session.ts';
import { holdsToken, judgeKey } from './key-reader.ts';
import { type PaidChatDeps, walletAddress } from './paid-chat-deps.ts';

/** Opens `frame.key` for this session's wallet and names the paid room it admits to. */
export async function resolvePaidRoom(
  deps: PaidChatDeps,
  session: Session,
  frame: ClientFrameOf<'join'>,
): Promise<RoomSettings> {
  const mint = address(frame.key!);
  const owner = walletAddress(session);
  const [ata] = await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS });
  const [mintAccount, tokenAccount] = await Promise.all([deps.chain.account(mint), deps.chain.account(ata)]);
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
  const { room } = verdict.key;
  if (room.expiresAt <= deps.now()) throw new ProtocolError('expired', 'this chat has expired');
  return {
    key: `paid:${encodeHex(room.roomId)}`,
    handle: deps.master.paidRoomHandle(room.roomId),
    kind: 'paid',
    expiresAt: room.expiresAt,
    msgTtl: room.msgTtl,
    // Whoever holds a key knows the room's secret (docs/rooms-mls.md "Paid rooms"): external commits.
    admission: 'open',
  };
}
