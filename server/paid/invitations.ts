/**
 * Invitations (PROTOCOL.md §4, docs/protocol.md §4 "Invitations") between the paid-chat
 * operations and a store: offering one (redeem), listing, taking one for an answer (accept,
 * decline), and pushing `invite` to every signed-in session of the invitee's wallet, on this
 * instance and, through the store, on every other: when it is created, and at each later sign-in
 * until it is answered or expires. Each session is pushed an invitation once. Nothing here knows
 * who invited whom: an invitation holds the invitee and the payment, sealed.
 */
import { equalBytesConstantTime } from '../../shared/crypto/constant-time.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { InvitationKeys } from '../crypto/invitation-keys.ts';
import { errorName, type Logger } from '../log/logger.ts';
import type { Session } from '../session/session.ts';
import type { SessionRegistry } from '../session/session-registry.ts';
import {
  type Invitation,
  openInvitation,
  type StoredInvitation,
  sealInvitation,
} from './invitation-record.ts';
import type { InvitationStore } from './invitation-store.ts';

/** What `invites` and the `invite` push show of an invitation. */
export interface InvitationView {
  invite: string;
  envelope: string;
  expiresAt: number;
}

export class Invitations {
  /** The invitation ids each session was pushed, so none is pushed twice. */
  readonly #pushed = new WeakMap<Session, Set<string>>();

  constructor(
    private readonly keys: InvitationKeys,
    private readonly store: InvitationStore,
    private readonly registry: SessionRegistry,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    store.onCreated((stored) => this.#pushToWallet(stored));
    registry.listen({
      signedIn: (session, walletName, first) => {
        if (first) store.watch(walletName);
        // After the sign-in's own `ghost`, which goes out synchronously after this.
        queueMicrotask(() => this.#pushPending(session, walletName));
      },
      walletLeft: (walletName) => store.unwatch(walletName),
    });
  }

  /** Stores `invitation` unless its id is known (pending or answered); `true` when it is new. */
  offer(invitation: Invitation): Promise<boolean> {
    return this.store.create(sealInvitation(this.keys, invitation));
  }

  /** The pending invitations of the session's wallet, soonest to expire first. */
  async pendingFor(session: Session): Promise<InvitationView[]> {
    const stored = await this.store.pending(this.keys.walletName(session.wallet));
    return stored
      .map((s) => this.#open(s, session))
      .filter((i): i is Invitation => i !== undefined)
      .sort((a, b) => a.expiresAt - b.expiresAt)
      .map(viewOf);
  }

  /**
   * Takes the session's invitation `id` out for an answer. `not_found` when the wallet never had
   * it (another wallet's session asking included), `invite_expired` when it was answered or ended.
   */
  async take(session: Session, id: string): Promise<Invitation> {
    const walletName = this.keys.walletName(session.wallet);
    const outcome = await this.store.take(walletName, this.keys.inviteName(id));
    if (outcome.kind === 'unknown') throw new ProtocolError('not_found', 'no such invitation');
    const invitation = outcome.kind === 'taken' ? this.#open(outcome.stored, session) : undefined;
    if (!invitation || invitation.id !== id || invitation.expiresAt <= this.now()) {
      throw new ProtocolError('invite_expired', 'this invitation was answered already or has expired');
    }
    return invitation;
  }

  /** Puts back an invitation whose accept could not mint (the chain failed): it can be accepted again. */
  restore(invitation: Invitation): Promise<void> {
    return this.store.restore(sealInvitation(this.keys, invitation));
  }

  close(): Promise<void> {
    return this.store.close();
  }

  #open(stored: StoredInvitation, session: Session): Invitation | undefined {
    const invitation = openInvitation(this.keys, stored);
    if (!invitation) return undefined;
    // The names found it; the sealed wallet must agree (a record is bound to its names anyway).
    const mine = equalBytesConstantTime(invitation.wallet, session.wallet);
    return mine && invitation.expiresAt > this.now() ? invitation : undefined;
  }

  #pushToWallet(stored: StoredInvitation): void {
    for (const session of this.registry.sessionsOfWallet(stored.walletName)) this.#push(session, stored);
  }

  #pushPending(session: Session, walletName: string): void {
    if (!session.isReady) return;
    this.store.pending(walletName).then(
      (list) => {
        for (const stored of list) this.#push(session, stored);
      },
      (error: unknown) => this.logger.warn({ err: errorName(error) }, 'pending invitations not pushed'),
    );
  }

  #push(session: Session, stored: StoredInvitation): void {
    if (!session.isReady) return;
    const invitation = this.#open(stored, session);
    if (!invitation) return;
    let pushed = this.#pushed.get(session);
    if (!pushed) {
      pushed = new Set();
      this.#pushed.set(session, pushed);
    }
    const view = viewOf(invitation);
    if (pushed.has(view.invite)) return;
    pushed.add(view.invite);
    session.send({ t: 'invite', ...view });
  }
}

/** What a client is shown of an invitation; the opened wallet is wiped (it is the client's own). */
function viewOf(invitation: Invitation): InvitationView {
  invitation.wallet.fill(0);
  return { invite: invitation.id, envelope: invitation.envelope, expiresAt: invitation.expiresAt };
}
