/** Scale-out test support: several in-process instances sharing one Redis and one master key. */
import { randomBytes } from 'node:crypto';
import type { ServerOptions } from '../../server/server.ts';
import { encodeB64u } from '../../shared/encoding.ts';
import type { FrameClient } from './frame-client.ts';
import type { TestRedis } from './redis-server.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export const newRoomId = () => encodeB64u(randomBytes(32));
export const newBundle = () => encodeB64u(randomBytes(66));

/** Starts `count` instances on their own ports, all on `redis`, sharing `masterKey`. */
export function startInstances(
  redis: TestRedis,
  count: number,
  env: Record<string, string> = {},
  options: Partial<ServerOptions> = {},
): Promise<TestServer[]> {
  return Promise.all(
    Array.from({ length: count }, () =>
      startTestServer(
        { ANOGHOST_REDIS_URL: redis.url, ANOGHOST_FRAME_RATE: '1000', ...env },
        { paidChats: false, ...options },
      ),
    ),
  );
}

let joinCounter = 0;

/** Sends a free-room join and waits for its reply (joined or error). */
export async function joinRoom(client: FrameClient, room: string, extra: Record<string, unknown> = {}) {
  const id = `j${++joinCounter}`;
  client.send({ t: 'join', id, room, bundle: newBundle(), ...extra });
  return client.next((f) => f.id === id, 8000);
}

/** Health of an instance. */
export async function healthOf(server: { url: string }): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}/v1/health`);
  return (await res.json()) as Record<string, unknown>;
}
