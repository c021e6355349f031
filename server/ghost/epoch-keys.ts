/**
 * Random per-epoch keys (DESIGN.md "Identity"). A key is created when its epoch first needs one,
 * lives only in memory, and is wiped and dropped as soon as its epoch leaves the window: after
 * that nothing the server holds can open a ghostId sealed under it (forward secrecy).
 *
 * Scaled out, the keys are shared through Redis (`server/store/redis-epoch-keys.ts`): the keyring
 * then never creates a key itself, it only caches what the shared source adopted, and asks the
 * source to load an epoch it lacks.
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

/** The shared source has not delivered the key of the current epoch (Redis unreachable). */
export class EpochKeyUnavailableError extends Error {
  override name = 'EpochKeyUnavailableError';
}

/** Where keys come from when instances share them: loads epochs into the keyring by `adopt`. */
export interface SharedEpochKeys {
  /** Loads (and for the current or next epoch, creates) the keys of `epochs`. */
  load(epochs: number[]): Promise<void>;
}

/** The in-memory set of epoch keys inside the window. */
export class EpochKeyring {
  readonly #keys = new Map<number, Uint8Array>();
  #shared: SharedEpochKeys | undefined;

  constructor(readonly clock: EpochClock) {}

  /** From now on keys come from `shared` only; none is created here. */
  share(shared: SharedEpochKeys): void {
    this.#shared = shared;
  }

  get shared(): SharedEpochKeys | undefined {
    return this.#shared;
  }

  /** The current epoch's key, created at random if this is its first use (shared: loaded). */
  currentKey(): { epoch: number; key: Uint8Array } {
    const epoch = this.clock.epochAt();
    this.eraseExpired(epoch);
    let key = this.#keys.get(epoch);
    if (!key) {
      if (this.#shared) {
        this.#shared.load([epoch]).catch(() => {});
        throw new EpochKeyUnavailableError('the current epoch key is not loaded yet');
      }
      key = generateEpochKey();
      this.#keys.set(epoch, key);
    }
    return { epoch, key };
  }

  /** Takes `key` as the key of `epoch` (shared mode); a different cached key is wiped. */
  adopt(epoch: number, key: Uint8Array): void {
    const current = this.clock.epochAt();
    if (epoch > current + 1 || epoch < this.clock.oldestLive(current)) {
      key.fill(0);
      return;
    }
    const held = this.#keys.get(epoch);
    if (held && held !== key) held.fill(0);
    this.#keys.set(epoch, key);
  }

  /** The held key of `epoch`, if any (shared mode writes it back after a Redis restart). */
  heldKey(epoch: number): Uint8Array | undefined {
    return this.#keys.get(epoch);
  }

  /** Of `epochs`, those inside the window whose key is not held. */
  missing(epochs: number[]): number[] {
    const current = this.clock.epochAt();
    const oldest = this.clock.oldestLive(current);
    return epochs.filter((e) => e <= current && e >= oldest && !this.#keys.has(e));
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
