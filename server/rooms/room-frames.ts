/**
 * Every frame a room sends (PROTOCOL.md §3), and the refusals a join can meet, in one place. The
 * builders take the `ServerFrame` types of shared/protocol/server-frames.ts, so what the relay
 * fans out is exactly what clients validate. Fan-out frames are serialized once into
 * `EncodedFrame` bytes that every recipient gets as they are (`Session.sendShared`); this module
 * is the only one that makes such bytes.
 */
import { encodeUtf8 } from '../../shared/encoding.ts';
import type { RequestId } from '../../shared/protocol/fields.ts';
import { MAX_MEMBERS_PER_ROOM } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { ServerFrame, ServerFrameOf } from '../../shared/protocol/server-frames.ts';
import type { EncodedFrame } from '../session/encoded-frame.ts';
import type { JoinResult } from './room.ts';

/** Serializes a frame once to the UTF-8 bytes every recipient gets. */
export function frameBytes(frame: ServerFrame): EncodedFrame {
  return encodeUtf8(JSON.stringify(frame)) as EncodedFrame;
}

/**
 * The bytes of a `msg` frame, built without JSON.stringify on the relay's hot path. Safe only
 * because every caller passes fields its schema already checked: the handle, member id and `ct`
 * are base64url and `ts` an integer, so nothing needs escaping. The same text as
 * `frameBytes({ t: 'msg', room, from, ct, ts })` (room-frames.test.ts pins it).
 */
export function msgFrameBytes(room: string, from: string, ct: string, ts: number): EncodedFrame {
  const text = `{"t":"msg","room":"${room}","from":"${from}","ct":"${ct}","ts":${ts}}`;
  return Buffer.from(text, 'utf8') as Uint8Array as EncodedFrame;
}

/** `member` `join`: a new member, for the members already in the room. */
export function memberJoinBytes(room: string, member: string): EncodedFrame {
  return frameBytes({ t: 'member', room, member, event: 'join' });
}

/** `member` `leave`: a member left or disconnected. */
export function memberLeaveBytes(room: string, member: string): EncodedFrame {
  return frameBytes({ t: 'member', room, member, event: 'leave' });
}

/**
 * A relayed `commit` from `from`, made at `epoch`, for the others. Built by hand like `msg`, for
 * the same reason and under the same condition (every field checked base64url or an integer):
 * `commit` may be 87 K characters. The same text as `frameBytes` makes (room-frames.test.ts).
 */
export function commitFrameBytes(room: string, from: string, epoch: number, commit: string): EncodedFrame {
  const text = `{"t":"commit","room":"${room}","from":"${from}","epoch":${epoch},"commit":"${commit}"}`;
  return Buffer.from(text, 'utf8') as Uint8Array as EncodedFrame;
}

/** `closed`: the room reached `expiresAt` and every member is removed. */
export function closedBytes(room: string, reason: 'expired'): EncodedFrame {
  return frameBytes({ t: 'closed', room, reason });
}

/** `signal` for its one recipient (sent as a frame: nobody else shares the bytes). */
export function signalFrame(room: string, from: string, ct: string): ServerFrameOf<'signal'> {
  return { t: 'signal', room, from, ct };
}

/** The `joined` reply: the room as the joiner finds it, the other members and the group state. */
export function joinedFrame(
  id: RequestId | undefined,
  { room, member, shared }: JoinResult,
): ServerFrameOf<'joined'> {
  const members = shared?.others ?? [...room.members.keys()].filter((m) => m !== member.id);
  const { epoch, groupInfo } = shared?.group ?? room;
  const admission = shared?.admission ?? room.settings.admission;
  const { expiresAt, msgTtl } = room.settings;
  return {
    t: 'joined',
    room: room.handle,
    member: member.id,
    members,
    epoch,
    groupInfo,
    admission,
    expiresAt,
    msgTtl,
    id,
  };
}

/** `stale_epoch`: the commit was not made at the room's counter, which is `epoch` now. */
export function staleEpoch(epoch: number): ProtocolError {
  return new ProtocolError('stale_epoch', `the room is at epoch ${epoch}`, { epoch });
}

/** `auth` verifies under neither the room's handshake key nor its join key. */
export function commitForbidden(): ProtocolError {
  return new ProtocolError('forbidden', 'auth does not verify under the handshake key or the join key');
}

/** The refusal of a join by the room's state, whether it is held here or in the store. */
export function joinRefused(code: 'expired' | 'room_full'): ProtocolError {
  return code === 'expired'
    ? new ProtocolError('expired', 'this room has expired')
    : new ProtocolError('room_full', `rooms hold at most ${MAX_MEMBERS_PER_ROOM} members`);
}

/** Rooms need the store, which cannot be reached now (or did not answer). */
export function roomsUnavailable(cause?: unknown): ProtocolError {
  return new ProtocolError('unavailable', 'rooms are unavailable right now; try again', { cause });
}

/** The session is not (or no longer) a member of the room the frame names. */
export function notAMember(): ProtocolError {
  return new ProtocolError('not_found', 'you are not in this room');
}

/** A `signal` whose recipient is in the room nowhere (or is the sender). */
export function noSuchMember(): ProtocolError {
  return new ProtocolError('not_found', 'no such member in this room');
}
