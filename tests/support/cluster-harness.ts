/** Scale-out test support: several in-process instances sharing one Redis and one master key. */
import type { ServerOptions } from '../../server/server.ts';
import type { TestRedis } from './redis-server.ts';
import { startTestServer, type TestServer } from './test-server.ts';

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

/** Health of an instance. */
export async function healthOf(server: { url: string }): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}/v1/health`);
  return (await res.json()) as Record<string, unknown>;
}
