/**
 * `join` with a `key` (docs/protocol.md §4): the key is read back from the chain and must be this
 * server's (its sealed attributes open, bound to the mint), bound to the session's wallet by its
 * `ghost` attribute, and unexpired. Version 2: whoever holds the token does not matter (a one-time
 * holder, never the wallet), only the binding does. Nothing records who joined: the room follows
 * from the key's sealed attribute. The chat name is not in the join reply: it travels only in the
 * invitation envelopes.
 */
import { address } from '@solana/kit';
import { encodeHex } from '../../shared/encoding.ts';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { RoomSettings } from '../rooms/room.ts';
import type { Session } from '../session/session.ts';
import { judgeKey } from './key-reader.ts';
import type { PaidChatDeps } from './paid-chat-deps.ts';

/** Opens `frame.key` for this session's wallet and names the paid room it admits to. */
export async function resolvePaidRoom(
  deps: PaidChatDeps,
  session: Session,
  frame: ClientFrameOf<'join'>,
): Promise<RoomSettings> {
  const mint = address(frame.key!);
  const mintAccount = await deps.chain.account(mint);
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
  const { room } = verdict.key;
  if (room.expiresAt <= deps.now()) throw new ProtocolError('expired', 'this chat has expired');
  return {
    key: `paid:${encodeHex(room.roomId)}`,
    handle: deps.master.paidRoomHandle(room.roomId),
    kind: 'paid',
    expiresAt: room.expiresAt,
    msgTtl: room.msgTtl,
    // Whoever holds a key knows the room's secret (from its invitation): external commits.
    admission: 'open',
  };
}
