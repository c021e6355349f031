/** Protocol limits and defaults (PROTOCOL.md §2–§5). Units are in the names. */

export const PROTOCOL_VERSION = 1;
export const MAX_FRAME_BYTES = 320 * 1024; // a commit frame carries up to 192 KiB of decoded bytes
export const MAX_HTTP_BODY_BYTES = 64 * 1024;
export const MAX_REQUEST_ID_CHARS = 64;
export const CHALLENGE_NONCE_BYTES = 32;
export const SIGN_IN_DEADLINE_MS = 10_000;
export const IDLE_CLOSE_MS = 90_000;
export const MAX_SESSION_KEY_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
export const ISSUED_AT_SKEW_MS = 60_000;
export const MAX_SIGN_IN_MESSAGE_CHARS = 1024;
export const MAX_GHOST_ID_CHARS = 96;
export const MAX_CHECK_GHOSTS = 32;
export const ROOM_ID_CHARS = 43;
export const MAX_ROOM_HANDLE_CHARS = 64;
export const MAX_MEMBER_ID_CHARS = 32;
export const MAX_CT_CHARS = 49_152; // in `send`
export const MAX_SIGNAL_CT_CHARS = 180_000; // in `signal` (Welcomes carry the ratchet tree)
export const MAX_COMMIT_BYTES = 64 * 1024; // decoded
export const MAX_GROUP_INFO_BYTES = 128 * 1024; // decoded
export const ED25519_PUBLIC_KEY_CHARS = 43; // 32 bytes, b64u
export const ED25519_SIGNATURE_CHARS = 86; // 64 bytes, b64u
export const MAX_ROOMS_PER_SESSION = 16;
export const MAX_MEMBERS_PER_ROOM = 256;
export const MIN_ROOM_TTL_SECONDS = 60;
export const MAX_ROOM_TTL_SECONDS = 30 * 24 * 60 * 60;
export const MAX_MSG_TTL_SECONDS = 30 * 24 * 60 * 60;
export const MAX_QUOTE_GHOSTS = 32;
/** A ghost card: a ghostId, `.`, and a 43-character invite key (PROTOCOL.md §4). */
export const MAX_GHOST_CARD_CHARS = MAX_GHOST_ID_CHARS + 1 + 43;
/** The chat name, now only inside invitation envelopes (shared/crypto/invite-envelope.ts). */
export const MAX_CHAT_NAME_CHARS = 64;
export const QUOTE_LIFETIME_MS = 10 * 60 * 1000;
/** One invitation envelope, decoded (docs/protocol.md §4 "Envelopes"); the largest one made is 840. */
export const MAX_INVITE_ENVELOPE_BYTES = 1024;
/** An invitation id: 16 bytes, base64url. */
export const INVITE_ID_CHARS = 22;
/** How long an invitation lives at most; less when the chat ends sooner (PROTOCOL.md §4). */
export const MAX_INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** Holder addresses per `keys` request. */
export const MAX_KEY_HOLDERS = 32;
export const DEFAULT_FRAME_RATE = 50; // frames per second, sustained; burst is twice that
