/**
 * Room helpers for client integration tests: waiting until every member's MLS group has every
 * other (same roster, same epoch authenticator), copying a member's group as an attacker who
 * copied its memory would, and searching captured frames.
 */
import { Room } from '../../shared/client/room.ts';
import { RoomGroup } from '../../shared/e2e/room-group.ts';
import type { TestClient } from './client-harness.ts';
import { waitUntil } from './wait-until.ts';

/** True when every room is joined, lists exactly the rooms' fingerprints, and all agree on the epoch. */
export function roomsAgree(rooms: readonly Room[]): boolean {
  const own = rooms.map((r) => r.fingerprint);
  if (own.some((f) => f === undefined) || rooms.some((r) => r.status !== 'joined')) return false;
  const states = rooms.map((r) => r.groupState());
  if (states.some((s) => s === undefined || s.authenticator !== states[0]!.authenticator)) return false;
  const expected = [...own].sort().join();
  return rooms.every(
    (r) =>
      r
        .members()
        .map((m) => m.fingerprint)
        .sort()
        .join() === expected,
  );
}

/** Waits until `roomsAgree(rooms)`. */
export function waitForFullRoom(rooms: readonly Room[], timeoutMs = 10_000): Promise<void> {
  return waitUntil(() => roomsAgree(rooms), timeoutMs, 'every member to share one roster and epoch');
}

/** An independent copy of a room's current MLS group (what a thief of its memory holds). */
export function copyGroup(room: Room): RoomGroup {
  const group = Room.groupForTests(room);
  if (!group) throw new Error('the room has no group');
  return RoomGroup.cloneForTests(group);
}

/** The `ct` of every `send` frame a client put on the wire, in order. */
export function sentCiphertexts(client: TestClient): string[] {
  return client.wire.sent
    .map((f) => JSON.parse(f) as { t: string; ct?: string })
    .filter((f) => f.t === 'send')
    .map((f) => f.ct!);
}

/** Every frame of these clients that contains `needle`. */
export function framesContaining(clients: TestClient[], needle: string): string[] {
  return clients.flatMap((c) => [...c.wire.sent, ...c.wire.received]).filter((f) => f.includes(needle));
}
