/**
 * A 256-member MLS room built and used through the real server on real sockets, with the client
 * library (issue #11: "a 256-member room built and used, with a measured join time").
 *
 * Every member joins by external commit into the room as it is, so the tree has 256 real leaves
 * and each joiner pays the full cost of its size. Processing every commit on every member costs
 * O(n²) over the build (~2,000 CPU-seconds at 256 on this machine), so all but a few members are
 * *parked* once joined: they keep their socket and their leaf (present at the server, so nobody
 * removes them) but close their MLS state and stop reading. The creator and `ACTIVE` followers
 * process every commit, as every member of a real room would. Measured: the build, the last
 * joiner's time (join → in the group), how long the active members take until they agree with it
 * (roster and epoch authenticator), and a round of messages among the active members and the
 * newcomer. Run: `npm run bench -- rooms256`.
 */

import { createSilentLogger } from '../../server/log/logger.ts';
import { Room } from '../../shared/client/room.ts';
import { connectTestClient, type TestClient } from '../../tests/support/client-harness.ts';
import { type CrowdMember, crowdMember, everyoneReadsEveryone } from '../../tests/support/room-crowd.ts';
import { ONE_ADDRESS_LOAD_ENV, startTestServer } from '../../tests/support/test-server.ts';
import { waitUntil } from '../../tests/support/wait-until.ts';

const SIZE = Number(process.env.ROOMS256_SIZE ?? 256);
const ACTIVE = 3; // followers that process every commit, besides the creator

export interface Rooms256Result {
  members: number;
  buildSeconds: number;
  lastJoinerMs: number;
  activeAgreeMs: number;
  messageRoundMs: number;
  joinerMsAt: Record<string, number>;
}

export async function runRooms256Bench(): Promise<Rooms256Result> {
  const server = await startTestServer(ONE_ADDRESS_LOAD_ENV, { logger: createSilentLogger() });
  const tests: TestClient[] = [];
  try {
    for (let i = 0; i < SIZE; i += 32) {
      const batch = Math.min(32, SIZE - i);
      tests.push(...(await Promise.all(Array.from({ length: batch }, () => connectTestClient(server)))));
    }
    const buildStart = performance.now();
    const creator = await tests[0]!.client.createFreeRoom({ ttl: 3600 });
    const code = creator.shareCode()!;
    const active: CrowdMember[] = [crowdMember(tests[0]!, creator)];
    const joinerMsAt: Record<string, number> = {};
    for (let i = 1; i < SIZE - 1; i++) {
      const start = performance.now();
      const room = await tests[i]!.client.joinFreeRoom(code);
      const ms = performance.now() - start;
      if ([8, 64, 128, SIZE - 2].includes(i + 1)) joinerMsAt[String(i + 1)] = Math.round(ms);
      if (i <= ACTIVE) active.push(crowdMember(tests[i]!, room));
      else Room.groupForTests(room)?.close(); // parked: socket and leaf stay, processing stops
    }
    await waitUntil(() => roomsAgreeOn(active, SIZE - 1), 600_000, 'the active members to agree');
    const buildSeconds = (performance.now() - buildStart) / 1000;

    const lastStart = performance.now();
    const last = await tests[SIZE - 1]!.client.joinFreeRoom(code);
    const lastJoinerMs = performance.now() - lastStart;
    joinerMsAt[String(SIZE)] = Math.round(lastJoinerMs);
    active.push(crowdMember(tests[SIZE - 1]!, last));
    await waitUntil(() => roomsAgreeOn(active, SIZE), 120_000, 'everyone active to agree with the newcomer');
    const activeAgreeMs = performance.now() - lastStart;

    const roundStart = performance.now();
    await everyoneReadsEveryone(active, 'at 256', 120_000);
    const messageRoundMs = performance.now() - roundStart;
    return {
      members: SIZE,
      buildSeconds: Math.round(buildSeconds),
      lastJoinerMs: Math.round(lastJoinerMs),
      activeAgreeMs: Math.round(activeAgreeMs),
      messageRoundMs: Math.round(messageRoundMs),
      joinerMsAt,
    };
  } finally {
    for (const t of tests) t.client.close();
    await server.stop();
  }
}

/** The active members agree on one roster and epoch, and that roster has `size` leaves. */
function roomsAgreeOn(active: CrowdMember[], size: number): boolean {
  const rooms = active.map((m) => m.room);
  const states = rooms.map((r) => r.groupState());
  if (states.some((s) => s === undefined) || rooms.some((r) => r.members().length !== size)) return false;
  return new Set(states.map((s) => s!.authenticator)).size === 1 && rooms.every((r) => r.status === 'joined');
}

export function printRooms256Table(result: Rooms256Result): void {
  console.log(
    `a ${result.members}-member MLS room on real sockets (creator + ${ACTIVE} followers process every commit; the rest parked)`,
  );
  console.table([
    {
      'build (s)': result.buildSeconds,
      'last joiner (ms)': result.lastJoinerMs,
      'until active members agree (ms)': result.activeAgreeMs,
      'message round (ms)': result.messageRoundMs,
    },
  ]);
  console.log('joiner time by room size (ms):', result.joinerMsAt);
}
