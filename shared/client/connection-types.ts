/** The public types of a `Connection`: its options, states and events. */
import type { GhostFrame, InviteFrame, ServerFrame } from '../protocol/server-frames.ts';
import type { BackoffOptions } from './backoff.ts';
import type { Timers } from './pending-requests.ts';
import type { SessionCredentials, WalletSigner } from './session-credentials.ts';
import type { WebSocketFactory } from './websocket-port.ts';

export const DEFAULT_PING_INTERVAL_MS = 20_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Where a connection stands. */
export type ConnectionState = 'idle' | 'connecting' | 'signing-in' | 'ready' | 'reconnecting' | 'closed';

/** The current ghost (a `ghost` frame without `t`/`id`). */
export type Ghost = Omit<GhostFrame, 't' | 'id'>;

/** Events of a connection. */
export interface ConnectionEvents {
  state: { state: ConnectionState; attempt?: number; delayMs?: number };
  /** A new ghostId: after sign-in, `rotate()`, and each epoch boundary. */
  ghost: Ghost;
  /** New credentials after a wallet sign-in: store them to reconnect without the wallet. */
  credentials: SessionCredentials;
  /** The credentials are expired or refused: call `connect()` again (it asks the wallet). */
  unauthorized: { reason: string };
  /** A non-fatal problem (a dropped invalid frame, an unsolicited server error). */
  error: Error;
  /** Signed in; `reconnected` is false only for the first sign-in after `connect()`. */
  ready: { reconnected: boolean };
  /** Every valid frame after sign-in, synchronously, before any request it answers settles. */
  frame: ServerFrame;
  /** A paid-chat invitation for this wallet (PROTOCOL.md §4), pushed when made and at each sign-in. */
  invite: Omit<InviteFrame, 't'>;
}

/** Options of a connection; only `serverUrl` and `createWebSocket` are required. */
export interface ConnectionOptions {
  /** The server's HTTP origin, e.g. `https://anoghost.example` (WebSocket at `/v1/ws`). */
  serverUrl: string;
  createWebSocket: WebSocketFactory;
  /** Needed when there are no usable credentials. */
  wallet?: WalletSigner;
  /** Stored credentials from an earlier sign-in. */
  credentials?: SessionCredentials;
  signInLifetimeMs?: number;
  pingIntervalMs?: number;
  requestTimeoutMs?: number;
  backoff?: BackoffOptions;
  now?: () => number;
  timers?: Timers;
  random?: () => number;
}
