import { address, getSignatureFromTransaction, getTransactionDecoder } from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClockedPaidServer,
  memoOf,
  party,
  paymentInstructions,
  payQuote,
  request,
  sendAndWait,
  signedTransaction,
  startPaidServer,
  treasuryOf,
} from '../support/paid-harness.ts';
import { signWireTransaction } from '../support/test-payments.ts';

let server: ClockedPaidServer;
beforeAll(async () => {
  server = await startPaidServer();
});
afterAll(() => server.stop());

describe('paid chat refusals', () => {
  let a: Awaited<ReturnType<typeof party>>;
  let b: Awaited<ReturnType<typeof party>>;
  beforeAll(async () => {
    a = await party(server, true);
    b = await party(server);
  });
  afterAll(() => {
    a.client.close();
    b.client.close();
  });

  const freshQuote = () =>
    request(a, { t: 'quote', ghostIds: [b.ghost.ghostId], name: 'Refusals', ttl: 600 });

  it('answers no_live_ghosts when no ghostId is live', async () => {
    expect(await request(a, { t: 'quote', ghostIds: ['x'.repeat(92)], name: 'x', ttl: 600 })).toMatchObject({
      code: 'no_live_ghosts',
    });
  });

  const variants: Array<
    [string, (treasury: string, lamports: bigint, memo: string) => [string, bigint, string | undefined]]
  > = [
    ['an underpayment', (t, l, m) => [t, l - 1n, m]],
    ['a wrong destination', (_t, l, m) => [a.wallet.address, l, m]],
    ['a wrong memo', (t, l) => [t, l, 'anoghost:quote:AAAAAAAAAAAAAAAAAAAAAA']],
    ['a missing memo', (t, l) => [t, l, undefined]],
  ];
  for (const [name, change] of variants) {
    it(`refuses ${name} with payment_invalid, before and after it is on chain`, async () => {
      const quote = await freshQuote();
      const [to, lamports, memo] = change(
        treasuryOf(server),
        BigInt(String(quote.lamports)),
        memoOf(String(quote.tx)),
      );
      const tx = await signedTransaction(
        server,
        a.wallet,
        paymentInstructions(a.wallet, address(to), lamports, memo),
      );
      expect(await request(a, { t: 'redeem', quote: quote.quote, tx: tx.b64u })).toMatchObject({
        code: 'payment_invalid',
      });
      await sendAndWait(server, tx.base64, tx.signature);
      expect(await request(a, { t: 'redeem', quote: quote.quote, signature: tx.signature })).toMatchObject({
        code: 'payment_invalid',
      });
    });
  }

  it('refuses a payment reused for another quote', async () => {
    const first = await freshQuote();
    const paid = await payQuote(a, first);
    expect(paid.t).toBe('minted');
    const { signature } = signedTransactionFromQuote(first);
    const second = await freshQuote();
    expect(await request(a, { t: 'redeem', quote: second.quote, signature })).toMatchObject({
      code: 'payment_invalid',
    });
  });

  it('refuses a redeem of another wallet’s quote, and a forged quote', async () => {
    const quote = await freshQuote();
    expect(await request(b, { t: 'redeem', quote: quote.quote, tx: quote.tx })).toMatchObject({
      code: 'forbidden',
    });
    const forged = `${String(quote.quote).slice(0, -4)}AAAA`;
    expect(await request(a, { t: 'redeem', quote: forged, tx: quote.tx })).toMatchObject({
      code: 'bad_request',
    });
  });

  it('refuses an expired quote', async () => {
    const quote = await freshQuote();
    const tx = signWireTransaction(String(quote.tx), a.wallet);
    await server.withClockAhead(11 * 60_000, async () => {
      expect(await request(a, { t: 'redeem', quote: quote.quote, tx })).toMatchObject({
        code: 'quote_expired',
      });
    });
  });

  it('answers payment_failed for a payment the chain refuses (no funds)', async () => {
    const poor = await party(server);
    const quote = await request(poor, { t: 'quote', ghostIds: [b.ghost.ghostId], name: 'Broke', ttl: 600 });
    const reply = await payQuote(poor, quote);
    expect(reply).toMatchObject({ code: 'payment_failed' });
    poor.client.close();
  });

  function signedTransactionFromQuote(quote: Record<string, unknown>) {
    const signed = getTransactionDecoder().decode(
      Buffer.from(signWireTransaction(String(quote.tx), a.wallet), 'base64url'),
    );
    return { signature: getSignatureFromTransaction(signed) };
  }
});

describe('chain work per session', () => {
  it('refuses more than 2 paid-chat requests under way at once with rate_limited', async () => {
    const a = await party(server);
    const quote = await request(a, { t: 'quote', ghostIds: [a.ghost.ghostId], name: 'Busy', ttl: 600 });
    const unknown = '1'.repeat(64); // a well-formed signature of no transaction: redeem waits for it
    for (let i = 0; i < 4; i++)
      a.client.send({ t: 'redeem', id: `busy-${i}`, quote: quote.quote, signature: unknown });
    const limited = await Promise.all([2, 3].map((i) => a.client.next((f) => f.id === `busy-${i}`)));
    for (const reply of limited) expect(reply).toMatchObject({ t: 'error', code: 'rate_limited' });
    expect(await request(a, { t: 'ping' })).toMatchObject({ t: 'pong' });
    a.client.close();
  });
});
