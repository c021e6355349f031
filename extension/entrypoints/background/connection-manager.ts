/**
 * Holds the one WebSocket to the server (DESIGN.md "Extension"): signs in with the stored session
 * key, keeps the connection alive with pings every 20 s, reconnects with backoff and jitter, and
 * asks the wallet again only when the session key's authorization is missing or expired.
 * The current ghostId lives only in this object's memory.
 */

import { decodeB64u, encodeB64u } from '../../../shared/encoding.ts';
import type {
  ConnectGhostClient,
  CreateSessionCredentials,
  GhostClient,
  ProbeServer,
  ServerInfo,
} from '../../client/ghost-client.ts';
import {
  clearCredentials,
  loadCredentials,
  type SessionCredentials,
  saveCredentials,
} from '../../client/session-credentials.ts';
import type { GhostInfo, Status } from '../../messaging/runtime-messages.ts';
import { webSocketUrl } from '../../settings/server-url.ts';
import { describeError } from './error-messages.ts';
import { computeReconnectDelay } from './reconnect-backoff.ts';
import type { WalletBridge } from './wallet-bridge.ts';

export const KEEPALIVE_INTERVAL_MS = 20_000;
const CONNECT_TIMEOUT_MS = 15_000;
const SESSION_LIFETIME_MS = 24 * 60 * 60_000; // how long one wallet signature authorizes the session key

export interface ConnectionDeps {
  connect: ConnectGhostClient;
  createCredentials: CreateSessionCredentials;
  probe: ProbeServer;
  bridge: WalletBridge;
  loadServer(): Promise<string>;
}

export class ConnectionManager {
  readonly #deps: ConnectionDeps;
  readonly #listeners = new Set<(status: Status) => void>();
  #status: Status = {
    state: 'starting',
    server: '',
    ghost: null,
    error: null,
    retryAt: null,
    sessionExpiresAt: null,
  };
  #client: GhostClient | undefined;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #generation = 0; // bumps on sign-out / server change so stale attempts stop
  #serverInfo: Promise<ServerInfo> | undefined;
  #starting: Promise<void> | undefined;

  constructor(deps: ConnectionDeps) {
    this.#deps = deps;
  }

  get status(): Status {
    return this.#status;
  }

  onStatus(listener: (status: Status) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Connects with stored credentials if there are any; otherwise waits for `connectWallet`.
   * Single-flight: the worker's start, alarms and pages may all ask at once.
   */
  start(): Promise<void> {
    this.#starting ??= this.#startOnce().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  async #startOnce(): Promise<void> {
    const generation = this.#generation;
    const server = await this.#deps.loadServer();
    const credentials = await loadCredentials(server);
    if (generation !== this.#generation) return;
    this.#update({ server, sessionExpiresAt: credentials?.expiresAt ?? null });
    if (credentials) await this.#connect(credentials, generation);
    else this.#update({ state: 'signed-out' });
  }

  /** Makes sure a connection is up or on its way (alarms and page requests call this). */
  ensureConnected(): void {
    if (this.#status.state === 'signed-out' || this.#status.state === 'starting') void this.start();
  }

  /** Has the wallet authorize a new session key through the connect page, then connects. */
  async connectWallet(): Promise<void> {
    const generation = ++this.#generation;
    this.#stop();
    this.#update({ state: 'awaiting-wallet', error: null, ghost: null });
    try {
      const server = await this.#deps.loadServer();
      this.#serverInfo = this.#deps.probe(webSocketUrl(server), CONNECT_TIMEOUT_MS);
      const info = await this.#serverInfo;
      const walletAddress = await this.#deps.bridge.request({
        op: 'connect',
        chain: `solana:${info.cluster}`,
      });
      const credentials = await this.#deps.createCredentials({
        serverOrigin: server,
        domain: info.domain,
        cluster: info.cluster,
        walletAddress,
        lifetimeMs: SESSION_LIFETIME_MS,
        signMessage: async (message) => {
          const signature = await this.#deps.bridge.request({
            op: 'sign-message',
            message: encodeB64u(message),
          });
          const bytes = decodeB64u(signature);
          if (!bytes) throw new Error('the wallet returned a malformed signature');
          return bytes;
        },
      });
      await saveCredentials(credentials);
      void this.#deps.bridge.closePage();
      if (generation !== this.#generation) return;
      this.#update({ server, sessionExpiresAt: credentials.expiresAt });
      await this.#connect(credentials, generation);
    } catch (error) {
      if (generation === this.#generation) this.#update({ state: 'signed-out', error: describeError(error) });
    }
  }

  /** The wallet chain id of the server's cluster, e.g. `solana:localnet`. */
  async walletChain(): Promise<string> {
    this.#serverInfo ??= this.#deps
      .loadServer()
      .then((server) => this.#deps.probe(webSocketUrl(server), CONNECT_TIMEOUT_MS));
    const info = await this.#serverInfo.catch((error: unknown) => {
      this.#serverInfo = undefined;
      throw error;
    });
    return `solana:${info.cluster}`;
  }

  async signOut(): Promise<void> {
    this.#generation++;
    this.#serverInfo = undefined;
    this.#stop();
    await clearCredentials();
    this.#update({ state: 'signed-out', ghost: null, error: null, sessionExpiresAt: null });
  }

  /** The options page changed the server: drop the connection and the credentials for the old one. */
  async serverChanged(): Promise<void> {
    await this.signOut();
    await this.start();
  }

  /** The live client, or an error a person can read. */
  requireClient(): GhostClient {
    if (!this.#client) throw new Error('Not connected to the AnoGhost server yet.');
    return this.#client;
  }

  async rotate(): Promise<GhostInfo> {
    const ghost = await this.requireClient().rotate();
    this.#update({ ghost });
    return ghost;
  }

  async #connect(credentials: SessionCredentials, generation: number): Promise<void> {
    this.#update({ state: this.#attempt === 0 ? 'connecting' : 'reconnecting', retryAt: null });
    try {
      const client = await this.#deps.connect({
        wsUrl: webSocketUrl(credentials.serverOrigin),
        credentials,
        timeoutMs: CONNECT_TIMEOUT_MS,
      });
      if (generation !== this.#generation) {
        client.close();
        return;
      }
      this.#adopt(client, credentials, generation);
    } catch (error) {
      if (generation !== this.#generation) return;
      if (isUnauthorized(error)) return this.#expire();
      this.#scheduleRetry(credentials, generation, describeError(error));
    }
  }

  #adopt(client: GhostClient, credentials: SessionCredentials, generation: number): void {
    this.#client = client;
    this.#attempt = 0;
    client.onGhost((ghost) => this.#update({ ghost }));
    client.onClose((info) => {
      if (this.#client !== client) return;
      this.#client = undefined;
      clearInterval(this.#pingTimer);
      if (generation !== this.#generation) return;
      if (info.unauthorized) return void this.#expire();
      this.#scheduleRetry(credentials, generation, 'The connection to the server was lost.');
    });
    this.#pingTimer = setInterval(() => client.ping(), KEEPALIVE_INTERVAL_MS);
    this.#update({ state: 'online', ghost: client.ghost, error: null, retryAt: null });
  }

  #scheduleRetry(credentials: SessionCredentials, generation: number, error: string): void {
    const delay = computeReconnectDelay(this.#attempt++);
    this.#update({ state: 'reconnecting', error, retryAt: Date.now() + delay });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => void this.#connect(credentials, generation), delay);
  }

  async #expire(): Promise<void> {
    this.#stop();
    await clearCredentials();
    this.#update({
      state: 'signed-out',
      ghost: null,
      sessionExpiresAt: null,
      error: 'The wallet authorization of this session has ended. Connect the wallet again.',
    });
  }

  #stop(): void {
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    this.#attempt = 0;
    const client = this.#client;
    this.#client = undefined;
    client?.close();
  }

  #update(change: Partial<Status>): void {
    this.#status = { ...this.#status, ...change };
    for (const listener of this.#listeners) listener(this.#status);
  }
}

function isUnauthorized(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'unauthorized';
}
