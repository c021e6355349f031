/**
 * Which frame answers which request (PROTOCOL.md §2–§4): one table for both sides of the wire.
 * The client waits for these reply types (`Connection.request` infers its result from `frame.t`),
 * and the server's handlers reply through it (`Session.reply`), so a reply of the wrong type does
 * not compile. An `error` frame with the request's id may answer any request instead. Frames
 * missing here (`signal`, `pong`) have no reply but errors; `invite` is pushed unasked.
 */
import type { ClientFrame, ClientFrameOf } from './client-frames.ts';
import type { ServerFrame, ServerFrameOf } from './server-frames.ts';

/** Each request type with the frame types that answer it. */
export const REQUEST_REPLIES = {
  auth: ['ghost'],
  rotate: ['ghost'],
  check: ['checked'],
  ping: ['pong'],
  join: ['joined'],
  commit: ['committed'],
  group: ['group'],
  send: ['sent'],
  leave: ['left'],
  quote: ['quote'],
  redeem: ['minted'],
  invites: ['invites'],
  accept: ['accepted'],
  decline: ['declined'],
  keys: ['keys'],
} as const satisfies { readonly [T in ClientFrame['t']]?: readonly ServerFrame['t'][] };

/** A client frame type that has a reply. */
export type RequestType = keyof typeof REQUEST_REPLIES;

/** A client frame that has a reply. */
export type RequestFrame = ClientFrameOf<RequestType>;

/** The frame types that answer request `T`. */
export type ReplyType<T extends RequestType> = (typeof REQUEST_REPLIES)[T][number];

/** The frames that answer request `T` (`ReplyOf<'join'>` is the `joined` frame). */
export type ReplyOf<T extends RequestType> = ServerFrameOf<ReplyType<T>>;
