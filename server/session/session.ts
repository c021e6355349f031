/**
 * One WebSocket connection (PROTOCOL.md §2): challenge, sign-in within the deadline, then frames
 * dispatched to handlers, with per-session rate and abuse limits. A session holds its wallet only
 * in memory, only while connected, and wipes it on close.
 */
import { randomBytes } from 'node:crypto';
import { encodeB64u } from '../../shared/encoding.ts';
import type { ClientFrame, ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { CLOSE_CODES, type ErrorCode } from '../../shared/protocol/error-codes.ts';
import type { RequestId } from '../../shared/protocol/fields.ts';
import { CHALLENGE_NONCE_BYTES, PROTOCOL_VERSION } from '../../shared/protocol/limits.ts';
import { parseClientFrame } from '../../shared/protocol/parse-frame.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { ReplyOf, RequestType } from '../../shared/protocol/request-replies.ts';
import type { ServerFrame } from '../../shared/protocol/server-frames.ts';
import { EpochKeyUnavailableError } from '../ghost/epoch-keys.ts';
import type { GhostIds } from '../ghost/ghost-ids.ts';
import { errorName, type Logger } from '../log/logger.ts';
import type { EncodedFrame } from './encoded-frame.ts';
import { FrameLimits, peekRequestId } from './frame-limits.ts';
import { verifySignIn } from './sign-in.ts';

const MAX_QUEUED_DURING_SIGN_IN = 32; // frames
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024; // unsent bytes before a session counts as not reading

export interface SessionSocket {
  send(data: string | Uint8Array, options?: { binary?: boolean }): void;
  close(code: number, reason: string): void;
  readonly bufferedAmount: number;
}

/** Handles one frame of type `T`; a returned promise that rejects is answered like a throw. */
export type FrameHandler<T extends ClientFrame['t']> = (session: Session, frame: ClientFrameOf<T>) => unknown;
/** The handlers of a signed-in session, by frame type; a missing one answers `unavailable`. */
export type FrameHandlers = { [K in ClientFrame['t']]?: FrameHandler<K> };

/** The connection's share of its address's caps (ws/connection-caps.ts). */
export interface SignInGate {
  /** Takes one sign-in attempt from the connection's address; `false` when over the rate. */
  takeSignIn(): boolean;
  /** The session signed in: it no longer counts as pending. */
  signedIn(): void;
}

const UNCAPPED: SignInGate = { takeSignIn: () => true, signedIn: () => {} };

/** Where sessions report that they signed in and closed (session-registry.ts). */
export interface SessionTracker {
  signedIn(session: Session): void;
  closed(session: Session): void;
}

export interface SessionServices {
  domain: string;
  /** The chain as the challenge and sign-in name it: `mainnet` for `mainnet-beta` (PROTOCOL.md §2). */
  cluster: string;
  ghostIds: GhostIds;
  registry: SessionTracker;
  handlers: FrameHandlers;
  logger: Logger;
  frameRate: number;
  signInDeadlineMs: number;
  now: () => number;
}

type State = 'challenge' | 'verifying' | 'ready' | 'closed';

export class Session {
  readonly nonce = encodeB64u(randomBytes(CHALLENGE_NONCE_BYTES));
  lastSeen: number;
  /** When the sign-in message stops authorizing the session key (Unix ms). */
  authExpiresAt = 0;
  #state: State = 'challenge';
  #wallet: Uint8Array | undefined;
  /** When the last ghost this session was sent stops being current (0: none yet). */
  #ghostRotatesAt = 0;
  #queued: string[] = [];
  readonly #limits: FrameLimits;
  readonly #deadline: NodeJS.Timeout;
  readonly #onClose: Array<() => void> = [];

  /**
   * @param address the client's address as per-client limits count it (http/client-address.ts:
   * IPv6 per /64, `X-Forwarded-For` only from trusted proxies); a budget key, never logged.
   */
  constructor(
    private readonly socket: SessionSocket,
    private readonly services: SessionServices,
    readonly address: string,
    private readonly gate: SignInGate = UNCAPPED,
  ) {
    this.lastSeen = services.now();
    this.#limits = new FrameLimits(services.frameRate, services.now);
    this.#deadline = setTimeout(
      () => this.#refuse('sign-in deadline passed', undefined),
      services.signInDeadlineMs,
    );
    this.send({
      t: 'challenge',
      v: PROTOCOL_VERSION,
      nonce: this.nonce,
      domain: services.domain,
      cluster: services.cluster,
    });
  }

  get isReady(): boolean {
    return this.#state === 'ready';
  }

  /** The signed-in wallet. Only for this session's own use (PROTOCOL.md: never sent elsewhere). */
  get wallet(): Uint8Array {
    if (!this.#wallet) throw new ProtocolError('unauthorized', 'not signed in');
    return this.#wallet;
  }

  /** Registers cleanup to run once when the connection ends (e.g. leaving rooms). */
  onClose(callback: () => void): void {
    this.#onClose.push(callback);
  }

  /** Sends a frame; fields left `undefined` (an absent request id) are not serialized. */
  send(frame: ServerFrame): void {
    if (this.#state !== 'closed' && this.#keepsUp()) this.socket.send(JSON.stringify(frame));
  }

  /**
   * Sends the reply to `request`, of a type the request-replies table pairs with it (the
   * request is there for that check; the reply carries its id itself).
   */
  reply<T extends RequestType>(_request: { readonly t: T }, frame: ReplyOf<T>): void {
    this.send(frame);
  }

  /** Sends frame bytes shared with other sessions: the relay encodes a frame once for all. */
  sendShared(bytes: EncodedFrame): void {
    if (this.#state !== 'closed' && this.#keepsUp()) this.socket.send(bytes, { binary: false });
  }

  /** A client that stops reading must not make the server buffer without end. */
  #keepsUp(): boolean {
    if (this.socket.bufferedAmount <= MAX_BUFFERED_BYTES) return true;
    this.services.logger.info('closing a session that does not read its frames');
    this.close(CLOSE_CODES.tooSlow, 'too slow');
    return false;
  }

  /** An error frame; `epoch` only with `stale_epoch` (PROTOCOL.md §3). */
  sendError(code: ErrorCode, message: string, id: RequestId | undefined, epoch?: number): void {
    this.send({ t: 'error', id, code, message, epoch });
  }

  /** Issues a fresh ghostId and sends it (sign-in, `rotate`, epoch boundary). */
  pushGhost(id?: RequestId): void {
    if (!this.#wallet) return;
    let ghost: ReturnType<GhostIds['issue']>;
    try {
      ghost = this.services.ghostIds.issue(this.#wallet);
    } catch (error) {
      if (!(error instanceof EpochKeyUnavailableError)) throw error;
      this.sendError('unavailable', 'a new ghostId cannot be issued right now; try again', id);
      return;
    }
    this.#ghostRotatesAt = ghost.rotatesAt;
    this.send({ t: 'ghost', id, ...ghost });
  }

  /**
   * The epoch-boundary push: skipped when this session already got a ghost of the epoch that
   * starts at `boundary` (it signed in or rotated between the boundary and the push).
   */
  pushBoundaryGhost(boundary: number): void {
    if (this.#ghostRotatesAt > boundary) return;
    this.pushGhost();
  }

  /** Closes the connection; cleanup runs in `handleClosed`. */
  close(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    this.socket.close(code, reason);
    this.handleClosed();
  }

  /** Called by the transport when the connection is gone, whoever closed it. */
  handleClosed(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#deadline);
    this.services.registry.closed(this);
    for (const callback of this.#onClose.splice(0)) callback();
    this.#wallet?.fill(0);
    this.#wallet = undefined;
    this.#queued = [];
  }

  /** Any sign of life from the client (frames, WebSocket pings). */
  touch(): void {
    this.lastSeen = this.services.now();
  }

  /** One text frame from the client. */
  handleText(text: string): void {
    if (this.#state === 'closed') return;
    this.touch();
    if (!this.#limits.admit()) {
      this.sendError(
        'rate_limited',
        `at most ${this.services.frameRate} frames per second`,
        peekRequestId(text),
      );
      if (this.#limits.floodedOut) this.close(CLOSE_CODES.rateLimited, 'rate limit');
      return;
    }
    if (this.#state === 'verifying') {
      if (this.#queued.length >= MAX_QUEUED_DURING_SIGN_IN)
        this.#refuse('too many frames during sign-in', undefined);
      else this.#queued.push(text);
      return;
    }
    this.#dispatch(text);
  }

  /** A binary frame: the protocol has none. Before sign-in, like any other frame, it is refused (§2). */
  handleBinary(): void {
    if (this.#state === 'closed') return;
    this.touch();
    if (this.#state === 'challenge') this.#refuse('sign in first', undefined);
    else this.#badRequest('frames must be JSON text', undefined);
  }

  #dispatch(text: string): void {
    const parsed = parseClientFrame(text);
    if (!parsed.ok) {
      if (this.#state === 'challenge') this.#refuse(parsed.message, parsed.id);
      else this.#badRequest(parsed.message, parsed.id);
      return;
    }
    const frame = parsed.frame;
    if (this.#state === 'challenge') {
      if (frame.t !== 'auth') this.#refuse('sign in first', frame.id);
      else if (!this.gate.takeSignIn()) {
        // The address's rate, not this session's fault: 1013 tells the client to come back later.
        this.sendError('rate_limited', 'too many sign-ins from this address: try again shortly', frame.id);
        this.close(CLOSE_CODES.tryAgainLater, 'sign-in rate');
      } else {
        this.#signIn(frame).catch((error: unknown) => {
          this.services.logger.error({ err: errorName(error) }, 'sign-in failed unexpectedly');
          this.#refuse('sign-in failed: try again', frame.id);
        });
      }
      return;
    }
    if (frame.t === 'auth') {
      this.#badRequest('already signed in', frame.id);
      return;
    }
    this.#run(frame);
  }

  #run(frame: Exclude<ClientFrame, { t: 'auth' }>): void {
    const handler = this.services.handlers[frame.t] as FrameHandler<typeof frame.t> | undefined;
    if (!handler) {
      this.sendError('unavailable', `${frame.t} is not available on this server`, frame.id);
      return;
    }
    try {
      const result = handler(this, frame as never);
      if (result instanceof Promise) result.catch((error: unknown) => this.#handlerFailed(error, frame));
    } catch (error) {
      this.#handlerFailed(error, frame);
    }
  }

  #handlerFailed(error: unknown, frame: ClientFrame): void {
    if (error instanceof ProtocolError) {
      this.sendError(error.code, error.message, frame.id, error.epoch);
      return;
    }
    // Only the error's name: messages from third-party code (RPC errors) may name accounts.
    this.services.logger.error({ frame: frame.t, err: errorName(error) }, 'frame handler failed');
    this.sendError('internal', 'the server could not handle this frame', frame.id);
  }

  async #signIn(frame: ClientFrameOf<'auth'>): Promise<void> {
    this.#state = 'verifying';
    const { domain, cluster, now } = this.services;
    const result = await verifySignIn(frame, { nonce: this.nonce, domain, cluster, now: now() });
    if ((this.#state as State) === 'closed') return;
    if (!result.ok) {
      this.#refuse(result.reason, frame.id);
      return;
    }
    clearTimeout(this.#deadline);
    this.#wallet = result.wallet;
    this.authExpiresAt = result.expiresAt;
    this.#state = 'ready';
    this.gate.signedIn();
    this.services.registry.signedIn(this);
    this.pushGhost(frame.id);
    this.services.logger.debug('session signed in');
    for (const text of this.#queued.splice(0)) this.#dispatch(text);
  }

  #refuse(message: string, id: RequestId | undefined): void {
    if (this.#state === 'closed') return;
    this.sendError('unauthorized', message, id);
    this.close(CLOSE_CODES.unauthorized, 'unauthorized');
  }

  #badRequest(message: string, id: RequestId | undefined): void {
    this.sendError('bad_request', message, id);
    if (this.#limits.tooManyBadFrames()) this.close(CLOSE_CODES.badInput, 'too many malformed frames');
  }
}
