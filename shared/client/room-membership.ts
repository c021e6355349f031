/**
 * Drives one `SenderKeyGroup` for one room membership exactly as its header says: signals on
 * joined/join/leave, `handleSignal`, decrypt. Frames of a room are handled one at a time in wire
 * order (decrypt is async), so a `signal` is always installed before a later `msg` is opened. A
 * `msg` that fails with `unknown_chain` waits (bounded) for the sender's next signal, then retries.
 */

import type { MessagePlaintext, TextMessage, UnsendMessage } from '../e2e/message-plaintext.ts';
import type { DecryptError, MemberRejection, SenderKeyGroup } from '../e2e/sender-key-group.ts';

export const MAX_WAITING_MESSAGES = 64; // per room, waiting for their sender's signal

/** A member as this client sees it: accepted when its bundle checked out. */
export interface MemberInfo {
  member: string;
  accepted: boolean;
  /** Why the bundle was rejected (free rooms: no valid proof of the link secret, …). */
  reason?: MemberRejection;
}

/** What a membership reports to its room. */
export interface MembershipHost {
  sendSignal(to: string, ct: string): void;
  onText(from: string, message: TextMessage): void;
  onUnsend(from: string, message: UnsendMessage): void;
  onMemberJoined(info: MemberInfo): void;
  onMemberLeft(member: string): void;
  onDecryptError(from: string, error: DecryptError): void;
}

/** See the module header. */
export class RoomMembership {
  readonly #group: SenderKeyGroup;
  readonly #host: MembershipHost;
  readonly #members = new Map<string, MemberInfo>();
  readonly #waiting: { from: string; ct: string }[] = [];
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(group: SenderKeyGroup, host: MembershipHost) {
    this.#group = group;
    this.#host = host;
  }

  get memberId(): string {
    return this.#group.memberId;
  }

  /** The members already there at join (`joined.members`). */
  start(members: readonly { member: string; bundle: string }[]): MemberInfo[] {
    const { results, signals } = this.#group.addMembers(members);
    this.#sendSignals(signals);
    return results.map((r) => this.#record(r.member, r.accepted ? undefined : r.reason));
  }

  members(): MemberInfo[] {
    return [...this.#members.values()];
  }

  safetyCode(): string {
    return this.#group.safetyCode();
  }

  encrypt(message: MessagePlaintext): Promise<string> {
    return this.#group.encrypt(message);
  }

  handleMemberJoin(member: string, bundle: string): void {
    this.#enqueue(async () => {
      const { result, signals } = this.#group.addMember(member, bundle);
      this.#sendSignals(signals);
      this.#host.onMemberJoined(this.#record(member, result.accepted ? undefined : result.reason));
    });
  }

  handleMemberLeave(member: string): void {
    this.#enqueue(async () => {
      const known = this.#members.delete(member);
      this.#sendSignals(this.#group.removeMember(member).signals);
      this.#dropWaiting((w) => w.from === member);
      if (known) this.#host.onMemberLeft(member);
    });
  }

  handleSignal(from: string, ct: string): void {
    this.#enqueue(async () => {
      if (!this.#group.handleSignal(from, ct).ok) return;
      const retry = this.#dropWaiting((w) => w.from === from);
      for (const waiting of retry) await this.#open(waiting.from, waiting.ct, false);
    });
  }

  handleMsg(from: string, ct: string): void {
    this.#enqueue(() => this.#open(from, ct, true));
  }

  /** Wipes the group's keys; queued frames are dropped. */
  close(): void {
    this.#closed = true;
    this.#waiting.length = 0;
    this.#members.clear();
    this.#group.close();
  }

  async #open(from: string, ct: string, mayWait: boolean): Promise<void> {
    const result = await this.#group.decrypt(from, ct);
    if (this.#closed) return;
    if (result.ok) {
      if (result.message.kind === 'text') this.#host.onText(from, result.message);
      else this.#host.onUnsend(from, result.message);
      return;
    }
    if (result.error === 'unknown_chain' && mayWait) {
      this.#waiting.push({ from, ct });
      if (this.#waiting.length > MAX_WAITING_MESSAGES) {
        const dropped = this.#waiting.shift()!;
        this.#host.onDecryptError(dropped.from, 'unknown_chain');
      }
      return;
    }
    this.#host.onDecryptError(from, result.error);
  }

  #record(member: string, reason: MemberRejection | undefined): MemberInfo {
    const info: MemberInfo = reason ? { member, accepted: false, reason } : { member, accepted: true };
    this.#members.set(member, info);
    return info;
  }

  #sendSignals(signals: readonly { to: string; ct: string }[]): void {
    for (const { to, ct } of signals) this.#host.sendSignal(to, ct);
  }

  #dropWaiting(match: (w: { from: string; ct: string }) => boolean): { from: string; ct: string }[] {
    const taken = this.#waiting.filter(match);
    const kept = this.#waiting.filter((w) => !match(w));
    this.#waiting.splice(0, this.#waiting.length, ...kept);
    return taken;
  }

  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue
      .then(() => (this.#closed ? undefined : task()))
      .catch(() => {
        // A failing frame must not stop the room; SenderKeyGroup throws only after close.
      });
  }
}
