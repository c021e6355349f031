/**
 * Two ordinary signed-in sessions in a room of their own, exchanging messages for the whole fuzz
 * run (PROTOCOL.md §5: nothing a client sends can affect another session). A sends a numbered
 * `send` every interval; B echoes each one back; A times the round trip. Every frame either
 * receives is checked like the fuzzer's replies; any error, close or lost message is a violation.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { ServerFrame } from '../../shared/protocol/server-frames.ts';
import { authFrame, createTestKey, signInMessage, type TestKey } from '../support/test-wallet.ts';
import { FuzzConnection, isClose } from './fuzz-connection.ts';
import type { FuzzTarget } from './fuzz-worker.ts';

const SETUP_TIMEOUT_MS = 15_000;
const DRAIN_TIMEOUT_MS = 10_000;

export interface HealthyReport {
  messages: number;
  echoed: number;
  /** Sent but never echoed back, or echoed out of order. */
  missing: number;
  worstMs: number;
  p99Ms: number;
  medianMs: number;
}

export class HealthyPair {
  readonly #walletKeys = [createTestKey(), createTestKey()];
  /** The two wallet addresses: no frame to anyone may name them. */
  readonly wallets = this.#walletKeys.map((k) => k.address);
  #a!: FuzzConnection;
  #b!: FuzzConnection;
  #room = randomBytes(32).toString('base64url');
  #sentAt = new Map<number, number>();
  #latencies: number[] = [];
  #next = 0;
  #expectedEcho = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopping = false;

  private constructor(
    private readonly target: FuzzTarget,
    private readonly violation: (what: string) => void,
  ) {}

  /** Signs both in, joins them to a fresh room, and starts the exchange every `intervalMs`. */
  static async start(
    target: FuzzTarget,
    intervalMs: number,
    violation: (what: string) => void,
  ): Promise<HealthyPair> {
    const pair = new HealthyPair(target, violation);
    await pair.#connect();
    pair.#timer = setInterval(() => pair.#sendNext(), intervalMs);
    return pair;
  }

  async #connect(): Promise<void> {
    const wallets = new Set(this.wallets);
    const [walletA, walletB] = this.#walletKeys as [TestKey, TestKey];
    this.#a = await this.#signIn(walletA, wallets, (f) => this.#heardA(f));
    this.#b = await this.#signIn(walletB, wallets, (f) => this.#heardB(f));
    for (const [connection, name] of [
      [this.#a, 'A'],
      [this.#b, 'B'],
    ] as const) {
      connection.send({
        kind: 'text',
        bytes: Buffer.from(JSON.stringify({ t: 'join', id: 'hj', room: this.#room })),
      });
      const joined = await connection.next((f) => 'id' in f && f.id === 'hj', SETUP_TIMEOUT_MS);
      if (!joined || isClose(joined) || joined.t !== 'joined')
        throw new Error(`healthy ${name} could not join`);
    }
  }

  async #signIn(
    wallet: TestKey,
    wallets: ReadonlySet<string>,
    onFrame: (frame: ServerFrame) => void,
  ): Promise<FuzzConnection> {
    const session = createTestKey();
    const opened = await FuzzConnection.open(this.target.wsUrl, {
      wallets,
      onFrame,
      onProblem: (problem) => this.violation(`healthy pair: ${problem}`),
    });
    if (!(opened instanceof FuzzConnection)) throw new Error(`healthy pair refused: HTTP ${opened.refused}`);
    const challenge = await opened.next((f) => f.t === 'challenge', SETUP_TIMEOUT_MS);
    if (!challenge || isClose(challenge) || challenge.t !== 'challenge')
      throw new Error('healthy pair: no challenge');
    const signed = signInMessage(wallet, session, { domain: this.target.domain });
    opened.send({
      kind: 'text',
      bytes: Buffer.from(JSON.stringify(authFrame(signed, session, challenge.nonce))),
    });
    const ghost = await opened.next((f) => f.t === 'ghost' || f.t === 'error', SETUP_TIMEOUT_MS);
    if (!ghost || isClose(ghost) || ghost.t !== 'ghost') throw new Error('healthy pair: sign-in failed');
    opened.ws.on('close', (code) => {
      if (!this.#stopping) this.violation(`healthy pair: a session closed (${code})`);
    });
    return opened;
  }

  #sendNext(): void {
    const seq = this.#next++;
    this.#sentAt.set(seq, performance.now());
    const ct = Buffer.from(String(seq)).toString('base64url');
    this.#a.send({
      kind: 'text',
      bytes: Buffer.from(JSON.stringify({ t: 'send', room: this.#room, ct, id: `h${seq}` })),
    });
  }

  #heardA(frame: ServerFrame): void {
    if (frame.t === 'error') this.violation(`healthy pair: A got error ${frame.code}: ${frame.message}`);
    if (frame.t !== 'msg' || frame.room !== this.#room) return;
    const seq = Number(Buffer.from(frame.ct, 'base64url').toString());
    const sentAt = this.#sentAt.get(seq);
    if (sentAt === undefined || seq !== this.#expectedEcho) {
      this.violation(`healthy pair: echo ${seq} arrived, expected ${this.#expectedEcho}`);
    }
    this.#expectedEcho = seq + 1;
    this.#sentAt.delete(seq);
    if (sentAt !== undefined) this.#latencies.push(performance.now() - sentAt);
  }

  #heardB(frame: ServerFrame): void {
    if (frame.t === 'error') this.violation(`healthy pair: B got error ${frame.code}: ${frame.message}`);
    if (frame.t !== 'msg' || frame.room !== this.#room) return;
    this.#b.send({
      kind: 'text',
      bytes: Buffer.from(JSON.stringify({ t: 'send', room: this.#room, ct: frame.ct })),
    });
  }

  /**
   * Stops sending once at least `minMessages` were sent (a loaded machine may have fired the timer
   * only a few times during a short run; the pair must have been exercised, not just started),
   * waits for the echoes still on their way, and reports.
   */
  async stop(minMessages = 0): Promise<HealthyReport> {
    const enough = Date.now() + DRAIN_TIMEOUT_MS;
    while (this.#next < minMessages && Date.now() < enough) await new Promise((r) => setTimeout(r, 20));
    clearInterval(this.#timer);
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (this.#sentAt.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.#stopping = true;
    this.#a.close();
    this.#b.close();
    const sorted = [...this.#latencies].sort((x, y) => x - y);
    const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0);
    if (this.#sentAt.size > 0) this.violation(`healthy pair: ${this.#sentAt.size} messages never came back`);
    return {
      messages: this.#next,
      echoed: this.#latencies.length,
      missing: this.#next - this.#latencies.length,
      worstMs: round(sorted.at(-1) ?? 0),
      p99Ms: at(0.99),
      medianMs: at(0.5),
    };
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** A healthy pair in a process of its own, so the fuzzer's own work does not delay it. */
export interface HealthyPairProcess {
  wallets: string[];
  /** Stops after at least `minMessages` messages (default 0) and reports. */
  stop(minMessages?: number): Promise<{ report: HealthyReport; violations: string[] }>;
}

const PAIR_PROCESS = new URL('./healthy-pair-process.ts', import.meta.url).pathname;

export async function startHealthyPairProcess(
  target: FuzzTarget,
  intervalMs: number,
): Promise<HealthyPairProcess> {
  const child = fork(PAIR_PROCESS, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = <T>(t: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: { t: string; error?: string }) => {
        if (m.t !== t && m.t !== 'failed') return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (m.t === 'failed') reject(new Error(m.error));
        else resolve(m as T);
      };
      const onExit = (code: number | null) => reject(new Error(`the healthy pair exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const started = reply<{ wallets: string[] }>('started');
  child.send({ t: 'start', target, intervalMs });
  const { wallets } = await started;
  return {
    wallets,
    async stop(minMessages = 0) {
      const stopped = reply<{ report: HealthyReport; violations: string[] }>('stopped');
      child.send({ t: 'stop', minMessages });
      const { report, violations } = await stopped;
      return { report, violations };
    },
  };
}
