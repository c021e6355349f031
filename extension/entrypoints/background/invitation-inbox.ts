/**
 * The paid-chat invitations of this wallet (docs/extension.md "Paid chats (version 2)"): each pushed
 * `invite` frame, and each listed by `invitations()` after a sign-in, is opened with the invite
 * secrets still held (invite-keys.ts); one no secret opens, or whose payload is not a version-2
 * envelope for a chat that lives, is dropped quietly, as is one this install declined. The rest
 * wait (in memory and `storage.session`) for Accept, which derives the one-time holder from the
 * install secret and the invitation id, has the key minted to it and keeps the key with its room
 * secret and name (storage/paid-keys.ts), or Decline, which is remembered until the invitation
 * would end.
 */
import type { AnoGhostClient, Invitation } from '../../../shared/client/index.ts';
import { ProtocolError } from '../../../shared/client/index.ts';
import { deriveHolderAddress } from '../../../shared/crypto/holder-keys.ts';
import { decodeInviteEnvelope, openInviteEnvelope } from '../../../shared/crypto/invite-envelope.ts';
import { wipe } from '../../../shared/crypto/wipe.ts';
import type { PendingInvitation } from '../../messaging/runtime-messages.ts';
import type { PaidKey } from '../../storage/paid-keys.ts';
import type { StoredInvitation } from '../../storage/pending-invitations.ts';

type InvitationClient = Pick<AnoGhostClient, 'invitations' | 'accept' | 'decline'>;

export interface InvitationInboxDeps {
  secrets(): Uint8Array[];
  /** Settles when the invite secrets of an earlier service worker are back. */
  secretsReady?: Promise<void>;
  loadPending(): Promise<StoredInvitation[]>;
  savePending(entries: StoredInvitation[]): Promise<void>;
  loadDeclined(): Promise<Set<string>>;
  rememberDeclined(invite: string, expiresAt: number): Promise<void>;
  loadInstallSecret(): Promise<Uint8Array>;
  keepKey(key: PaidKey): Promise<void>;
  /** The server the invitations come from (kept with each key). */
  server(): string;
  onChange(invitations: PendingInvitation[]): void;
  now?: () => number;
}

/** An invitation the server no longer has (answered elsewhere, or ended). */
export class InvitationGoneError extends Error {
  override name = 'InvitationGoneError';
}

export class InvitationInbox {
  readonly #deps: InvitationInboxDeps;
  readonly #now: () => number;
  readonly #pending = new Map<string, StoredInvitation>();
  readonly ready: Promise<void>;

  constructor(deps: InvitationInboxDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.ready = deps.loadPending().then(
      (entries) => {
        for (const entry of entries) this.#pending.set(entry.invite, entry);
        if (entries.length > 0) this.#changed(false);
      },
      () => {},
    );
  }

  /** The invitations waiting for an answer, soonest to end first. */
  list(): PendingInvitation[] {
    const now = this.#now();
    return [...this.#pending.values()]
      .filter((entry) => entry.expiresAt > now && entry.payload.expiresAt > now)
      .sort((a, b) => a.expiresAt - b.expiresAt)
      .map(({ invite, expiresAt, payload }) => ({
        invite,
        expiresAt,
        name: payload.name,
        ttl: payload.ttl ?? null,
        msgTtl: payload.msgTtl ?? null,
        chatExpiresAt: payload.expiresAt,
      }));
  }

  /** Takes in one invitation (pushed or listed); resolves with whether it is now pending. */
  async receive(invitation: Invitation): Promise<boolean> {
    await Promise.all([this.ready, this.#deps.secretsReady]);
    if (this.#pending.has(invitation.invite)) return true;
    const entry = this.#open(invitation);
    if (!entry) return false;
    if ((await this.#deps.loadDeclined()).has(entry.invite)) return false;
    if (this.#pending.has(entry.invite)) return true;
    this.#pending.set(entry.invite, entry);
    this.#changed();
    return true;
  }

  /**
   * After a sign-in: takes in every listed invitation and forgets pending ones the server no
   * longer lists (answered on another device, or ended).
   */
  async sync(client: InvitationClient): Promise<void> {
    const listed = await client.invitations();
    await this.ready;
    const ids = new Set(listed.map((invitation) => invitation.invite));
    let dropped = false;
    for (const id of this.#pending.keys()) {
      if (ids.has(id)) continue;
      this.#pending.delete(id);
      dropped = true;
    }
    if (dropped) this.#changed();
    for (const invitation of listed) await this.receive(invitation);
  }

  /** Accepts `invite`: the key is minted to a one-time holder and kept; resolves with its mint. */
  async accept(client: InvitationClient, invite: string): Promise<string> {
    await this.ready;
    const entry = this.#pending.get(invite);
    if (!entry) throw new InvitationGoneError('This invitation is no longer pending.');
    const installSecret = await this.#deps.loadInstallSecret();
    const holder = deriveHolderAddress(installSecret, 'invitee', invite);
    wipe(installSecret);
    let mint: string;
    try {
      mint = await client.accept(invite, holder);
    } catch (error) {
      if (isGone(error)) {
        this.#forget(invite);
        throw new InvitationGoneError('This invitation was answered already or has ended.', { cause: error });
      }
      throw error;
    }
    const { payload } = entry;
    await this.#deps.keepKey({
      server: this.#deps.server(),
      mint,
      holder,
      secret: payload.secret,
      name: payload.name,
      expiresAt: payload.expiresAt,
      msgTtl: payload.msgTtl ?? null,
      role: 'invitee',
    });
    this.#forget(invite);
    return mint;
  }

  /** Declines `invite` and remembers so, so it is not shown again. */
  async decline(client: InvitationClient, invite: string): Promise<void> {
    await this.ready;
    const entry = this.#pending.get(invite);
    try {
      await client.decline(invite);
    } catch (error) {
      if (!isGone(error)) throw error; // gone already: forget it all the same
    }
    await this.#deps.rememberDeclined(invite, entry?.expiresAt ?? this.#now() + 7 * 24 * 3_600_000);
    this.#forget(invite);
  }

  /** Forgets every invitation (sign-out). */
  clear(): void {
    this.#pending.clear();
    this.#changed();
  }

  #open(invitation: Invitation): StoredInvitation | undefined {
    const now = this.#now();
    if (invitation.expiresAt <= now) return undefined;
    const envelope = decodeInviteEnvelope(invitation.envelope);
    if (!envelope) return undefined;
    const secrets = this.#deps.secrets();
    try {
      for (const secret of secrets) {
        const payload = openInviteEnvelope(secret, envelope);
        if (!payload) continue;
        if (payload.expiresAt <= now) return undefined;
        return { invite: invitation.invite, expiresAt: invitation.expiresAt, payload };
      }
      return undefined;
    } finally {
      wipe(...secrets);
    }
  }

  #forget(invite: string): void {
    if (this.#pending.delete(invite)) this.#changed();
  }

  #changed(persist = true): void {
    if (persist) this.#deps.savePending([...this.#pending.values()]).catch(() => {});
    this.#deps.onChange(this.list());
  }
}

function isGone(error: unknown): boolean {
  return error instanceof ProtocolError && (error.code === 'invite_expired' || error.code === 'not_found');
}
