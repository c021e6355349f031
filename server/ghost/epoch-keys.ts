/**
 * Random per-epoch keys (DESIGN.md "Identity"). A key is created when its epoch first needs one,
 * lives only in memory, and is wiped and dropped as soon as its epoch leaves the window: after
 * that nothing the server holds can open a ghostId sealed under it (forward secrecy).
 */
import { generateEpochKey } from '../crypto/ghost-seal.ts';

export interface EpochClockOptions {
  epochSeconds: number;
  epochWindow: number;
  /** Wall clock in Unix ms; injectable for tests. */
  now?: () => number;
}

/** The epoch arithmetic: which epoch it is and when epochs begin and stop being live. */
export class EpochClock {
  readonly epochMs: number;
  readonly window: number;
  readonly now: () => number;

  constructor(options: EpochClockOptions) {
    this.epochMs = options.epochSeconds * 1000;
    this.window = options.epochWindow;
    this.now = options.now ?? Date.now;
  }

  /** The epoch number at `at` (default now). */
  epochAt(at = this.now()): number {
    return Math.floor(at / this.epochMs);
  }

  /** Unix ms at which `epoch` begins. */
  startOf(epoch: number): number {
    return epoch * this.epochMs;
  }

  /** The oldest epoch still live when `current` is the current epoch. */
  oldestLive(current: number): number {
    return current - this.window + 1;
  }

  /** Unix ms until which a ghostId sealed in `epoch` stays decryptable. */
  liveUntil(epoch: number): number {
    return this.startOf(epoch + this.window);
  }
}

/** The in-memory set of epoch keys inside the window. */
export class EpochKeyring {
  readonly #keys = new Map<number, Uint8Array>();

  constructor(readonly clock: EpochClock) {}

  /** The current epoch's key, created at random if this is its first use. */
  currentKey(): { epoch: number; key: Uint8Array } {
    const epoch = this.clock.epochAt();
    this.eraseExpired(epoch);
    let key = this.#keys.get(epoch);
    if (!key) {
      key = generateEpochKey();
      this.#keys.set(epoch, key);
    }
    return { epoch, key };
  }

  /** The key of `epoch` when it is still in the window and exists; never creates one. */
  liveKey(epoch: number): Uint8Array | undefined {
    const current = this.clock.epochAt();
    this.eraseExpired(current);
    if (epoch > current || epoch < this.clock.oldestLive(current)) return undefined;
    return this.#keys.get(epoch);
  }

  /** Wipes and drops every key whose epoch has left the window. */
  eraseExpired(current = this.clock.epochAt()): void {
    const oldest = this.clock.oldestLive(current);
    for (const [epoch, key] of this.#keys) {
      if (epoch < oldest) {
        key.fill(0);
        this.#keys.delete(epoch);
      }
    }
  }

  /** Epochs that currently hold a key (for tests and health). */
  heldEpochs(): number[] {
    return [...this.#keys.keys()].sort((a, b) => a - b);
  }
}
