/**
 * Frames a client sends (PROTOCOL.md §2–§4; rooms and paid chats are version 2), as valibot
 * schemas. The server parses every frame with `ClientFrame`; the client library builds
 * frames of these types.
 */
import * as v from 'valibot';
import {
  b64u,
  GhostId,
  ghostIdOfCard,
  InviteId,
  RequestId,
  seconds,
  solanaAddress,
  TxSignature,
} from './fields.ts';
import {
  ED25519_PUBLIC_KEY_CHARS,
  ED25519_SIGNATURE_CHARS,
  MAX_CHECK_GHOSTS,
  MAX_FRAME_BYTES,
  MAX_GHOST_CARD_CHARS,
  MAX_KEY_HOLDERS,
  MAX_MEMBER_ID_CHARS,
  MAX_MSG_TTL_SECONDS,
  MAX_QUOTE_GHOSTS,
  MAX_ROOM_HANDLE_CHARS,
  MAX_ROOM_TTL_SECONDS,
  MAX_SIGN_IN_MESSAGE_CHARS,
  MIN_ROOM_TTL_SECONDS,
  ROOM_ID_CHARS,
} from './limits.ts';

const MAX_QUOTE_CHARS = 8192;
const MAX_TX_CHARS = 4096;

const id = v.optional(RequestId);
const roomHandle = b64u(MAX_ROOM_HANDLE_CHARS, 'room');
// Sizes of ct, commit and groupInfo are checked by the server so that it can answer `too_large`
// (PROTOCOL.md §5); the schema only bounds them by the frame size.
const ct = b64u(MAX_FRAME_BYTES, 'ct');

/** A raw 32-byte Ed25519 public key, b64u. */
function publicKey(name: string) {
  return v.pipe(
    b64u(ED25519_PUBLIC_KEY_CHARS, name),
    v.length(ED25519_PUBLIC_KEY_CHARS, `${name} must be a 32-byte Ed25519 public key`),
  );
}

export const AuthFrame = v.object({
  t: v.literal('auth'),
  id,
  message: v.pipe(
    v.string('message must be a string'),
    v.maxLength(MAX_SIGN_IN_MESSAGE_CHARS, `message must be at most ${MAX_SIGN_IN_MESSAGE_CHARS} characters`),
  ),
  signature: b64u(ED25519_SIGNATURE_CHARS, 'signature'),
  proof: b64u(ED25519_SIGNATURE_CHARS, 'proof'),
});

export const RotateFrame = v.object({ t: v.literal('rotate'), id });

/**
 * The ghostIds of a presence check (also the body of `POST /v1/ghosts/check`): ghostIds or ghost
 * cards, each read as its ghostId (a malformed card is `bad_request`; anything else that is not a
 * live ghostId is simply `false`).
 */
export const CheckGhostIds = v.pipe(
  v.array(
    v.pipe(v.string('ghostIds must hold strings'), v.maxLength(256, 'ghostId is too long'), ghostIdOfCard),
  ),
  v.maxLength(MAX_CHECK_GHOSTS, `at most ${MAX_CHECK_GHOSTS} ghostIds per check`),
);

export const CheckFrame = v.object({ t: v.literal('check'), id, ghostIds: CheckGhostIds });

export const PingFrame = v.object({ t: v.literal('ping'), id });
export const PongFrame = v.object({ t: v.literal('pong'), id });

/** Rooms version 2 (PROTOCOL.md §3): who is admitted to the MLS group, which clients offer. */
export const Admission = v.picklist(['open', 'approval'], "admission must be 'open' or 'approval'");

export const JoinFrame = v.pipe(
  v.object({
    t: v.literal('join'),
    id,
    room: v.optional(
      v.pipe(
        b64u(ROOM_ID_CHARS, 'room'),
        v.length(ROOM_ID_CHARS, `room must be ${ROOM_ID_CHARS} characters`),
      ),
    ),
    key: v.optional(solanaAddress('key')),
    ttl: v.optional(seconds(MIN_ROOM_TTL_SECONDS, MAX_ROOM_TTL_SECONDS, 'ttl')),
    msgTtl: v.optional(seconds(1, MAX_MSG_TTL_SECONDS, 'msgTtl')),
    admission: v.optional(Admission),
    /** Version 1's member bundle: refused, so an old client learns at once that it is out of date. */
    bundle: v.optional(v.never('bundle is not part of rooms version 2')),
  }),
  v.check((f) => (f.room === undefined) !== (f.key === undefined), 'join needs exactly one of room or key'),
);

/**
 * A handshake (PROTOCOL.md §3). The schema checks the shape of each field; the rules that tie the
 * fields to the epoch (`commit: null` and `joinKey` only at epoch 0, `auth` everywhere else) and the
 * decoded sizes of `commit` and `groupInfo` (`too_large`) are the server's, in that order.
 */
export const CommitFrame = v.object({
  t: v.literal('commit'),
  id,
  room: roomHandle,
  epoch: v.pipe(
    v.number('epoch must be a number'),
    v.safeInteger('epoch must be a whole number'),
    v.minValue(0, 'epoch must not be negative'),
  ),
  commit: v.nullable(v.pipe(b64u(MAX_FRAME_BYTES, 'commit'), v.minLength(1, 'commit must not be empty'))),
  groupInfo: v.pipe(b64u(MAX_FRAME_BYTES, 'groupInfo'), v.minLength(1, 'groupInfo must not be empty')),
  nextKey: publicKey('nextKey'),
  auth: v.optional(
    v.pipe(
      b64u(ED25519_SIGNATURE_CHARS, 'auth'),
      v.length(ED25519_SIGNATURE_CHARS, 'auth must be a 64-byte Ed25519 signature'),
    ),
  ),
  joinKey: v.optional(publicKey('joinKey')),
});

export const GroupFrame = v.object({ t: v.literal('group'), id, room: roomHandle });

export const SendFrame = v.object({ t: v.literal('send'), id, room: roomHandle, ct });

export const SignalFrame = v.object({
  t: v.literal('signal'),
  id,
  room: roomHandle,
  to: v.pipe(v.string('to must be a string'), v.maxLength(MAX_MEMBER_ID_CHARS, 'to is too long')),
  ct,
});

export const LeaveFrame = v.object({ t: v.literal('leave'), id, room: roomHandle });

/** A quote's invitees: ghost cards or bare ghostIds, read as their ghostIds (PROTOCOL.md §4). */
const QuoteGhostIds = v.pipe(
  v.array(
    v.pipe(
      v.string('ghostIds must hold strings'),
      v.maxLength(MAX_GHOST_CARD_CHARS, 'ghostId or ghost card is too long'),
      ghostIdOfCard,
      GhostId,
    ),
  ),
  v.minLength(1, 'quote needs at least one ghostId'),
  v.maxLength(MAX_QUOTE_GHOSTS, `at most ${MAX_QUOTE_GHOSTS} ghostIds per quote`),
);

/** Version 2: no chat name (it travels only in the invitation envelopes). */
export const QuoteFrame = v.object({
  t: v.literal('quote'),
  id,
  ghostIds: QuoteGhostIds,
  ttl: seconds(MIN_ROOM_TTL_SECONDS, MAX_ROOM_TTL_SECONDS, 'ttl'),
});

/**
 * Version 2: the initiator's one-time `holder` and one envelope per live invitee, in the order of
 * the quote's live ghostIds. The count and each envelope's size are checked by the server against
 * the quote (`bad_request`, `too_large`); the schema bounds them by the frame.
 */
export const RedeemFrame = v.pipe(
  v.object({
    t: v.literal('redeem'),
    id,
    quote: b64u(MAX_QUOTE_CHARS, 'quote'),
    tx: v.optional(b64u(MAX_TX_CHARS, 'tx')),
    signature: v.optional(TxSignature),
    holder: solanaAddress('holder'),
    invites: v.pipe(
      v.array(b64u(MAX_FRAME_BYTES, 'invites')),
      v.maxLength(MAX_QUOTE_GHOSTS, `at most ${MAX_QUOTE_GHOSTS} invites`),
    ),
  }),
  v.check(
    (f) => (f.tx === undefined) !== (f.signature === undefined),
    'redeem needs exactly one of tx or signature',
  ),
);

/** The pending invitations of this session's wallet. */
export const InvitesFrame = v.object({ t: v.literal('invites'), id });

/** Accepts an invitation: its key is minted now, to `holder` (a one-time address). */
export const AcceptFrame = v.object({
  t: v.literal('accept'),
  id,
  invite: InviteId,
  holder: solanaAddress('holder'),
});

export const DeclineFrame = v.object({ t: v.literal('decline'), id, invite: InviteId });

/** Version 2: the keys held by these addresses that are bound to this session's wallet. */
export const KeysFrame = v.object({
  t: v.literal('keys'),
  id,
  holders: v.pipe(
    v.array(solanaAddress('holders')),
    v.maxLength(MAX_KEY_HOLDERS, `at most ${MAX_KEY_HOLDERS} holders per request`),
  ),
});

/** Every frame a client may send, discriminated by `t`. */
export const ClientFrame = v.variant('t', [
  AuthFrame,
  RotateFrame,
  CheckFrame,
  PingFrame,
  PongFrame,
  JoinFrame,
  CommitFrame,
  GroupFrame,
  SendFrame,
  SignalFrame,
  LeaveFrame,
  QuoteFrame,
  RedeemFrame,
  InvitesFrame,
  AcceptFrame,
  DeclineFrame,
  KeysFrame,
]);

export type ClientFrame = v.InferOutput<typeof ClientFrame>;
export type ClientFrameOf<T extends ClientFrame['t']> = Extract<ClientFrame, { t: T }>;
