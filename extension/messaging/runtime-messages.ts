/**
 * Runtime messages to and from the background other than the pages' requests (those and their
 * replies are the table in page-requests.ts). STYLE.md §6: each is parsed with valibot on receipt.
 *
 * Live status goes over a long-lived `runtime.connect` port named `STATUS_PORT`, on which the
 * background posts `StatusUpdate`s; the /join page's content script sends a `JoinLinkRequest`.
 */
import * as v from 'valibot';

export const STATUS_PORT = 'anoghost/status';

/** From the `/join` page's content script: open this join link in AnoGhost. */
export const JoinLinkRequest = v.object({
  type: v.literal('open-join-link'),
  link: v.pipe(v.string(), v.maxLength(512)),
});
export type JoinLinkRequest = v.InferOutput<typeof JoinLinkRequest>;

export const GhostInfo = v.object({
  ghostId: v.string(),
  issuedAt: v.number(),
  rotatesAt: v.number(),
  liveUntil: v.number(),
});
export type GhostInfo = v.InferOutput<typeof GhostInfo>;

/** A paid-chat invitation as the pages show it: what its envelope says, never its secret. */
export const PendingInvitation = v.object({
  invite: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** The chat's lifetime (s), as quoted; null when the envelope does not say. */
  ttl: v.nullable(v.number()),
  /** Message lifetime (s); null: none. */
  msgTtl: v.nullable(v.number()),
  /** When the chat ends (ms). */
  chatExpiresAt: v.number(),
  /** When the invitation ends (ms). */
  expiresAt: v.number(),
});
export type PendingInvitation = v.InferOutput<typeof PendingInvitation>;

export const ConnectionState = v.picklist([
  'starting',
  'signed-out',
  'awaiting-wallet',
  'connecting',
  'online',
  'reconnecting',
]);
export type ConnectionState = v.InferOutput<typeof ConnectionState>;

export const Status = v.object({
  state: ConnectionState,
  server: v.string(),
  ghost: v.nullable(GhostInfo),
  /** The ghost card to share, `<ghostId>.<invite key>` (docs/extension.md "Paid chats (version 2)"). */
  card: v.nullable(v.pipe(v.string(), v.maxLength(140))),
  /** Paid-chat invitations waiting for an answer, soonest to end first. */
  invitations: v.array(PendingInvitation),
  /** A message a person can act on, e.g. "The wallet refused to sign". */
  error: v.nullable(v.string()),
  /** When the next reconnect attempt happens (ms), while reconnecting. */
  retryAt: v.nullable(v.number()),
  /** When the wallet's authorization of the session key ends (ms). */
  sessionExpiresAt: v.nullable(v.number()),
  /** The Solana cluster the person confirmed for this server (at the first sign-in), if any. */
  chain: v.nullable(v.string()),
});
export type Status = v.InferOutput<typeof Status>;

export const StatusUpdate = v.object({ type: v.literal('status'), status: Status });
export type StatusUpdate = v.InferOutput<typeof StatusUpdate>;
