/**
 * Caps on WebSocket connections (DESIGN.md "Reliability and abuse"): per client address (IPv6 per
 * /64, `X-Forwarded-For` only from trusted proxies: http/client-address.ts) on open connections,
 * on connections not signed in yet, and on sign-ins per second; and one cap for the whole server,
 * drawn from the descriptor limit (config/descriptor-limit.ts). The counts live in this instance's
 * memory only, also with Redis: each instance guards its own sockets. Addresses are map keys here
 * and nothing else: never logged, forgotten when their last connection closes.
 */
import { IpRateLimit } from '../http/ip-rate-limit.ts';
import type { CapKind, CapWarnings } from '../log/cap-warnings.ts';
import type { SignInGate } from '../session/session.ts';

export interface ConnectionCapLimits {
  /** Open WebSockets of the whole server. */
  webSockets: number;
  /** Open WebSockets of one address, signed in or not. */
  perAddress: number;
  /** WebSockets of one address that have not signed in yet. */
  pendingPerAddress: number;
  /** Sign-ins verified per second per address, sustained; burst twice that. */
  signInRate: number;
  /** `Retry-After` of the pending and global refusals: the sign-in deadline, when pending ones end (s). */
  retryAfterSeconds: number;
}

/** What admitted connections share: one per `ConnectionCaps`, so a connection is a small object. */
interface Ledger {
  takeSignIn(address: string): boolean;
  release(address: string, counts: AddressCounts): void;
}

/**
 * An admitted connection's share of the caps: it is the session's `SignInGate`, and `closed` gives
 * the share back (idempotent). A class, not closures: one of these lives as long as each session.
 */
export class CappedConnection implements SignInGate {
  #pending = true;
  #open = true;

  constructor(
    private readonly ledger: Ledger,
    private readonly address: string,
    private readonly counts: AddressCounts,
  ) {}

  takeSignIn(): boolean {
    return this.ledger.takeSignIn(this.address);
  }

  signedIn(): void {
    if (!this.#pending) return;
    this.#pending = false;
    this.counts.pending -= 1;
  }

  closed(): void {
    if (!this.#open) return;
    this.signedIn();
    this.#open = false;
    this.ledger.release(this.address, this.counts);
  }
}

export interface CapRefusal {
  kind: CapKind;
  /** 429 for a per-address cap, 503 for the whole server's. */
  status: 429 | 503;
  message: string;
  retryAfterSeconds?: number;
}

export type Admission = { ok: true; connection: CappedConnection } | ({ ok: false } & CapRefusal);

interface AddressCounts {
  open: number;
  pending: number;
}

/** Refusals are reported to `warnings` (log/cap-warnings.ts); addresses never leave this class. */
export class ConnectionCaps {
  readonly #byAddress = new Map<string, AddressCounts>();
  readonly #signIns: IpRateLimit;
  readonly #ledger: Ledger;
  #open = 0;

  constructor(
    private readonly limits: ConnectionCapLimits,
    private readonly warnings: Pick<CapWarnings, 'hit'>,
    now: () => number = Date.now,
  ) {
    this.#signIns = new IpRateLimit(limits.signInRate, limits.signInRate * 2, now);
    this.#ledger = {
      takeSignIn: (address) => {
        const ok = this.#signIns.take(address);
        if (!ok) this.warnings.hit('sign-in rate per address');
        return ok;
      },
      release: (address, counts) => {
        counts.open -= 1;
        this.#open -= 1;
        if (counts.open === 0) this.#byAddress.delete(address);
      },
    };
  }

  /** Open WebSockets now. */
  get open(): number {
    return this.#open;
  }

  /** Admits an upgrade from `address` (http/client-address.ts), or says which cap refuses. */
  admit(address: string): Admission {
    const admission = this.#admit(address);
    if (!admission.ok) this.warnings.hit(admission.kind);
    return admission;
  }

  stop(): void {
    this.#signIns.stop();
  }

  #admit(address: string): Admission {
    const counts = this.#byAddress.get(address) ?? { open: 0, pending: 0 };
    const { perAddress, pendingPerAddress, webSockets, retryAfterSeconds } = this.limits;
    if (counts.open >= perAddress) {
      return {
        ok: false,
        kind: 'connections per address',
        status: 429,
        message: `at most ${perAddress} connections per address`,
      };
    }
    if (counts.pending >= pendingPerAddress) {
      return {
        ok: false,
        kind: 'pending sign-ins per address',
        status: 429,
        message: `at most ${pendingPerAddress} connections per address may be signing in`,
        retryAfterSeconds,
      };
    }
    if (this.#open >= webSockets) {
      return {
        ok: false,
        kind: 'connections',
        status: 503,
        message: 'the server is at its connection limit; try again later',
        retryAfterSeconds,
      };
    }
    counts.open += 1;
    counts.pending += 1;
    this.#byAddress.set(address, counts);
    this.#open += 1;
    return { ok: true, connection: new CappedConnection(this.#ledger, address, counts) };
  }
}
