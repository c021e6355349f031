/**
 * The paid chat's own line above the open room (docs/extension.md "Paid chats (version 2)"): its name and end
 * from this install's paid-keys store and, for the chat's creator, "Send the invitations again",
 * which redeems the same payment again (idempotent on the server: invitations lost in a server
 * restart come back, accepted or declined ones do not).
 */
import { useEffect, useState } from 'preact/hooks';
import type { AnoGhostClient, Room } from '../../../shared/client/index.ts';
import { loadPaidKey, type PaidKey } from '../../storage/paid-keys.ts';
import { describeError } from '../../ui/error-messages.ts';
import { resendInvitations } from './paid-redeem.ts';

export function PaidChatInfo({ client, room }: { client: AnoGhostClient; room: Room }) {
  const [key, setKey] = useState<PaidKey | undefined>();
  const [note, setNote] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (room.mint) loadPaidKey(room.mint).then(setKey, () => setKey(undefined));
  }, [room.mint]);
  if (!key) return null;

  const resend = () => {
    setSending(true);
    setNote(null);
    resendInvitations(client, key)
      .then(
        (invited) => setNote(`Sent again to whoever of the ${invited} invitees had not answered yet.`),
        (error: unknown) => setNote(describeError(error)),
      )
      .finally(() => setSending(false));
  };

  return (
    <div class="card" data-testid="paid-chat-info">
      <p class="muted">
        Paid chat · ends {new Date(key.expiresAt).toLocaleString()}
        {key.role === 'initiator' ? ' · you created it' : ''}
      </p>
      {key.resend && (
        <button type="button" onClick={resend} disabled={sending}>
          {sending ? 'Sending…' : 'Send the invitations again'}
        </button>
      )}
      {note && (
        <p class="muted" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
