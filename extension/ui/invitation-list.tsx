/**
 * Paid-chat invitations waiting for an answer (docs/extension.md "Paid chats (version 2)"): what each
 * envelope says (the chat's name and lifetime) and when the invitation ends, with Accept (the key
 * is minted to a one-time holder of this install, then the chat can be joined) and Decline (it
 * is not shown again). Shown in the popup and in the side panel, which joins an accepted chat at
 * once.
 */
import { useState } from 'preact/hooks';
import { askBackground } from '../messaging/background-requests.ts';
import type { PendingInvitation } from '../messaging/runtime-messages.ts';
import { formatLifetime, formatMoment } from './lifetime-text.ts';

export function InvitationList(props: {
  invitations: PendingInvitation[];
  onError(message: string): void;
  onAccepted(mint: string): void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  if (props.invitations.length === 0) return null;

  const answer = (invite: string, accept: boolean) => {
    setBusy(invite);
    const done = accept
      ? askBackground({ type: 'accept-invitation', invite }).then(props.onAccepted)
      : askBackground({ type: 'decline-invitation', invite });
    done.catch((e: Error) => props.onError(e.message)).finally(() => setBusy(null));
  };

  return (
    <section class="card" aria-labelledby="invitations-heading" data-testid="invitations">
      <h2 id="invitations-heading">Invitations</h2>
      <ul class="plain">
        {props.invitations.map((invitation) => (
          <li
            key={invitation.invite}
            data-testid="invitation"
            class="invitation"
            aria-labelledby={`invitation-${invitation.invite}`}
          >
            <strong id={`invitation-${invitation.invite}`}>{invitation.name}</strong>
            <span class="muted">
              {invitation.ttl !== null ? `A ${formatLifetime(invitation.ttl)} chat, ` : 'A chat '}
              ending {formatMoment(invitation.chatExpiresAt)}
              {invitation.msgTtl !== null ? `; messages last ${formatLifetime(invitation.msgTtl)}` : ''}.
              Answer by {formatMoment(invitation.expiresAt)}.
            </span>
            <div class="row">
              <button
                type="button"
                class="primary"
                disabled={busy !== null}
                onClick={() => answer(invitation.invite, true)}
                aria-label={`Accept ${invitation.name}`}
              >
                {busy === invitation.invite ? 'Answering…' : 'Accept'}
              </button>
              <button
                type="button"
                disabled={busy !== null}
                onClick={() => answer(invitation.invite, false)}
                aria-label={`Decline ${invitation.name}`}
              >
                Decline
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
