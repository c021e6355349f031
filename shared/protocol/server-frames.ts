/**
 * Frames the server sends (PROTOCOL.md §2–§5; rooms version 2), exactly as it sends them. The server builds them
 * through these types (`Session.send` takes only a `ServerFrame`; the relay's pre-encoded bytes
 * come from typed builders in server/rooms/room-frames.ts); the client library parses what it
 * receives with `ServerFrame` before use. `id` is optional where the server echoes a request's id
 * that may be absent, or pushes the frame unasked (`ghost` at an epoch boundary, errors after a
 * sign-in expired).
 */
import * as v from 'valibot';
import { ERROR_CODES } from './error-codes.ts';
import { b64u, InviteId, RequestId } from './fields.ts';
import {
  MAX_COMMIT_BYTES,
  MAX_CT_CHARS,
  MAX_GROUP_INFO_BYTES,
  MAX_INVITE_ENVELOPE_BYTES,
  MAX_MEMBER_ID_CHARS,
  MAX_ROOM_HANDLE_CHARS,
  MAX_SIGNAL_CT_CHARS,
} from './limits.ts';

const id = v.optional(RequestId);
const ms = v.pipe(v.number(), v.safeInteger());
const epoch = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const room = b64u(MAX_ROOM_HANDLE_CHARS, 'room');
const member = v.pipe(v.string(), v.maxLength(MAX_MEMBER_ID_CHARS));
const ct = b64u(MAX_CT_CHARS, 'ct');
const b64uChars = (bytes: number) => Math.ceil((bytes * 4) / 3);
const groupInfo = v.nullable(b64u(b64uChars(MAX_GROUP_INFO_BYTES), 'groupInfo'));

export const ChallengeFrame = v.object({
  t: v.literal('challenge'),
  v: v.number(),
  nonce: b64u(64, 'nonce'),
  domain: v.string(),
  cluster: v.string(),
});

export const GhostFrame = v.object({
  t: v.literal('ghost'),
  id,
  ghostId: v.string(),
  issuedAt: ms,
  rotatesAt: ms,
  liveUntil: ms,
});

export const CheckedFrame = v.object({ t: v.literal('checked'), id, live: v.array(v.boolean()) });
/** PROTOCOL.md §2 lets either side ping; this server does not, but a client answers one. */
export const ServerPingFrame = v.object({ t: v.literal('ping'), id });
export const ServerPongFrame = v.object({ t: v.literal('pong'), id });

export const ErrorFrame = v.object({
  t: v.literal('error'),
  id,
  code: v.picklist(ERROR_CODES),
  message: v.string(),
  /** With `stale_epoch`: the room's handshake counter now (PROTOCOL.md §3). */
  epoch: v.optional(epoch),
});

/** Rooms version 2 (PROTOCOL.md §3). `members` are the other members' ids; no bundles. */
export const JoinedFrame = v.object({
  t: v.literal('joined'),
  id,
  room,
  member,
  members: v.array(member),
  epoch,
  groupInfo,
  admission: v.picklist(['open', 'approval']),
  expiresAt: v.nullable(ms),
  msgTtl: v.nullable(v.number()),
});

export const MemberFrame = v.object({
  t: v.literal('member'),
  room,
  member,
  event: v.picklist(['join', 'leave']),
});

/** Another member's accepted commit, made at `epoch` (the counter then becomes `epoch + 1`). */
export const CommitInFrame = v.object({
  t: v.literal('commit'),
  room,
  from: member,
  epoch,
  commit: b64u(b64uChars(MAX_COMMIT_BYTES), 'commit'),
});
/** The reply to an accepted `commit`: the room's counter now. */
export const CommittedFrame = v.object({ t: v.literal('committed'), id, epoch });
/** The reply to `group`: the room's counter and latest sealed GroupInfo. */
export const GroupInfoFrame = v.object({ t: v.literal('group'), id, room, epoch, groupInfo });

export const MsgFrame = v.object({ t: v.literal('msg'), room, from: member, ct, ts: ms });
/** Sent only to a `send` that carried an id. */
export const SentFrame = v.object({ t: v.literal('sent'), id: RequestId, ts: ms });
export const SignalInFrame = v.object({
  t: v.literal('signal'),
  room,
  from: member,
  ct: b64u(MAX_SIGNAL_CT_CHARS, 'ct'),
});
export const LeftFrame = v.object({ t: v.literal('left'), room, id });
export const ClosedFrame = v.object({ t: v.literal('closed'), room, reason: v.string() });

export const QuotedFrame = v.object({
  t: v.literal('quote'),
  id,
  quote: v.string(),
  lamports: v.pipe(v.string(), v.regex(/^\d+$/)),
  tx: v.string(),
  live: v.array(v.boolean()),
  expiresAt: ms,
  /** When `tx`'s blockhash stops being valid: after it, ask for a new quote. */
  payBy: ms,
});

/** Version 2: the initiator's key and how many invitations were made (never who answered). */
export const MintedFrame = v.object({
  t: v.literal('minted'),
  id,
  mine: v.string(),
  invited: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});

/** One pending invitation: its id, the envelope sealed to the invitee's invite key, its end. */
export const InvitationEntry = v.object({
  invite: InviteId,
  envelope: b64u(Math.ceil((MAX_INVITE_ENVELOPE_BYTES * 4) / 3), 'envelope'),
  expiresAt: ms,
});

/** Pushed to every session of the invitee's wallet (PROTOCOL.md §4). */
export const InviteFrame = v.object({ t: v.literal('invite'), ...InvitationEntry.entries });

export const InvitesListFrame = v.object({ t: v.literal('invites'), id, invites: v.array(InvitationEntry) });
export const AcceptedFrame = v.object({ t: v.literal('accepted'), id, mint: v.string() });
export const DeclinedFrame = v.object({ t: v.literal('declined'), id });

export const KeysListFrame = v.object({
  t: v.literal('keys'),
  id,
  keys: v.array(v.object({ mint: v.string(), expiresAt: ms })),
});

/**
 * Every frame the server may send, discriminated by `t`: a variant validates only the schema its
 * `t` names, where a union would try each in turn.
 */
export const ServerFrame = v.variant('t', [
  ChallengeFrame,
  GhostFrame,
  CheckedFrame,
  ServerPingFrame,
  ServerPongFrame,
  ErrorFrame,
  JoinedFrame,
  MemberFrame,
  CommitInFrame,
  CommittedFrame,
  GroupInfoFrame,
  MsgFrame,
  SentFrame,
  SignalInFrame,
  LeftFrame,
  ClosedFrame,
  QuotedFrame,
  MintedFrame,
  InviteFrame,
  InvitesListFrame,
  AcceptedFrame,
  DeclinedFrame,
  KeysListFrame,
]);

export type ServerFrame = v.InferOutput<typeof ServerFrame>;
export type ServerFrameOf<T extends ServerFrame['t']> = Extract<ServerFrame, { t: T }>;
export type ChallengeFrame = v.InferOutput<typeof ChallengeFrame>;
export type GhostFrame = v.InferOutput<typeof GhostFrame>;
export type ErrorFrame = v.InferOutput<typeof ErrorFrame>;
export type JoinedFrame = v.InferOutput<typeof JoinedFrame>;
export type MemberFrame = v.InferOutput<typeof MemberFrame>;
export type MsgFrame = v.InferOutput<typeof MsgFrame>;
export type CommitInFrame = v.InferOutput<typeof CommitInFrame>;
export type GroupInfoFrame = v.InferOutput<typeof GroupInfoFrame>;
export type InviteFrame = v.InferOutput<typeof InviteFrame>;
