/**
 * End-to-end encryption for one room membership (DESIGN.md "Rooms and end-to-end encryption"):
 * sender keys distributed pairwise, one signed ciphertext per message. Pure and transport-free:
 * it takes frame fields in and hands frame fields back; the caller does all sending.
 *
 * How the client library drives it (PROTOCOL.md §3):
 * 1. Before `join`: `const { keys, bundle } = createMemberBundle(linkSecret)` (no S for paid rooms);
 *    send `bundle` in the `join` frame.
 * 2. On `joined`: `group = createSenderKeyGroup({ room, memberId: member, keys, linkSecret })`, then
 *    `const { results, signals } = group.addMembers(members)` and send each `signals` entry as
 *    `{"t":"signal","room","to","ct"}`. `results` says which bundles were rejected (and why).
 * 3. On `member` join: `group.addMember(member, bundle)`; on leave: `group.removeMember(member)`.
 *    Both start a new own chain and return the `signals` to send to every current member.
 * 4. On `signal`: `group.handleSignal(from, ct)`.
 * 5. To send: `ct = await group.encrypt(createTextMessage(body, { ttl }))`, then `send`.
 * 6. On `msg`: `await group.decrypt(from, ct)` gives the message or a `DecryptError`.
 *    `unknown_chain` can mean the sender's `signal` has not arrived yet; the caller may retry
 *    after the next `handleSignal` from that member. Several `decrypt` calls may run at once.
 * 7. `group.safetyCode()` for the UI; `group.close()` on leave wipes every key.
 *
 * Security properties: a leaver gets no new chain, so cannot open later messages; a newcomer gets
 * only the chains made after its join, so cannot open earlier ones; a peer's replaced chain opens
 * messages for `graceMs` more (in-flight messages), then is wiped. In a free room only bundles with
 * a valid proof of S are accepted, so the server cannot join unseen.
 */
import { type Ed25519Backend, type Ed25519Signer, selectEd25519Backend } from '../crypto/ed25519-signing.ts';
import { type MemberKeys, wipeMemberKeys } from '../crypto/member-keys.ts';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { deriveRoomId } from '../crypto/room-secret.ts';
import { computeSafetyCode } from '../crypto/safety-code.ts';
import { CHAIN_KEY_LENGTH, SendingChain } from '../crypto/sender-chain.ts';
import { wipe } from '../crypto/wipe.ts';
import { concatBytes, encodeB64u } from '../encoding.ts';
import { MAX_CT_CHARS } from '../protocol/limits.ts';
import { type AddMemberResult, admitMembers, type MemberRecord, sealChainFor } from './group-members.ts';
import { type DecryptResult, decryptFromMember, installSignal, type SignalResult } from './group-receive.ts';
import { encodeMessagePlaintext, type MessagePlaintext } from './message-plaintext.ts';
import { DEFAULT_GRACE_MS } from './peer-chains.ts';
import { encodeSignedBytes, encryptSenderMessage } from './sender-message.ts';

export type { AddMemberResult, MemberRejection } from './group-members.ts';
export type { DecryptError, DecryptResult, SignalError, SignalResult } from './group-receive.ts';

/** Options for `createSenderKeyGroup`. */
export interface SenderKeyGroupOptions {
  /** The room handle from `joined` (the roomId in a free room). */
  room: string;
  /** Our own member id from `joined`. */
  memberId: string;
  /** Our keys from `createMemberBundle`; the group owns them from now on and wipes them on close. */
  keys: MemberKeys;
  /** Free rooms: the link secret S (bundles then need a valid proof). Omit for paid rooms. */
  linkSecret?: Uint8Array;
  /** Clock in Unix ms (tests). Default `Date.now`. */
  now?: () => number;
  /** How long a peer's replaced chain still opens messages, ms. Default 30 s. */
  graceMs?: number;
  /** Force an Ed25519 backend (tests, bench). Default: WebCrypto when it works, else noble. */
  ed25519?: Ed25519Backend;
}

/** A `signal` frame to send: `{"t":"signal","room",to,ct}`. */
export interface SignalOut {
  to: string;
  ct: string;
}

/** Thrown for misuse (bad options, use after close); never for bad network input. */
export class SenderKeyGroupError extends Error {
  override name = 'SenderKeyGroupError';
}

/** Creates the E2E state for one room membership. Throws `SenderKeyGroupError` on bad options. */
export function createSenderKeyGroup(options: SenderKeyGroupOptions): SenderKeyGroup {
  return new SenderKeyGroup(options);
}

/** See the module header for how to use it. */
export class SenderKeyGroup {
  readonly room: string;
  readonly memberId: string;
  readonly #keys: MemberKeys;
  readonly #linkSecret: Uint8Array | undefined;
  readonly #now: () => number;
  readonly #graceMs: number;
  readonly #backend: Promise<Ed25519Backend>;
  readonly #signer: Promise<Ed25519Signer>;
  readonly #members = new Map<string, MemberRecord>();
  readonly #usedChainIds = new Set<number>();
  #chain: SendingChain;
  #closed = false;

  constructor(options: SenderKeyGroupOptions) {
    if (options.linkSecret && deriveRoomId(options.linkSecret) !== options.room) {
      throw new SenderKeyGroupError('room handle does not match the link secret');
    }
    this.room = options.room;
    this.memberId = options.memberId;
    this.#keys = options.keys;
    this.#linkSecret = options.linkSecret?.slice();
    this.#now = options.now ?? Date.now;
    this.#graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.#backend = options.ed25519 ? Promise.resolve(options.ed25519) : selectEd25519Backend();
    const seed = options.keys.signingSeed.slice();
    this.#signer = this.#backend.then((b) => b.createSigner(seed)).finally(() => wipe(seed));
    this.#chain = this.#startChain();
  }

  /** Ids of the other members whose bundles were accepted. */
  memberIds(): string[] {
    return [...this.#members.keys()];
  }

  /**
   * Adds members (e.g. `joined.members`), checking each bundle. If any was accepted, starts a new
   * own chain and returns the signals for every current member.
   */
  addMembers(members: readonly { member: string; bundle: string }[]): {
    results: AddMemberResult[];
    signals: SignalOut[];
  } {
    this.#assertOpen();
    const results = admitMembers(members, {
      room: this.room,
      self: { memberId: this.memberId, keys: this.#keys },
      members: this.#members,
      linkSecret: this.#linkSecret,
      backend: this.#backend,
      graceMs: this.#graceMs,
    });
    const signals = results.some((r) => r.accepted) ? this.#rekey() : [];
    return { results, signals };
  }

  /** Adds one member (a `member` join event); see `addMembers`. */
  addMember(member: string, bundle: string): { result: AddMemberResult; signals: SignalOut[] } {
    const { results, signals } = this.addMembers([{ member, bundle }]);
    return { result: results[0]!, signals };
  }

  /** Forgets a member (a `member` leave event) and rekeys; unknown ids change nothing. */
  removeMember(member: string): { signals: SignalOut[] } {
    this.#assertOpen();
    const record = this.#members.get(member);
    if (!record) return { signals: [] };
    this.#members.delete(member);
    record.wipe();
    return { signals: this.#rekey() };
  }

  /** Installs the sender chain in a `signal` frame from `from`. Never throws for bad input. */
  handleSignal(from: string, ct: string): SignalResult {
    this.#assertOpen();
    return installSignal(this.#members.get(from), ct, this.#now());
  }

  /** Encrypts and signs one message; returns the `ct` for a `send` frame. */
  async encrypt(message: MessagePlaintext): Promise<string> {
    this.#assertOpen();
    const plaintext = encodeMessagePlaintext(message);
    const chain = this.#chain;
    const { index, messageKey } = chain.takeNextMessageKey();
    const ctx = { room: this.room, senderId: this.memberId };
    const signedPart = encryptSenderMessage(ctx, chain.chainId, index, messageKey, plaintext);
    wipe(messageKey, plaintext);
    const signature = await (await this.#signer).sign(encodeSignedBytes(ctx, signedPart));
    const ct = encodeB64u(concatBytes(signedPart, signature));
    if (ct.length > MAX_CT_CHARS) throw new SenderKeyGroupError('ciphertext exceeds MAX_CT_CHARS');
    return ct;
  }

  /** Verifies, then decrypts a `msg` from `from`. Never throws for bad input. */
  async decrypt(from: string, ct: string): Promise<DecryptResult> {
    this.#assertOpen();
    return decryptFromMember(this.room, from, ct, () => this.#members.get(from), this.#now);
  }

  /** The 30-digit code over every member's keys, ours included; equal on every member's screen. */
  safetyCode(): string {
    return computeSafetyCode([this.#keys, ...[...this.#members.values()].map((m) => m.keys)]);
  }

  /** Wipes every key this group holds. Later calls throw. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#chain.wipe();
    for (const record of this.#members.values()) record.wipe();
    this.#members.clear();
    wipe(this.#linkSecret);
    wipeMemberKeys(this.#keys);
    this.#signer.then((s) => s.wipe()).catch(() => {});
  }

  /** Starts a new own chain and seals it to every current member. */
  #rekey(): SignalOut[] {
    this.#chain.wipe();
    this.#chain = this.#startChain();
    const signals: SignalOut[] = [];
    for (const [to, record] of this.#members) signals.push({ to, ct: sealChainFor(record, this.#chain) });
    return signals;
  }

  /** A fresh random chain; ids never repeat within a group, as peers refuse a seen id. */
  #startChain(): SendingChain {
    let chainId: number;
    do {
      chainId = new DataView(generateRandomBytes(4).buffer).getUint32(0);
    } while (this.#usedChainIds.has(chainId));
    this.#usedChainIds.add(chainId);
    return new SendingChain(chainId, generateRandomBytes(CHAIN_KEY_LENGTH));
  }

  #assertOpen(): void {
    if (this.#closed) throw new SenderKeyGroupError('the group is closed');
  }
}
