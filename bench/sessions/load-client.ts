/**
 * A load-generating client process: opens N signed-in sessions (distinct wallets and session keys,
 * messages signed up front), reports the sign-in rate, then reports when every session received
 * its next pushed ghost.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import WebSocket from 'ws';
import { encodeB64u, encodeBase58 } from '../../shared/encoding.ts';
import { buildSignInMessage, sessionProofText } from '../../shared/sign-in/sign-in-message.ts';

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

function newKey(): { key: KeyObject; address: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    key: privateKey,
    address: encodeBase58(publicKey.export({ format: 'der', type: 'spki' }).subarray(12)),
  };
}

function prepare(domain: string) {
  const wallet = newKey();
  const session = newKey();
  const now = Date.now();
  const message = buildSignInMessage({
    domain,
    address: wallet.address,
    sessionKey: session.address,
    uri: `http://${domain}`,
    chainId: 'localnet',
    nonce: 'benchmark1',
    issuedAt: new Date(now).toISOString(),
    expirationTime: new Date(now + 3600_000).toISOString(),
  });
  return {
    message,
    signature: encodeB64u(sign(null, Buffer.from(message), wallet.key)),
    session: session.key,
  };
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
          const proof = sign(null, Buffer.from(sessionProofText(String(frame.nonce))), signed.session);
          ws.send(
            JSON.stringify({
              t: 'auth',
              message: signed.message,
              signature: signed.signature,
              proof: encodeB64u(proof),
            }),
          );
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
