/**
 * A room's members (each with its name, fingerprint and a "Verified" toggle; a loud warning when
 * one uses the name of a verified member with another key) and, in approval rooms, the join
 * requests with Approve / Dismiss. Fingerprints are compared out of band before marking verified.
 */
import type { Room } from '../../../shared/client/index.ts';
import { describeError } from '../../ui/error-messages.ts';

export function MemberList({ room }: { room: Room }) {
  const members = room.members();
  return (
    <div>
      <h3 id="members-heading" class="muted">
        Members ({members.length})
      </h3>
      <p class="muted">
        Compare a member's fingerprint with them out of band (in person, on a call) before marking it
        verified.
      </p>
      <ul class="plain members" aria-labelledby="members-heading" data-testid="members">
        {members.map((m) => (
          <li
            key={m.fingerprint}
            class="member"
            data-fingerprint={m.fingerprint}
            data-self={m.isSelf ? 'true' : undefined}
            data-verified={m.verified ? 'true' : undefined}
          >
            <span data-testid="member-name">
              {m.name}
              {m.nickname !== null && <span class="muted"> ({m.ghostName})</span>}
              {m.isSelf && ' (you)'}
            </span>
            <span>
              <span class="muted">Fingerprint </span>
              <span class="mono" data-testid="fingerprint">
                {m.fingerprint}
              </span>
            </span>
            {m.keyChanged && (
              <strong class="error" role="alert" data-testid="key-changed">
                ⚠ Warning: this member uses the name of a verified member with a different key. It may be
                someone else.
              </strong>
            )}
            {!m.isSelf && (
              <label class="check">
                <input
                  type="checkbox"
                  checked={m.verified}
                  onChange={(e) => room.verify(m.fingerprint, e.currentTarget.checked)}
                  aria-label={`Verified: ${m.name}`}
                  data-testid="verify"
                />{' '}
                Verified
              </label>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function JoinRequests({ room, onError }: { room: Room; onError(message: string): void }) {
  const requests = room.joinRequests();
  if (room.admission !== 'approval' || requests.length === 0) return null;
  return (
    <section aria-labelledby="requests-heading" aria-live="polite" data-testid="join-requests">
      <h3 id="requests-heading">Asking to join ({requests.length})</h3>
      <ul class="plain members">
        {requests.map((r) => (
          <li key={r.id} class="member" data-fingerprint={r.fingerprint}>
            <span data-testid="request-name">{r.ghostName}</span>
            <span>
              <span class="muted">Fingerprint </span>
              <span class="mono" data-testid="fingerprint">
                {r.fingerprint}
              </span>
            </span>
            <div class="row">
              <button
                type="button"
                class="primary"
                aria-label={`Approve ${r.ghostName}`}
                data-testid="approve"
                onClick={() => room.approve(r.id).catch((e: unknown) => onError(describeError(e)))}
              >
                Approve
              </button>
              <button
                type="button"
                aria-label={`Dismiss ${r.ghostName}`}
                data-testid="dismiss"
                onClick={() => room.dismiss(r.id)}
              >
                Dismiss
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
