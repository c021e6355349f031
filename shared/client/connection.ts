/**
 * One logical connection to an AnoGhost server (PROTOCOL.md §2) over successive WebSockets:
 * challenge → sign-in with the session key → ready; keep-alive pings; reconnect with backoff and
 * jitter after unexpected closes; request/reply correlation. The wallet is asked only inside a
 * caller's `connect()` and only when there are no usable credentials; automatic reconnects never
 * ask it, and report `unauthorized` instead when the credentials stop working.
 */
import type { ClientFrame } from '../protocol/client-frames.ts';
import { sessionSocketUrl } from '../protocol/endpoints.ts';
import { CLOSE_CODES } from '../protocol/error-codes.ts';
import type { RequestId } from '../protocol/fields.ts';
import { PROTOCOL_VERSION } from '../protocol/limits.ts';
import { REQUEST_REPLIES, type ReplyOf, type RequestFrame } from '../protocol/request-replies.ts';
import type { ChallengeFrame, GhostFrame, ServerFrame } from '../protocol/server-frames.ts';
import { computeBackoffDelay } from './backoff.ts';
import { InvalidServerFrameError, NotConnectedError, SignInRequiredError } from './client-errors.ts';
import {
  type ConnectionEvents,
  type ConnectionOptions,
  type ConnectionState,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type Ghost,
} from './connection-types.ts';
import { TypedEmitter } from './event-emitter.ts';
import { encodeClientFrame, parseServerFrame, stripEnvelope } from './frame-codec.ts';
import { KeepAlive } from './keep-alive.ts';
import { PendingRequests, SYSTEM_TIMERS, type Timers } from './pending-requests.ts';
import { buildAuthFrame, obtainCredentials, type SessionCredentials } from './session-credentials.ts';
import { SOCKET_OPEN, type WebSocketLike } from './websocket-port.ts';

const KEEPALIVE_CLOSE_CODE = 4000; // ours: no frame from the server for too long

export type { ConnectionEvents, ConnectionOptions, ConnectionState, Ghost } from './connection-types.ts';

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
  readonly #keepAlive: KeepAlive;
  #waiters: { resolve(g: Ghost): void; reject(e: Error): void }[] = [];

  constructor(options: ConnectionOptions) {
    super();
    this.#o = options;
    this.origin = new URL(options.serverUrl).origin;
    this.#now = options.now ?? Date.now;
    this.#timers = options.timers ?? SYSTEM_TIMERS;
    this.#pending = new PendingRequests(this.#timers);
    this.#credentials = options.credentials;
    this.#keepAlive = new KeepAlive({
      intervalMs: options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
      timers: this.#timers,
      now: this.#now,
      sendPing: () => this.#socket?.send(encodeClientFrame({ t: 'ping' })),
      onSilent: () => {
        this.#dropSocket(KEEPALIVE_CLOSE_CODE, 'keep-alive timeout');
        this.#scheduleReconnect();
      },
    });
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The timers this connection runs on (the system's, or a test's), for callers that wait between requests. */
  get timers(): Timers {
    return this.#timers;
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

  /**
   * Sends a request and resolves with its reply, of the type the request-replies table pairs with
   * `frame.t` (`joined` for a `join`); rejects with a `ProtocolError` on an error frame, a
   * `RequestTimeoutError` on silence, a `NotConnectedError` when the connection drops.
   */
  request<F extends RequestFrame>(
    frame: F,
    timeoutMs = this.#o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  ): Promise<ReplyOf<F['t']>> {
    const id: RequestId = frame.id ?? this.nextRequestId();
    const replyTypes: readonly ServerFrame['t'][] = REQUEST_REPLIES[frame.t];
    const reply = this.#pending.track(id, replyTypes, timeoutMs) as Promise<ReplyOf<F['t']>>;
    try {
      this.send({ ...frame, id });
    } catch (error) {
      this.#pending.fail(id, error as Error);
    }
    return reply;
  }

  #open(): void {
    this.#setState('connecting');
    const socket = this.#o.createWebSocket(sessionSocketUrl(this.origin));
    this.#socket = socket;
    socket.onmessage = (event) => this.#socket === socket && this.#receive(event.data);
    socket.onclose = (event) => this.#socket === socket && this.#closed(event.code);
    socket.onerror = () => {};
  }

  #receive(data: unknown): void {
    this.#keepAlive.heard();
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
    if (frame.t === 'invite') this.emit('invite', stripEnvelope(frame));
    if (!this.#pending.settle(frame) && frame.t === 'error') {
      this.emit('error', new InvalidServerFrameError(`server error ${frame.code}: ${frame.message}`));
    }
  }

  async #signIn(challenge: ChallengeFrame): Promise<void> {
    const socket = this.#socket;
    this.#setState('signing-in');
    if (challenge.v !== PROTOCOL_VERSION) {
      this.#failSignIn(new InvalidServerFrameError(`unsupported protocol version ${challenge.v}`));
      return;
    }
    let obtained: Awaited<ReturnType<typeof obtainCredentials>>;
    try {
      obtained = await obtainCredentials({
        stored: this.#credentials,
        challenge,
        wallet: this.#walletAllowed ? this.#o.wallet : undefined,
        origin: this.origin,
        now: this.#now(),
        lifetimeMs: this.#o.signInLifetimeMs,
      });
    } catch (error) {
      this.#failSignIn(error as Error);
      return;
    }
    if (!obtained) {
      this.#refused('no usable credentials: sign in with the wallet');
      return;
    }
    if (this.#socket !== socket || !socket) return;
    this.#credentials = obtained.credentials;
    if (obtained.fresh) this.emit('credentials', obtained.credentials);
    socket.send(encodeClientFrame(buildAuthFrame(obtained.credentials, challenge.nonce)));
  }

  #acceptGhost(frame: GhostFrame): void {
    const ghost = stripEnvelope(frame);
    this.#ghost = ghost;
    if (this.#state === 'signing-in') {
      const reconnected = this.#everReady;
      this.#everReady = true;
      this.#walletAllowed = false;
      this.#attempt = 0;
      this.#keepAlive.start();
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

  #closed(code: number): void {
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

  /** Forgets the current socket (closing it if open) and fails what was in flight on it. */
  #dropSocket(code?: number, reason?: string): void {
    this.#keepAlive.stop();
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
