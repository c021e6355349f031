/**
 * Issue #4 benchmark: quote → all keys minted for 10 invitees on the embedded chain, end to end
 * through the real server (the wallet's signing included), and the redeem of an already-minted
 * payment, which is the payment verification plus one existence check per key.
 */
import { createSilentLogger } from '../../server/log/logger.ts';
import { party, request } from '../../tests/support/paid-harness.ts';
import { signWireTransaction } from '../../tests/support/test-payments.ts';
import { startTestServer } from '../../tests/support/test-server.ts';
import { median } from '../stats.ts';

const INVITEES = 10;
const ROUNDS = 5;

export interface PaidBenchResult {
  invitees: number;
  quoteMs: number;
  redeemMs: number;
  quoteToKeysMs: number;
  verifyOnlyRedeemMs: number;
}

export async function runPaidBench(): Promise<PaidBenchResult> {
  const server = await startTestServer({}, { logger: createSilentLogger() });
  const quoteMs: number[] = [];
  const redeemMs: number[] = [];
  const totalMs: number[] = [];
  const verifyMs: number[] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const initiator = await party(server, true);
      const invitees = await Promise.all(Array.from({ length: INVITEES }, () => party(server)));
      const started = performance.now();
      const quote = await request(initiator, {
        t: 'quote',
        ghostIds: invitees.map((i) => i.ghost.ghostId),
        name: 'Benchmark chat',
        ttl: 3600,
      });
      const quoted = performance.now();
      const tx = signWireTransaction(String(quote.tx), initiator.wallet);
      const signed = performance.now();
      const minted = await request(initiator, { t: 'redeem', quote: quote.quote, tx });
      const done = performance.now();
      if (minted.t !== 'minted') throw new Error(`redeem failed: ${String(minted.message)}`);
      const again = performance.now();
      await request(initiator, { t: 'redeem', quote: quote.quote, tx });
      verifyMs.push(performance.now() - again);
      quoteMs.push(quoted - started);
      redeemMs.push(done - signed);
      totalMs.push(done - started);
      for (const p of [initiator, ...invitees]) p.client.close();
    }
  } finally {
    await server.stop();
  }
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    invitees: INVITEES,
    quoteMs: round1(median(quoteMs)),
    redeemMs: round1(median(redeemMs)),
    quoteToKeysMs: round1(median(totalMs)),
    verifyOnlyRedeemMs: round1(median(verifyMs)),
  };
}
