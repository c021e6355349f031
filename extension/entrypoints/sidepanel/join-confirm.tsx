/**
 * "Join room …?": a join link that reached the panel (from a /join page) is joined only once the
 * person says so here, in the extension's own page, since a page can put any link in front of a
 * click. Names the room as the room list does (the start of its room id); a knock link (approval
 * room) says it asks the members to let you in.
 */

import { deriveRoomId } from '../../../shared/crypto/room-secret.ts';
import { parseShareInput } from '../../../shared/e2e/share-code.ts';

export function JoinConfirm({
  link,
  disabled = false,
  onJoin,
  onDismiss,
}: {
  link: string;
  /** Not connected yet (or offline): the question waits, Join is off. */
  disabled?: boolean;
  onJoin(): void;
  onDismiss(): void;
}) {
  const parsed = parseShareInput(link);
  if (!parsed.ok) {
    return (
      <div class="card" role="alert" data-testid="join-confirm">
        <p class="error" data-testid="join-link-error">
          This join link cannot be opened: {parsed.reason}. Ask for the link again, or paste its code in “Join
          with link”.
        </p>
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    );
  }
  const knock = parsed.kind === 'knock';
  const room = (knock ? parsed.roomId : deriveRoomId(parsed.linkSecret)).slice(0, 6);
  return (
    <div class="card" role="alertdialog" aria-labelledby="join-confirm-heading" data-testid="join-confirm">
      <p id="join-confirm-heading">
        {knock ? 'Ask to join room ' : 'Join room '}
        <strong class="mono">{room}</strong>?
      </p>
      <p class="muted">
        A join link opened it. Join only rooms you expect to; everyone in it sees you arrive.
        {knock && ' This room admits newcomers by approval: its members see your request and approve it.'}
      </p>
      <div class="row">
        <button
          type="button"
          class="primary"
          onClick={onJoin}
          disabled={disabled}
          data-testid="join-confirm-yes"
        >
          {knock ? 'Ask to join' : 'Join'}
        </button>
        <button type="button" onClick={onDismiss}>
          Not now
        </button>
      </div>
    </div>
  );
}
