/**
 * The protocol client as the extension sees it: ONE injected dependency. The headless client
 * library (`shared/client/`, in progress on main) will implement PROTOCOL.md; until it lands,
 * `interim-ghost-client.ts` covers only §2 (sign-in, ghost, rotate, check, ping) behind this same
 * interface, and is to be replaced by an adapter over the library, not extended.
 */
import type { GhostInfo, NftKey } from '../messaging/runtime-messages.ts';
import type { SessionCredentials } from './session-credentials.ts';

/** Why a connection ended; `unauthorized` means the credentials no longer work. */
export interface CloseInfo {
  code: number;
  unauthorized: boolean;
}

/**
 * A protocol error from the server (`{"t":"error","code","message"}`, with its code) or from the
 * transport (code `unreachable`: no answer, connection lost).
 */
export class GhostClientError extends Error {
  override name = 'GhostClientError';
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** One signed-in connection. */
export interface GhostClient {
  readonly ghost: GhostInfo;
  onGhost(listener: (ghost: GhostInfo) => void): void;
  onClose(listener: (info: CloseInfo) => void): void;
  rotate(): Promise<GhostInfo>;
  check(ghostIds: string[]): Promise<boolean[]>;
  listKeys(): Promise<NftKey[]>;
  /** Keep-alive (PROTOCOL.md §2): the server closes sessions silent for 90 s. */
  ping(): void;
  close(): void;
}

export interface ConnectOptions {
  /** `ws(s)://host/v1/ws`. */
  wsUrl: string;
  credentials: SessionCredentials;
  /** Give up when no ghost arrives in this many ms. */
  timeoutMs: number;
}

/** Opens a connection and signs in with stored credentials (no wallet involved). */
export type ConnectGhostClient = (options: ConnectOptions) => Promise<GhostClient>;

export interface CreateCredentialsOptions {
  serverOrigin: string;
  /** The domain sign-in messages must name (the server's `ANOGHOST_DOMAIN`, default host:port). */
  domain: string;
  cluster: string;
  walletAddress: string;
  /** How long the wallet authorizes the session key, ms (≤ 7 days). */
  lifetimeMs: number;
  /** The wallet's `solana:signMessage`, through the bridge. */
  signMessage(message: Uint8Array): Promise<Uint8Array>;
}

/** Makes a session key and has the wallet authorize it (the only wallet prompt per session key). */
export type CreateSessionCredentials = (options: CreateCredentialsOptions) => Promise<SessionCredentials>;

/** What the server's challenge says about it: the domain sign-in names and the cluster. */
export interface ServerInfo {
  domain: string;
  cluster: string;
}

/** Reads the server's challenge without signing in. */
export type ProbeServer = (wsUrl: string, timeoutMs: number) => Promise<ServerInfo>;
