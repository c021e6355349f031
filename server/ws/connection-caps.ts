/**
 * Caps on WebSocket connections (DESIGN.md "Reliability and abuse"): per client address (IPv6 per
 * /64, `X-Forwarded-For` only from trusted proxies: http/client-address.ts) on open connections,
 * on connections not signed in yet, and on sign-ins per second; and one cap for the whole server,
 * drawn from the descriptor limit (config/descriptor-limit.ts). The counts live in this instance's
 * memory only, also with Redis: each instance guards its own sockets. Addresses are map keys here
 * and nothing else: never logged, forgotten when their last connection closes.
 */
import { IpRateLimit } from '../http/ip-rate-limit.ts';
import type { CapKind } from '../log/cap-warnings.ts';
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

/** An admitted connection's share of the caps; `closed` gives it back (idempotent). */
export interface CappedConnection extends SignInGate {
  closed(): void;
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

export class ConnectionCaps {
  readonly #byAddress = new Map<string, AddressCounts>();
  readonly #signIns: IpRateLimit;
  #open = 0;

  constructor(
    private readonly limits: ConnectionCapLimits,
    now: () => number = Date.now,
  ) {
    this.#signIns = new IpRateLimit(limits.signInRate, limits.signInRate * 2, now);
  }

  /** Open WebSockets now. */
  get open(): number {
    return this.#open;
  }

  /** Admits an upgrade from `address` (http/client-address.ts), or says which cap refuses. */
  admit(address: string): Admission {
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
        retryAfterSeconds: retryAfterSeconds,
      };
    }
    if (this.#open >= webSockets) {
      return {
        ok: false,
        kind: 'connections',
        status: 503,
        message: 'the server is at its connection limit; try again later',
        retryAfterSeconds: retryAfterSeconds,
      };
    }
    counts.open += 1;
    counts.pending += 1;
    this.#byAddress.set(address, counts);
    this.#open += 1;
    return { ok: true, connection: this.#connection(address, counts) };
  }

  stop(): void {
    this.#signIns.stop();
  }

  #connection(address: string, counts: AddressCounts): CappedConnection {
    let pending = true;
    let open = true;
    const signedIn = () => {
      if (!pending) return;
      pending = false;
      counts.pending -= 1;
    };
    return {
      takeSignIn: () => this.#signIns.take(address),
      signedIn,
      closed: () => {
        if (!open) return;
        signedIn();
        open = false;
        counts.open -= 1;
        this.#open -= 1;
        if (counts.open === 0) this.#byAddress.delete(address);
      },
    };
  }
}
