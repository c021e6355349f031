/**
 * Crowds of client-library members in one room, for the scale tests: grow a room by joins (some
 * concurrent, so that commits race through `stale_epoch`), and check that a round of messages, one
 * from every member, is read by every other member present.
 */
import type { Room } from '../../shared/client/room.ts';
import type { RoomMessage } from '../../shared/client/room-messages.ts';
import type { TestClient } from './client-harness.ts';
import { waitForFullRoom } from './room-harness.ts';
import { waitUntil } from './wait-until.ts';

/** One member: its client and its room. */
export interface CrowdMember {
  test: TestClient;
  room: Room;
  /** Every text this member received, in order. */
  received: RoomMessage[];
}

export function crowdMember(test: TestClient, room: Room): CrowdMember {
  const member: CrowdMember = { test, room, received: [] };
  room.on('message', (message) => {
    if (!message.own) member.received.push(message);
  });
  return member;
}

/**
 * Joins `tests` into the room of `code`, `concurrency` at a time (concurrent joins race for the
 * epoch and retry), and waits until the whole crowd agrees on one roster and epoch.
 */
export async function joinCrowd(
  crowd: CrowdMember[],
  tests: TestClient[],
  code: string,
  concurrency: number,
  timeoutMs = 60_000,
): Promise<void> {
  for (let i = 0; i < tests.length; i += concurrency) {
    const batch = tests.slice(i, i + concurrency);
    const rooms = await Promise.all(batch.map((t) => t.client.joinFreeRoom(code)));
    crowd.push(...rooms.map((room, j) => crowdMember(batch[j]!, room)));
  }
  await waitForFullRoom(
    crowd.map((m) => m.room),
    timeoutMs,
  );
}

/**
 * Every member sends one text; resolves when every other member has read every one of them.
 * Returns how many (sender, reader) pairs were checked.
 */
export async function everyoneReadsEveryone(crowd: CrowdMember[], label: string, timeoutMs = 60_000) {
  const texts = crowd.map((_, i) => `${label} from ${i} ${Math.random().toString(36).slice(2)}`);
  await Promise.all(crowd.map((m, i) => m.room.sendText(texts[i]!)));
  const readers = crowd.map((m) => new Set(m.received.map((r) => r.body)));
  await waitUntil(
    () =>
      crowd.every((m, i) => {
        for (const r of m.received) readers[i]!.add(r.body);
        return texts.every((text, j) => j === i || readers[i]!.has(text));
      }),
    timeoutMs,
    `every member to read every ${label}`,
  );
  return crowd.length * (crowd.length - 1);
}
