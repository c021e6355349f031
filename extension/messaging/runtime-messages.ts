/**
 * Runtime messages between the extension's pages (popup, side panel, options) and the background
 * (STYLE.md §6: every message is parsed with valibot before use, on both ends).
 *
 * Requests go with `runtime.sendMessage` and get a `Reply`; live status goes over a long-lived
 * `runtime.connect` port named `STATUS_PORT`, on which the background posts `StatusUpdate`s.
 */
import * as v from 'valibot';

export const STATUS_PORT = 'anoghost/status';

export const PageRequest = v.variant('type', [
  v.object({ type: v.literal('connect-wallet') }),
  v.object({ type: v.literal('rotate') }),
  v.object({ type: v.literal('list-keys') }),
  v.object({ type: v.literal('session-credentials') }),
  v.object({ type: v.literal('sign-transaction'), tx: v.pipe(v.string(), v.maxLength(4096)) }),
  v.object({ type: v.literal('server-changed') }),
]);
export type PageRequest = v.InferOutput<typeof PageRequest>;

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
  /** A message a person can act on, e.g. "The wallet refused to sign". */
  error: v.nullable(v.string()),
  /** When the next reconnect attempt happens (ms), while reconnecting. */
  retryAt: v.nullable(v.number()),
  /** When the wallet's authorization of the session key ends (ms). */
  sessionExpiresAt: v.nullable(v.number()),
});
export type Status = v.InferOutput<typeof Status>;

export const StatusUpdate = v.object({ type: v.literal('status'), status: Status });
export type StatusUpdate = v.InferOutput<typeof StatusUpdate>;

export const NftKey = v.object({
  mint: v.string(),
  name: v.nullable(v.string()),
  expiresAt: v.nullable(v.number()),
});
export type NftKey = v.InferOutput<typeof NftKey>;

/** Every request gets `{ ok: true, value }` or `{ ok: false, error }` with a human message. */
export const Reply = v.variant('ok', [
  v.object({ ok: v.literal(true), value: v.unknown() }),
  v.object({ ok: v.literal(false), error: v.string() }),
]);
export type Reply = v.InferOutput<typeof Reply>;
