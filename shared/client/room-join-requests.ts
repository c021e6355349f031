/**
 * The knocks waiting on an approval room (docs/client-rooms.md "Join requests"): one per knocker's
 * key, with the connection that sent it, until a member approves or dismisses it, the knocker
 * leaves, or its key turns up in the group. The room emits the events; this only keeps the list.
 */
import type { KnockRequest } from '../e2e/room-group.ts';
import { ghostNameOf } from './room-roster.ts';

/** Someone who knocked on an approval room, waiting for a member to approve or dismiss it. */
export interface JoinRequest {
  id: string;
  /** The knocker's member id (its connection). */
  member: string;
  fingerprint: string;
  ghostName: string;
}

/** See the module header. */
export class JoinRequests {
  readonly #byId = new Map<string, { request: JoinRequest; knock: KnockRequest }>();

  /** Copies of the waiting requests, in arrival order. */
  list(): JoinRequest[] {
    return [...this.#byId.values()].map((r) => ({ ...r.request }));
  }

  /** The knock behind a request, for the Add commit. */
  knockOf(id: string): KnockRequest | undefined {
    return this.#byId.get(id)?.knock;
  }

  /** Records a knock from connection `from`; the new request, or undefined when it is already there. */
  add(knock: KnockRequest, from: string): JoinRequest | undefined {
    const id = knock.fingerprint.replace(/\s/g, '');
    if (this.#byId.get(id)?.request.member === from) return undefined;
    const request: JoinRequest = {
      id,
      member: from,
      fingerprint: knock.fingerprint,
      ghostName: ghostNameOf(knock.fingerprint),
    };
    this.#byId.set(id, { request, knock });
    return { ...request };
  }

  /** Drops every request `match` picks; true when any was dropped. */
  drop(match: (request: JoinRequest) => boolean): boolean {
    let dropped = false;
    for (const [id, entry] of this.#byId) {
      if (!match(entry.request)) continue;
      this.#byId.delete(id);
      dropped = true;
    }
    return dropped;
  }

  clear(): void {
    this.#byId.clear();
  }
}
