/**
 * The failure issue #10 measured: under a low `ulimit -n`, attacker sockets took every descriptor,
 * so `/v1/health` timed out and signed-in users got `unavailable` from the chain. Here the real
 * server runs as `npm start` does, under `ulimit -n 256`, and a flood from many addresses (trusted
 * proxy 127.0.0.1, one `X-Forwarded-For` each, so no per-address cap stops it) opens WebSockets as
 * fast as it can; the server refuses past its global cap and keeps serving.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameClient, type RefusedUpgrade } from '../support/frame-client.ts';
import { type ServerProcess, spawnServer } from '../support/server-process.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { waitUntil } from '../support/wait-until.ts';

const OPEN_FILES = 256;
const WEB_SOCKETS = OPEN_FILES - 64 - 32; // the budget: 64 for the process, 32 for HTTP
const FLOOD = 400;

let server: ServerProcess;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'anoghost-fds-'));
  server = await spawnServer(
    {
      ANOGHOST_DATA_DIR: dataDir,
      ANOGHOST_TRUST_PROXY: '127.0.0.1',
      ANOGHOST_LOG_LEVEL: 'info',
    },
    OPEN_FILES,
  );
}, 30_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`the descriptor budget under ulimit -n ${OPEN_FILES}`, () => {
  it('reads the limit at start and caps WebSockets below it', async () => {
    const startedLine = () =>
      server
        .output()
        .split('\n')
        .find((line) => line.includes('"server started"'));
    await waitUntil(() => startedLine() !== undefined, 5_000, 'the start line'); // logs are async
    const started = startedLine();
    expect(JSON.parse(started ?? '{}')).toMatchObject({
      descriptorLimit: OPEN_FILES,
      maxWebSockets: WEB_SOCKETS,
    });
  });

  it('refuses a flood past the cap with 503 while health, sign-in holders and the chain keep working', async () => {
    const user = await connectSignedIn(server);
    const outcomes = await Promise.all(
      Array.from({ length: FLOOD }, (_, i) =>
        FrameClient.attempt(server.wsUrl, {
          headers: { 'x-forwarded-for': `10.${i >> 8}.${i & 255}.1` },
        }).catch((error: NodeJS.ErrnoException) => error.code ?? 'error'),
      ),
    );
    const opened = outcomes.filter((o): o is FrameClient => o instanceof FrameClient);
    const refusals = outcomes.filter((o): o is RefusedUpgrade | string => !(o instanceof FrameClient));
    expect(opened.length).toBe(WEB_SOCKETS - 1); // the user holds one
    // Past the cap: 503, or while every socket Node may accept is taken, a reset at accept.
    const kinds = new Set(refusals.map((o) => (typeof o === 'string' ? o : o.status)));
    expect(kinds.has(503)).toBe(true);
    for (const kind of kinds) expect([503, 'ECONNRESET']).toContain(kind);

    const health = await fetch(`${server.url}/v1/health`, { signal: AbortSignal.timeout(3_000) });
    expect(health.status).toBe(200);
    expect(await user.client.request({ t: 'keys', holders: [] })).toMatchObject({ t: 'keys', keys: [] });
    expect(server.output()).toContain('"cap":"connections"');

    for (const client of opened) client.close();
    await Promise.all(opened.map((client) => client.waitClosed()));
    const late = await connectSignedIn(server); // room again once the flood is gone
    late.client.close();
    user.client.close();
  }, 30_000);
});
