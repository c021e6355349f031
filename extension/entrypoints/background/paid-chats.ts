/**
 * Wires the paid-chat side of the background (docs/extension.md "Paid chats (version 2)"): the invite keys
 * behind the ghost cards, and the invitations each client of the connection manager is pushed
 * (`invite` events) or lists after each sign-in.
 */
import type { AnoGhostClient } from '../../../shared/client/index.ts';
import { loadDeclinedInvitations, rememberDeclined } from '../../storage/declined-invitations.ts';
import { loadInstallSecret } from '../../storage/install-secret.ts';
import { loadInviteSecrets, saveInviteSecrets } from '../../storage/invite-secrets.ts';
import { savePaidKey } from '../../storage/paid-keys.ts';
import { loadPendingInvitations, savePendingInvitations } from '../../storage/pending-invitations.ts';
import type { ConnectionManager } from './connection-manager.ts';
import { InvitationInbox } from './invitation-inbox.ts';
import { InviteKeyRing } from './invite-keys.ts';
import type { Notifier } from './notifications.ts';

export interface PaidChats {
  ring: InviteKeyRing;
  inbox: InvitationInbox;
  /** Listens to a new client's invitations (ConnectionDeps.onClient). */
  attach(client: AnoGhostClient): void;
}

/** The ring and inbox; `manager()` is read lazily (the manager is made with `ring.cardFor`). */
export function createPaidChats(manager: () => ConnectionManager, notifier: Notifier): PaidChats {
  // Invitations kept by an earlier service worker were notified then; later ones notify now.
  let loaded = false;
  const ring = new InviteKeyRing({ load: () => loadInviteSecrets(), save: saveInviteSecrets });
  const inbox = new InvitationInbox({
    secrets: () => ring.secrets(),
    secretsReady: ring.ready,
    loadPending: () => loadPendingInvitations(),
    savePending: savePendingInvitations,
    loadDeclined: () => loadDeclinedInvitations(),
    rememberDeclined: (invite, expiresAt) => rememberDeclined(invite, expiresAt),
    loadInstallSecret,
    keepKey: (key) => savePaidKey(key),
    server: () => manager().status.server,
    onChange: (invitations) => {
      manager().setInvitations(invitations);
      if (loaded) notifier.invitationsChanged(invitations);
      else notifier.knowInvitations(invitations);
    },
  });
  void inbox.ready.then(() => {
    loaded = true;
  });
  const attach = (client: AnoGhostClient) => {
    client.on('invite', (invitation) => void inbox.receive(invitation).catch(() => {}));
    client.on('ready', () => void inbox.sync(client).catch(() => {}));
  };
  return { ring, inbox, attach };
}
