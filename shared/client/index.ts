/**
 * The headless AnoGhost client library (PROTOCOL.md §2–§4): import everything from here.
 * Transport-free: the caller injects a WebSocket factory and a wallet.
 */
export { AnoGhostClient, type AnoGhostClientOptions } from './anoghost-client.ts';
export { type BackoffOptions, computeBackoffDelay } from './backoff.ts';
export {
  ChallengeRefusedError,
  InvalidServerFrameError,
  InvalidShareInputError,
  NotConnectedError,
  ProtocolError,
  RequestTimeoutError,
  RoomStateError,
  SignInRequiredError,
} from './client-errors.ts';
export type {
  Connection,
  ConnectionEvents,
  ConnectionOptions,
  ConnectionState,
  Ghost,
} from './connection.ts';
export type { Unsubscribe } from './event-emitter.ts';
export type { HeldKey, Invitation, Minted, Quote, QuoteRequest, RedeemRequest } from './paid-chats.ts';
export type { Timers } from './pending-requests.ts';
export {
  type JoinRequest,
  Room,
  type RoomCloseReason,
  type RoomEvents,
  type RoomStatus,
  type SendTextOptions,
  TYPING_INTERVAL_MS,
} from './room.ts';
export type { RemovalReason, RoomMessage } from './room-messages.ts';
export { ghostNameOf, type MemberView } from './room-roster.ts';
export type { FreeRoomOptions } from './rooms.ts';
export {
  areCredentialsUsable,
  parseCredentials,
  type SessionCredentials,
  type WalletSigner,
} from './session-credentials.ts';
export type { WebSocketFactory, WebSocketLike } from './websocket-port.ts';
