/**
 * A room's members (each with its name, fingerprint and a "Verified" toggle; a loud warning when
 * one uses the name of a verified member with another key) and, in approval rooms, the join
 * requests with Approve / Dismiss. Fingerprints are compared out of band before marking verified.
 * One key is one entry, however many windows it is in; two keys with one nickname are explained.
 */
import type { MemberView, Room } from '../../../shared/client/index.ts';
import { describeError } from '../../ui/error-messages.ts';

export function MemberList({ room }: { room: Room }) {
  const people = groupByKey(room.members());
  const shared = sharedNicknames(people);
  return (
    <div>
      <h3 id="members-heading">Members ({people.length})</h3>
      <p class="muted">
        Compare a member's fingerprint with them out of band (in person, on a call) before marking it
        verified.
      </p>
      <ul class="plain members" aria-labelledby="members-heading" data-testid="members">
        {people.map(({ member: m, connections }) => (
          <li
            key={m.fingerprint}
            class="member"
            data-fingerprint={m.fingerprint}
            data-self={m.isSelf ? 'true' : undefined}
            data-verified={m.verified ? 'true' : undefined}
            data-connections={connections}
          >
            <span data-testid="member-name">
              {m.name}
              {m.nickname !== null && <span class="muted"> ({m.ghostName})</span>}
              {m.isSelf && ' (you)'}
            </span>
            {connections > 1 && (
              <span class="muted" data-testid="member-connections">
                In this room from {connections} windows or devices with one key: counted once.
              </span>
            )}
            {m.nickname !== null && shared.has(m.nickname) && (
              <span class="muted" data-testid="shared-name">
                Two devices, or two people using one name: compare fingerprints.
              </span>
            )}
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

/**
 * One entry per identity key: the same install in two windows joins with one key (the install
 * secret), so it is one person however many leaves it has. Ourselves first.
 */
export function groupByKey(members: MemberView[]): { member: MemberView; connections: number }[] {
  const byKey = new Map<string, { member: MemberView; connections: number }>();
  for (const member of members) {
    const known = byKey.get(member.fingerprint);
    if (known) {
      known.connections++;
      if (member.isSelf) known.member = member;
    } else byKey.set(member.fingerprint, { member, connections: 1 });
  }
  return [...byKey.values()].sort((a, b) => Number(b.member.isSelf) - Number(a.member.isSelf));
}

/** Nicknames that two different keys use. */
function sharedNicknames(people: { member: MemberView }[]): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const { member } of people) {
    if (member.nickname === null) continue;
    if (seen.has(member.nickname)) shared.add(member.nickname);
    seen.add(member.nickname);
  }
  return shared;
}

export function JoinRequests({ room, onError }: { room: Room; onError(message: string): void }) {
  const requests = room.joinRequests();
  if (room.admission !== 'approval' || requests.length === 0) return null;
  return (
    <section
      class="requests"
      aria-labelledby="requests-heading"
      aria-live="polite"
      data-testid="join-requests"
    >
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
