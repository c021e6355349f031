/**
 * Room helpers for client integration tests: waiting until every member sees every other, a
 * sender-key group hook that keeps a membership's keys after it ends (to prove what a leaver or a late
 * joiner could not decrypt), and searching captured frames.
 */
import type { Room } from '../../shared/client/room.ts';
import {
  createSenderKeyGroup,
  type SenderKeyGroup,
  type SenderKeyGroupOptions,
} from '../../shared/e2e/sender-key-group.ts';
import type { TestClient } from './client-harness.ts';
import { waitUntil } from './wait-until.ts';

/** Waits until each room lists all the others as accepted members. */
export function waitForFullRoom(rooms: Room[]): Promise<void> {
  return waitUntil(
    () =>
      rooms.every((room) => {
        const others = rooms.filter((r) => r !== room).map((r) => r.member);
        const accepted = room
          .members()
          .filter((m) => m.accepted)
          .map((m) => m.member);
        return others.every((id) => accepted.includes(id)) && accepted.length === others.length;
      }),
    5000,
    'every member to see every other',
  );
}

/** A `createSenderKeyGroup` hook whose groups ignore `close()` (keys kept) and are collected. */
export function createKeptGroups(): {
  groups: SenderKeyGroup[];
  factory: (options: SenderKeyGroupOptions) => SenderKeyGroup;
} {
  const groups: SenderKeyGroup[] = [];
  return {
    groups,
    factory: (options) => {
      const group = createSenderKeyGroup(options);
      group.close = () => {};
      groups.push(group);
      return group;
    },
  };
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
