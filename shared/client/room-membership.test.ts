import { describe, expect, it, vi } from 'vitest';
import { deriveRoomId, generateLinkSecret } from '../crypto/room-secret.ts';
import { createMemberBundle } from '../e2e/member-bundle.ts';
import { createTextMessage } from '../e2e/message-plaintext.ts';
import { createSenderKeyGroup } from '../e2e/sender-key-group.ts';
import { MAX_WAITING_MESSAGES, type MembershipHost, RoomMembership } from './room-membership.ts';

/** Two memberships of one free room, with the signals each sends captured instead of relayed. */
function pair() {
  const secret = generateLinkSecret();
  const room = deriveRoomId(secret);
  const make = (memberId: string) => {
    const { keys, bundle } = createMemberBundle(secret);
    const log = {
      signals: [] as { to: string; ct: string }[],
      texts: [] as string[],
      errors: [] as string[],
    };
    const host: MembershipHost = {
      sendSignal: (to, ct) => log.signals.push({ to, ct }),
      onText: (_from, m) => log.texts.push(m.body),
      onUnsend: () => {},
      onMemberJoined: () => {},
      onMemberLeft: () => {},
      onDecryptError: (_from, e) => log.errors.push(e),
    };
    const session = createSenderKeyGroup({ room, memberId, keys, linkSecret: secret });
    return { membership: new RoomMembership(session, host), session, bundle, log };
  };
  const a = make('a');
  const b = make('b');
  return { a, b };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('RoomMembership', () => {
  it('holds a message that outran its sender signal and opens it when the signal comes', async () => {
    const { a, b } = pair();
    b.membership.start([{ member: 'a', bundle: a.bundle }]);
    a.membership.start([{ member: 'b', bundle: b.bundle }]);
    const ct = await a.session.encrypt(createTextMessage('early bird'));
    b.membership.handleMsg('a', ct); // before A's signal
    await settle();
    expect(b.log.texts).toEqual([]);
    expect(b.log.errors).toEqual([]);
    const signal = a.log.signals.find((s) => s.to === 'b')!;
    b.membership.handleSignal('a', signal.ct);
    await vi.waitFor(() => expect(b.log.texts).toEqual(['early bird']), { timeout: 5000 });
    expect(b.log.errors).toEqual([]);
  });

  it('handles frames in wire order: a signal followed at once by its message opens it', async () => {
    const { a, b } = pair();
    b.membership.start([{ member: 'a', bundle: a.bundle }]);
    a.membership.start([{ member: 'b', bundle: b.bundle }]);
    const cts = await Promise.all(
      ['one', 'two', 'three'].map((t) => a.session.encrypt(createTextMessage(t))),
    );
    b.membership.handleSignal('a', a.log.signals.at(-1)!.ct);
    for (const ct of cts) b.membership.handleMsg('a', ct);
    await vi.waitFor(() => expect(b.log.texts).toEqual(['one', 'two', 'three']), { timeout: 5000 });
    expect(b.log.errors).toEqual([]);
  });

  it('bounds the waiting messages, reporting the ones it drops', async () => {
    const { a, b } = pair();
    b.membership.start([{ member: 'a', bundle: a.bundle }]);
    a.membership.start([{ member: 'b', bundle: b.bundle }]);
    for (let i = 0; i < MAX_WAITING_MESSAGES + 3; i++) {
      b.membership.handleMsg('a', await a.session.encrypt(createTextMessage(`m${i}`)));
    }
    await vi.waitFor(
      () => expect(b.log.errors).toEqual(['unknown_chain', 'unknown_chain', 'unknown_chain']),
      { timeout: 5000 },
    );
    expect(b.log.texts).toEqual([]);
    b.membership.handleSignal('a', a.log.signals.at(-1)!.ct);
    await vi.waitFor(() => expect(b.log.texts).toHaveLength(MAX_WAITING_MESSAGES), { timeout: 5000 });
    expect(b.log.errors).toHaveLength(3);
    expect(b.log.texts[0]).toBe('m3');
  });

  it('rejects a bundle without a proof of the link secret and sends it no key', () => {
    const { a } = pair();
    const stranger = createMemberBundle(); // no S: what the server itself could make
    const infos = a.membership.start([{ member: 'server-spy', bundle: stranger.bundle }]);
    expect(infos).toEqual([{ member: 'server-spy', accepted: false, reason: 'missing_proof' }]);
    expect(a.log.signals).toEqual([]);
  });
});
