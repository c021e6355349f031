/**
 * The background's one connection to the server (DESIGN.md "Extension"), through the client
 * library: it signs in with the stored session key, pings every 20 s and reconnects with backoff
 * and jitter by itself; this class adds the extension's part: asking the wallet (through the
 * bridge) only when there are no usable credentials, keeping them in `storage.session`, and
 * publishing a `Status`. The current ghostId lives only in memory.
 *
 * Before the wallet is asked, the server's challenge must name the server's own host and a known
 * cluster (PROTOCOL.md §2), and that cluster must be the one the person confirmed for this server
 * at the first sign-in (storage/server-pins.ts): the wallet is only ever asked for that chain.
 */
import {
  type AnoGhostClient,
  ChallengeRefusedError,
  type ConnectionEvents,
} from '../../../shared/client/index.ts';
import {
  type ChainName,
  findChallengeProblem,
  isChainName,
} from '../../../shared/sign-in/sign-in-challenge.ts';
import { parseSignInMessage } from '../../../shared/sign-in/sign-in-message.ts';
import type { CreateAnoGhostClient } from '../../messaging/anoghost-client-factory.ts';
import type { GhostInfo, Status } from '../../messaging/runtime-messages.ts';
import type { ProbeServer } from '../../messaging/server-probe.ts';
import { loadServerPins, pinServer } from '../../storage/server-pins.ts';
import { clearCredentials, loadCredentials, saveCredentials } from '../../storage/stored-credentials.ts';
import { describeError } from '../../ui/error-messages.ts';
import { type SignInWithWallet, walletChainOf } from './session-sign-in.ts';
import { WalletBridgeError } from './wallet-bridge.ts';

const PROBE_TIMEOUT_MS = 15_000;

/** The server names another chain than the one the person confirmed for it. */
export class ChainChangedError extends Error {
  override name = 'ChainChangedError';
}

export interface ConnectionDeps {
  createClient: CreateAnoGhostClient;
  probe: ProbeServer;
  signInWithWallet: SignInWithWallet;
  loadServer(): Promise<string>;
  /** Called with the server in use at start and after every change. */
  onServer(origin: string): Promise<void>;
  /** The ghost card of a new ghost (invite-keys.ts); none: no card in the status. */
  cardFor?(ghost: GhostInfo): string;
  /** Called with each new client, to listen to its events (invitations). */
  onClient?(client: AnoGhostClient): void;
  /** Called on sign-out and server change: forget what belonged to the session. */
  onSignOut?(): void;
}

export class ConnectionManager {
  readonly #deps: ConnectionDeps;
  readonly #listeners = new Set<(status: Status) => void>();
  #status: Status = {
    state: 'starting',
    server: '',
    ghost: null,
    card: null,
    invitations: [],
    error: null,
    retryAt: null,
    sessionExpiresAt: null,
    chain: null,
  };
  #client: AnoGhostClient | undefined;
  #starting: Promise<void> | undefined;
  #generation = 0; // bumps on sign-out / server change so stale work stops

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

  /** Connects with stored credentials if any; else waits for `connectWallet`. Single-flight. */
  start(): Promise<void> {
    this.#starting ??= this.#startOnce().finally(() => {
      this.#starting = undefined;
    });
    return this.#starting;
  }

  /** Makes sure a connection is up or on its way (alarms and pages call this). */
  ensureConnected(): void {
    if (this.#status.state === 'signed-out' || this.#status.state === 'starting') void this.start();
  }

  /** Has the wallet authorize a new session key through the /connect page, then connects. */
  async connectWallet(): Promise<void> {
    const generation = ++this.#generation;
    this.#stop();
    this.#update({ state: 'awaiting-wallet', error: null, ghost: null });
    try {
      const server = await this.#deps.loadServer();
      const info = await this.#deps.probe(server, PROBE_TIMEOUT_MS);
      const chain = await confirmedChain(server, info);
      const credentials = await this.#deps.signInWithWallet(server, { ...info, cluster: chain });
      if (generation !== this.#generation) return;
      await pinServer(server, { chain });
      await saveCredentials(server, credentials);
      this.#update({ chain });
      this.#open(server, credentials, generation);
    } catch (error) {
      // A sign-in the person cancelled is no error: the popup just offers "Connect wallet" again.
      const cancelled = error instanceof WalletBridgeError && error.reason === 'cancelled';
      if (generation === this.#generation)
        this.#update({ state: 'signed-out', error: cancelled ? null : describeError(error) });
    }
  }

  async signOut(): Promise<void> {
    this.#generation++;
    this.#stop();
    this.#deps.onSignOut?.();
    await clearCredentials();
    this.#update({ state: 'signed-out', ghost: null, error: null, sessionExpiresAt: null, retryAt: null });
  }

  /** The options page changed the server: drop the connection and the old server's credentials. */
  async serverChanged(): Promise<void> {
    await this.signOut();
    this.#update({ chain: null });
    await this.start();
  }

  /** The signed-in client, or an error a person can read. */
  requireClient(): AnoGhostClient {
    const client = this.#client;
    if (client?.state !== 'ready') throw new Error('Not connected to the AnoGhost server yet.');
    return client;
  }

  /** The pending paid-chat invitations changed (invitation-inbox.ts). */
  setInvitations(invitations: Status['invitations']): void {
    this.#update({ invitations });
  }

  async rotate(): Promise<GhostInfo> {
    const ghost = await this.requireClient().rotate();
    this.#update({ ghost });
    return ghost;
  }

  /**
   * The wallet chain the person confirmed for this server, e.g. `solana:localnet`. Pins forgotten
   * in the options since the sign-in are confirmed again from the session's own sign-in message,
   * whose Chain ID the wallet signed.
   */
  async walletChain(): Promise<string> {
    const server = this.#status.server;
    const { chain } = await loadServerPins(server);
    if (chain !== undefined) return walletChainOf(chain);
    const credentials = await loadCredentials(server);
    const signed = credentials && parseSignInMessage(credentials.message);
    if (!signed?.ok || !isChainName(signed.value.chainId))
      throw new Error('Connect your wallet to this server first.');
    await pinServer(server, { chain: signed.value.chainId });
    this.#update({ chain: signed.value.chainId });
    return walletChainOf(signed.value.chainId);
  }

  async #startOnce(): Promise<void> {
    const generation = this.#generation;
    const server = await this.#deps.loadServer();
    await this.#deps.onServer(server).catch(() => {});
    const [credentials, pins] = await Promise.all([loadCredentials(server), loadServerPins(server)]);
    if (generation !== this.#generation || this.#client) return;
    this.#update({ server, chain: pins.chain ?? null });
    if (credentials) this.#open(server, credentials, generation);
    else this.#update({ state: 'signed-out', sessionExpiresAt: null });
  }

  #open(server: string, credentials: Parameters<CreateAnoGhostClient>[0]['credentials'], generation: number) {
    const client = this.#deps.createClient({ serverUrl: server, credentials });
    this.#client = client;
    this.#deps.onClient?.(client);
    this.#update({ server, state: 'connecting', sessionExpiresAt: credentials.expiresAt, error: null });
    client.on('state', (event) => this.#client === client && this.#onState(event));
    client.on('ghost', (ghost) => this.#client === client && this.#update({ ghost }));
    client.on('unauthorized', () => {
      if (this.#client !== client) return;
      void this.#expire();
    });
    client.connect().catch(() => {
      // Failures arrive as `state`/`unauthorized` events; the library keeps retrying otherwise.
    });
    if (generation !== this.#generation) this.#stop();
  }

  #onState({ state, delayMs }: ConnectionEvents['state']): void {
    if (state === 'ready') this.#update({ state: 'online', error: null, retryAt: null });
    else if (state === 'reconnecting')
      this.#update({
        state: 'reconnecting',
        ghost: null,
        retryAt: Date.now() + (delayMs ?? 0),
        error: 'The connection to the server was lost.',
      });
    else if (state === 'connecting' || state === 'signing-in') {
      if (this.#status.state !== 'reconnecting') this.#update({ state: 'connecting' });
    }
  }

  async #expire(): Promise<void> {
    this.#stop();
    await clearCredentials();
    this.#update({
      state: 'signed-out',
      ghost: null,
      sessionExpiresAt: null,
      retryAt: null,
      error: 'The wallet authorization of this session has ended or was refused. Connect the wallet again.',
    });
  }

  #stop(): void {
    const client = this.#client;
    this.#client = undefined;
    client?.close();
  }

  #update(change: Partial<Status>): void {
    // The card follows the ghost: a new ghostId gets its own invite key, no ghost no card.
    if (change.ghost !== undefined)
      change.card = change.ghost ? (this.#deps.cardFor?.(change.ghost) ?? null) : null;
    this.#status = { ...this.#status, ...change };
    for (const listener of this.#listeners) listener(this.#status);
  }
}

/**
 * The chain to sign in on: the challenge must name the server's own host and a known cluster, and
 * that cluster must be the one pinned for the server (none yet: this first sign-in pins it).
 */
async function confirmedChain(server: string, info: { domain: string; cluster: string }): Promise<ChainName> {
  const problem = findChallengeProblem(info, server);
  if (problem) throw new ChallengeRefusedError(problem);
  const cluster = info.cluster as ChainName;
  const { chain } = await loadServerPins(server);
  if (chain !== undefined && chain !== cluster) {
    throw new ChainChangedError(
      `This server now says it runs on Solana ${cluster}, but you confirmed ${chain} for it. AnoGhost will not sign in; your wallet was not asked. If the server's operator announced this change, forget what you confirmed for ${server} in AnoGhost's options, then connect again.`,
    );
  }
  return cluster;
}
