/**
 * INTERIM: PROTOCOL.md §2 only (challenge → auth → ghost, rotate, check, ping), behind the
 * `GhostClient` interface, so the extension works before the client library (`shared/client/`)
 * lands. Rooms, quotes and keys are deliberately absent: they belong to the library. Replace this
 * file with an adapter over the library; do not grow it.
 */
import * as v from 'valibot';
import { selectEd25519Backend } from '../../shared/crypto/ed25519-signing.ts';
import { decodeB64u, encodeB64u, encodeUtf8 } from '../../shared/encoding.ts';
import { ChallengeFrame, ServerFrame } from '../../shared/protocol/server-frames.ts';
import { sessionProofText } from '../../shared/sign-in/sign-in-message.ts';
import type { GhostInfo, NftKey } from '../messaging/runtime-messages.ts';
import {
  type CloseInfo,
  type ConnectGhostClient,
  type GhostClient,
  GhostClientError,
  type ProbeServer,
} from './ghost-client.ts';
import type { SessionCredentials } from './session-credentials.ts';

const UNAUTHORIZED_CLOSE = 4401;
const REQUEST_TIMEOUT_MS = 10_000;

type Frame = v.InferOutput<typeof ServerFrame>;
type Waiter = {
  resolve(frame: Frame): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
};

export const connectInterimGhostClient: ConnectGhostClient = (options) =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(options.wsUrl);
    const connection = new InterimConnection(socket);
    const timer = setTimeout(() => {
      socket.close();
      reject(new GhostClientError('unreachable', 'the server did not answer in time'));
    }, options.timeoutMs);
    connection.start(options.credentials).then(
      (client) => {
        clearTimeout(timer);
        resolve(client);
      },
      (error: unknown) => {
        clearTimeout(timer);
        socket.close();
        reject(error);
      },
    );
  });

class InterimConnection implements GhostClient {
  ghost!: GhostInfo;
  readonly #socket: WebSocket;
  readonly #ghostListeners: ((ghost: GhostInfo) => void)[] = [];
  readonly #closeListeners: ((info: CloseInfo) => void)[] = [];
  readonly #waiters = new Map<string, Waiter>();
  #nextId = 1;
  #firstGhost?: { resolve(g: GhostInfo): void; reject(e: Error): void };
  #challenge?: (nonce: string) => void;

  constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => this.#receive(event.data));
    socket.addEventListener('close', (event) => this.#closed(event.code));
    socket.addEventListener('error', () => {});
  }

  async start(credentials: SessionCredentials): Promise<GhostClient> {
    const nonce = await new Promise<string>((resolve) => {
      this.#challenge = resolve;
    });
    const seed = decodeB64u(credentials.sessionSeed);
    if (!seed) throw new GhostClientError('unauthorized', 'stored session key is malformed');
    const signer = await (await selectEd25519Backend()).createSigner(seed);
    seed.fill(0);
    const proof = await signer.sign(encodeUtf8(sessionProofText(nonce)));
    signer.wipe();
    const ghost = new Promise<GhostInfo>((resolve, reject) => {
      this.#firstGhost = { resolve, reject };
    });
    this.#send({
      t: 'auth',
      message: credentials.message,
      signature: credentials.signature,
      proof: encodeB64u(proof),
    });
    this.ghost = await ghost;
    return this;
  }

  onGhost(listener: (ghost: GhostInfo) => void): void {
    this.#ghostListeners.push(listener);
  }

  onClose(listener: (info: CloseInfo) => void): void {
    this.#closeListeners.push(listener);
  }

  async rotate(): Promise<GhostInfo> {
    const frame = await this.#request({ t: 'rotate' }, 'ghost');
    return ghostOf(frame);
  }

  async check(ghostIds: string[]): Promise<boolean[]> {
    const frame = await this.#request({ t: 'check', ghostIds }, 'checked');
    return frame.t === 'checked' ? frame.live : [];
  }

  async listKeys(): Promise<NftKey[]> {
    const frame = await this.#request({ t: 'keys' }, 'keys');
    return frame.t === 'keys' ? frame.keys : [];
  }

  ping(): void {
    this.#send({ t: 'ping' });
  }

  close(): void {
    this.#socket.close(1000);
  }

  #send(frame: Record<string, unknown>): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(frame));
  }

  #request(frame: Record<string, unknown>, expected: Frame['t']): Promise<Frame> {
    const id = `r${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(id);
        reject(new GhostClientError('unreachable', 'the server did not answer in time'));
      }, REQUEST_TIMEOUT_MS);
      this.#waiters.set(id, {
        resolve: (reply) =>
          reply.t === expected || reply.t === 'error'
            ? reply.t === 'error'
              ? reject(new GhostClientError(reply.code, reply.message))
              : resolve(reply)
            : reject(new GhostClientError('internal', `unexpected reply ${reply.t}`)),
        reject,
        timer,
      });
      this.#send({ ...frame, id });
    });
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = v.safeParse(ServerFrame, json);
    if (!parsed.success) return;
    const frame = parsed.output;
    if (frame.t === 'challenge') {
      this.#challenge?.(frame.nonce);
      return;
    }
    if (frame.t === 'ping') {
      this.#send({ t: 'pong' });
      return;
    }
    if (frame.t === 'ghost' && this.#firstGhost) {
      this.#firstGhost.resolve(ghostOf(frame));
      this.#firstGhost = undefined;
      return;
    }
    if (frame.t === 'error' && this.#firstGhost) {
      this.#firstGhost.reject(new GhostClientError(frame.code, frame.message));
      this.#firstGhost = undefined;
      return;
    }
    const id = 'id' in frame && frame.id !== undefined ? String(frame.id) : undefined;
    const waiter = id === undefined ? undefined : this.#waiters.get(id);
    if (waiter && id !== undefined) {
      clearTimeout(waiter.timer);
      this.#waiters.delete(id);
      waiter.resolve(frame);
    }
    if (frame.t === 'ghost') {
      this.ghost = ghostOf(frame);
      for (const listener of this.#ghostListeners) listener(this.ghost);
    }
  }

  #closed(code: number): void {
    const error = new GhostClientError('unreachable', 'the connection closed');
    this.#firstGhost?.reject(
      code === UNAUTHORIZED_CLOSE ? new GhostClientError('unauthorized', 'sign-in was refused') : error,
    );
    for (const [id, waiter] of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
      this.#waiters.delete(id);
    }
    for (const listener of this.#closeListeners)
      listener({ code, unauthorized: code === UNAUTHORIZED_CLOSE });
  }
}

function ghostOf(frame: Frame): GhostInfo {
  if (frame.t !== 'ghost') throw new GhostClientError('internal', `expected a ghost frame, got ${frame.t}`);
  return {
    ghostId: frame.ghostId,
    issuedAt: frame.issuedAt,
    rotatesAt: frame.rotatesAt,
    liveUntil: frame.liveUntil,
  };
}

/** Opens a socket only to read the challenge's domain and cluster, then closes it. */
export const probeInterimServer: ProbeServer = (wsUrl, timeoutMs) =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl);
    const timer = setTimeout(() => {
      socket.close();
      reject(new GhostClientError('unreachable', 'the server did not answer in time'));
    }, timeoutMs);
    socket.addEventListener('message', (event) => {
      let frame: unknown;
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = v.safeParse(ChallengeFrame, frame);
      if (!parsed.success) return;
      clearTimeout(timer);
      socket.close(1000);
      resolve({ domain: parsed.output.domain, cluster: parsed.output.cluster });
    });
    socket.addEventListener('error', () => {
      clearTimeout(timer);
      reject(new GhostClientError('unreachable', 'the server is unreachable'));
    });
  });
