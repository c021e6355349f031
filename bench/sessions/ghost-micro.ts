import { EpochClock, EpochKeyring } from '../../server/ghost/epoch-keys.ts';
import { GhostIds } from '../../server/ghost/ghost-ids.ts';
import { verifySignIn } from '../../server/session/sign-in.ts';
import { encodeB64u } from '../../shared/encoding.ts';
import { authFrame, createTestKey, signInMessage } from '../../tests/support/test-wallet.ts';

export interface GhostMicroResult {
  verifySignInsPerSecond: number;
  issuePerSecond: number;
  check32MedianMs: number;
  check32P99Ms: number;
}

export async function runGhostMicroBench(): Promise<GhostMicroResult> {
  const domain = '127.0.0.1:8787';
  const nonce = encodeB64u(new Uint8Array(32).fill(3));
  const frames = Array.from({ length: 256 }, () => {
    const session = createTestKey();
    return {
      ...authFrame(signInMessage(createTestKey(), session, { domain }), session, nonce),
      t: 'auth' as const,
    };
  });
  const ctx = { nonce, domain, cluster: 'localnet', now: Date.now() };
  const rounds = 20;
  let started = performance.now();
  for (let r = 0; r < rounds; r++) {
    const results = await Promise.all(frames.map((f) => verifySignIn(f, ctx)));
    if (!results.every((x) => x.ok)) throw new Error('benchmark sign-in did not verify');
  }
  const verifySignInsPerSecond = Math.round(
    (rounds * frames.length) / ((performance.now() - started) / 1000),
  );

  const ghostIds = new GhostIds(new EpochKeyring(new EpochClock({ epochSeconds: 300, epochWindow: 12 })));
  const wallet = new Uint8Array(32).fill(9);
  const issues = 50_000;
  started = performance.now();
  const issued: string[] = [];
  for (let i = 0; i < issues; i++) issued.push(ghostIds.issue(wallet).ghostId);
  const issuePerSecond = Math.round(issues / ((performance.now() - started) / 1000));

  const batch = issued.slice(0, 32);
  const samples: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const t = performance.now();
    for (const g of batch) ghostIds.isLive(g);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return {
    verifySignInsPerSecond,
    issuePerSecond,
    check32MedianMs: Number(samples[Math.floor(samples.length / 2)]!.toFixed(4)),
    check32P99Ms: Number(samples[Math.floor(samples.length * 0.99)]!.toFixed(4)),
  };
}
