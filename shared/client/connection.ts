/**
 * One logical connection to an AnoGhost server (PROTOCOL.md §2) over successive WebSockets:
 * challenge → sign-in with the session key → ready; keep-alive pings; reconnect with backoff and
 * jitter after unexpected closes; request/reply correlation. The wallet is asked only inside a
 * caller's `connect()` and only when there are no usable credentials; automatic reconnects never
 * ask it, and report `unauthorized` instead when the credentials stop working.
 */
import type { ClientFrame } from '../protocol/client-frames.ts';
import { CLOSE_CODES } from '../protocol/error-codes.ts';
import type { RequestId } from '../protocol/fields.ts';
import type { ChallengeFrame, GhostFrame, ServerFrame } from '../protocol/server-frames.ts';
import { type BackoffOptions, computeBackoffDelay } from './backoff.ts';
import { InvalidServerFrameError, NotConnectedError, SignInRequiredError } from './client-errors.ts';
import { TypedEmitter } from './event-emitter.ts';
import { encodeClientFrame, parseServerFrame } from './frame-codec.ts';
import { PendingRequests, SYSTEM_TIMERS, type Timers } from './pending-requests.ts';
import {
  areCredentialsUsable,
  buildAuthFrame,
  createCredentials,
  type SessionCredentials,
  type WalletSigner,
} from './session-credentials.ts';
import { SOCKET_OPEN, type WebSocketFactory, type WebSocketLike } from './websocket-port.ts';

export const DEFAULT_PING_INTERVAL_MS = 20_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const KEEPALIVE_CLOSE_CODE = 4000; // ours: no frame from the server for too long

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

/** See the module header. */
export class Connection extends TypedEmitter<ConnectionEvents> {
  readonly origin: string;
  readonly #o: ConnectionOptions;
  readonly #now: () => number;
  readonly #timers: Timers;
  readonly #pending: PendingRequests;
  #credentials: SessionCredentials | undefined;
  #state: ConnectionState = 'idle';
  #socket: WebSocketLike | undefined;
  #ghost: Ghost | undefined;
  #walletAllowed = false;
  #everReady = false;
  #attempt = 0;
  #retryTimer: unknown;
  #pingTimer: unknown;
  #lastFrameAt = 0;
  #waiters: { resolve(g: Ghost): void; reject(e: Error): void }[] = [];

  constructor(options: ConnectionOptions) {
    super();
    this.#o = options;
    this.origin = new URL(options.serverUrl).origin;
    this.#now = options.now ?? Date.now;
    this.#timers = options.timers ?? SYSTEM_TIMERS;
    this.#pending = new PendingRequests(this.#timers);
    this.#credentials = options.credentials;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get ghost(): Ghost | undefined {
    return this.#ghost;
  }

  /** The credentials in use (to store), if any. */
  get credentials(): SessionCredentials | undefined {
    return this.#credentials;
  }

  /** Connects and signs in (asking the wallet only without usable credentials); resolves when ready. */
  connect(): Promise<Ghost> {
    if (this.#state === 'ready' && this.#ghost) return Promise.resolve(this.#ghost);
    const done = new Promise<Ghost>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    this.#walletAllowed = true;
    if (this.#state === 'idle' || this.#state === 'closed' || this.#state === 'reconnecting') {
      this.#everReady = false;
      this.#timers.clearTimeout(this.#retryTimer);
      this.#open();
    }
    return done;
  }

  /** Closes for good (no reconnect); pending requests fail with `NotConnectedError`. */
  close(): void {
    this.#timers.clearTimeout(this.#retryTimer);
    this.#dropSocket(CLOSE_CODES.normal, 'bye');
    this.#settleWaiters(new NotConnectedError('closed by the client'));
    this.#setState('closed');
  }

  /** A request id unique for this connection's lifetime. */
  nextRequestId(): string {
    return this.#pending.nextId();
  }

  /** Sends a frame when signed in; throws `NotConnectedError` otherwise. */
  send(frame: ClientFrame): void {
    if (this.#state !== 'ready' || this.#socket?.readyState !== SOCKET_OPEN) {
      throw new NotConnectedError('not connected');
    }
    this.#socket.send(encodeClientFrame(frame));
  }

  /** Sends a request and resolves with its reply of one of `replyTypes` (or rejects: see errors). */
  request<F extends ServerFrame>(
    frame: ClientFrame,
    replyTypes: readonly F['t'][],
    timeoutMs = this.#o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  ): Promise<F> {
    const id: RequestId = frame.id ?? this.nextRequestId();
    const reply = this.#pending.track<F>(id, replyTypes, timeoutMs);
    try {
      this.send({ ...frame, id } as ClientFrame);
    } catch (error) {
      this.#pending.fail(id, error as Error);
    }
    return reply;
  }

  #open(): void {
    this.#setState('connecting');
    const socket = this.#o.createWebSocket(`${this.origin.replace(/^http/, 'ws')}/v1/ws`);
    this.#socket = socket;
    this.#lastFrameAt = this.#now();
    socket.onmessage = (event) => this.#socket === socket && this.#receive(event.data);
    socket.onclose = (event) => this.#socket === socket && this.#closed(event.code, event.reason);
    socket.onerror = () => {};
  }

  #receive(data: unknown): void {
    this.#lastFrameAt = this.#now();
    const parsed = parseServerFrame(data);
    if (!parsed.ok) {
      this.emit('error', new InvalidServerFrameError(parsed.reason));
      return;
    }
    const frame = parsed.frame;
    if (frame.t === 'challenge') void this.#signIn(frame);
    else if (frame.t === 'ping') this.#socket?.send(encodeClientFrame({ t: 'pong' }));
    else if (frame.t === 'ghost') this.#acceptGhost(frame);
    else if (frame.t === 'error' && frame.code === 'unauthorized') this.#refused(frame.message);
    if (this.#state !== 'ready') return;
    this.emit('frame', frame);
    if (!this.#pending.settle(frame) && frame.t === 'error') {
      this.emit('error', new InvalidServerFrameError(`server error ${frame.code}: ${frame.message}`));
    }
  }

  async #signIn(challenge: ChallengeFrame): Promise<void> {
    const socket = this.#socket;
    this.#setState('signing-in');
    let credentials = this.#credentials;
    if (!credentials || !areCredentialsUsable(credentials, challenge, this.#now())) {
      credentials = undefined;
      this.#credentials = undefined;
      if (!this.#walletAllowed || !this.#o.wallet) {
        this.#refused('no usable credentials: sign in with the wallet');
        return;
      }
      try {
        credentials = await createCredentials({
          wallet: this.#o.wallet,
          challenge,
          origin: this.origin,
          now: this.#now(),
          lifetimeMs: this.#o.signInLifetimeMs,
        });
      } catch (error) {
        this.#failSignIn(new SignInRequiredError('the wallet did not sign', { cause: error }));
        return;
      }
      if (this.#socket !== socket) return;
      this.#credentials = credentials;
      this.emit('credentials', credentials);
    }
    socket?.send(encodeClientFrame(buildAuthFrame(credentials, challenge.nonce)));
  }

  #acceptGhost(frame: GhostFrame): void {
    const { t: _t, id: _id, ...ghost } = frame;
    this.#ghost = ghost;
    if (this.#state === 'signing-in') {
      const reconnected = this.#everReady;
      this.#everReady = true;
      this.#walletAllowed = false;
      this.#attempt = 0;
      this.#startKeepAlive();
      this.#setState('ready');
      this.emit('ready', { reconnected });
      this.#settleWaiters(undefined, ghost);
    }
    this.emit('ghost', ghost);
  }

  /** The server refused the credentials (or none are usable): drop them, stop, report. */
  #refused(reason: string): void {
    this.#credentials = undefined;
    this.emit('unauthorized', { reason });
    this.#failSignIn(new SignInRequiredError(`sign-in refused: ${reason}`));
  }

  #failSignIn(error: Error): void {
    this.#timers.clearTimeout(this.#retryTimer);
    this.#dropSocket(CLOSE_CODES.normal, 'sign-in failed');
    this.#settleWaiters(error);
    this.#setState('closed');
  }

  #closed(code: number, _reason: string): void {
    this.#dropSocket();
    if (code === CLOSE_CODES.unauthorized) {
      this.#refused('the server closed the session (4401)');
      return;
    }
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const delayMs = computeBackoffDelay(this.#attempt, this.#o.backoff, this.#o.random);
    const attempt = ++this.#attempt;
    this.#setState('reconnecting', { attempt, delayMs });
    this.#retryTimer = this.#timers.setTimeout(() => this.#open(), delayMs);
  }

  #startKeepAlive(): void {
    const interval = this.#o.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
    const tick = () => {
      if (this.#state !== 'ready') return;
      if (this.#now() - this.#lastFrameAt > 2 * interval + 1000) {
        this.#dropSocket(KEEPALIVE_CLOSE_CODE, 'keep-alive timeout');
        this.#scheduleReconnect();
        return;
      }
      this.#socket?.send(encodeClientFrame({ t: 'ping' }));
      this.#pingTimer = this.#timers.setTimeout(tick, interval);
    };
    this.#pingTimer = this.#timers.setTimeout(tick, interval);
  }

  /** Forgets the current socket (closing it if open) and fails what was in flight on it. */
  #dropSocket(code?: number, reason?: string): void {
    this.#timers.clearTimeout(this.#pingTimer);
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) {
      socket.onmessage = null;
      socket.onclose = null;
      if (code !== undefined && socket.readyState <= SOCKET_OPEN) socket.close(code, reason);
    }
    this.#pending.failAll();
  }

  #settleWaiters(error: Error | undefined, ghost?: Ghost): void {
    for (const waiter of this.#waiters.splice(0)) {
      if (error) waiter.reject(error);
      else waiter.resolve(ghost!);
    }
  }

  #setState(state: ConnectionState, extra: { attempt?: number; delayMs?: number } = {}): void {
    if (this.#state === state && state !== 'reconnecting') return;
    this.#state = state;
    this.emit('state', { state, ...extra });
  }
}
