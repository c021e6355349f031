/**
 * A load-generating client process: opens N signed-in sessions (distinct wallets and session keys,
 * messages signed up front), reports the sign-in rate, then reports when every session received
 * its next pushed ghost.
 */
import WebSocket from 'ws';
import { authFrame, createTestKey, signInMessage } from '../../tests/support/test-wallet.ts';

interface Start {
  t: 'start';
  wsUrl: string;
  domain: string;
  count: number;
  concurrency: number;
}

const sockets: WebSocket[] = [];
let lastGhostAt: number[] = [];
let watching = false;
let pending = 0;

function prepare(domain: string) {
  const session = createTestKey();
  return { signed: signInMessage(createTestKey(), session, { domain }), session };
}

function openSession(wsUrl: string, signed: ReturnType<typeof prepare>, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    let signedIn = false;
    ws.on('message', (data) => {
      const text = String(data);
      if (!signedIn) {
        const frame = JSON.parse(text) as { t: string; nonce?: string; code?: string };
        if (frame.t === 'challenge') {
          ws.send(JSON.stringify(authFrame(signed.signed, signed.session, String(frame.nonce))));
        } else if (frame.t === 'ghost') {
          signedIn = true;
          sockets[index] = ws;
          resolve();
        } else reject(new Error(`sign-in refused: ${frame.code}`));
        return;
      }
      if (watching && text.startsWith('{"t":"ghost"') && lastGhostAt[index] === 0) {
        lastGhostAt[index] = Date.now();
        pending -= 1;
        if (pending === 0) process.send?.({ t: 'ghosts', at: Math.max(...lastGhostAt) });
      }
    });
    ws.on('error', reject);
  });
}

async function start(msg: Start): Promise<void> {
  const prepared = Array.from({ length: msg.count }, () => prepare(msg.domain));
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < msg.count) {
      const index = next++;
      await openSession(msg.wsUrl, prepared[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: msg.concurrency }, worker));
  process.send?.({ t: 'started', count: msg.count, ms: performance.now() - started });
}

process.on('message', (msg: { t: string } & Partial<Start>) => {
  if (msg.t === 'start') {
    void start(msg as Start).catch((e: unknown) => process.send?.({ t: 'failed', error: String(e) }));
  } else if (msg.t === 'watch') {
    lastGhostAt = sockets.map(() => 0);
    pending = sockets.length;
    watching = true;
  } else if (msg.t === 'close') {
    for (const ws of sockets) ws.terminate();
    sockets.length = 0;
    watching = false;
    process.send?.({ t: 'closed' });
  } else if (msg.t === 'exit') process.exit(0);
});
