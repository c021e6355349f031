/**
 * The server's quote against the client's payment check (shared/solana/quoted-payment.ts), over a
 * real socket and the embedded chain: what the server builds is exactly what clients accept, with
 * the treasury `/v1/health` announces (PROTOCOL.md §1, §4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeB64u } from '../../shared/encoding.ts';
import { checkQuotedPayment } from '../../shared/solana/quoted-payment.ts';
import { party, request, startPaidServer, treasuryOf } from '../support/paid-harness.ts';
import type { TestServer } from '../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startPaidServer();
});
afterAll(() => server.stop());

describe('a quote’s payment transaction', () => {
  it('passes the client’s check against the session’s wallet, the health treasury and the quote', async () => {
    const [initiator, invitee] = await Promise.all([party(server), party(server)]);
    const quote = await request(initiator, {
      t: 'quote',
      ghostIds: [invitee.ghost.ghostId],
      name: 'Plans',
      ttl: 3600,
    });
    const health = (await (await fetch(`${server.url}/v1/health`)).json()) as { treasury: string };
    expect(health.treasury).toBe(treasuryOf(server));
    const quoted = {
      payer: initiator.wallet.address,
      treasury: health.treasury,
      lamports: BigInt(String(quote.lamports)),
    };
    const check = checkQuotedPayment(decodeB64u(String(quote.tx))!, quoted);
    expect(check).toMatchObject({
      ok: true,
      payment: { destination: health.treasury, lamports: quoted.lamports },
    });
    expect(check.ok && check.payment.memo).toMatch(/^anoghost:quote:[A-Za-z0-9_-]{22}$/);
    // Another session's wallet is not this payment's payer.
    expect(
      checkQuotedPayment(decodeB64u(String(quote.tx))!, { ...quoted, payer: invitee.wallet.address }),
    ).toMatchObject({
      ok: false,
      problem: expect.stringContaining('its fee payer'),
    });
    initiator.client.close();
    invitee.client.close();
  });
});
