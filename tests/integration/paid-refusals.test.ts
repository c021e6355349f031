/**
 * Paid-chat refusals (PROTOCOL.md §4, §5): payments that are not the quoted one, quotes that are not
 * the session's, and the bad input of version 2 (envelopes of the wrong count or size, holders that
 * are not addresses, unknown, expired or answered invitations, another wallet's accepts, replays,
 * keys bound to another wallet). Each gets its code, and nothing is minted or changed: the
 * treasury's history on chain is the same before and after.
 */
import {
  address,
  generateKeyPairSigner,
  getSignatureFromTransaction,
  getTransactionDecoder,
} from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeB64u } from '../../shared/encoding.ts';
import { MAX_INVITE_ENVELOPE_BYTES } from '../../shared/protocol/limits.ts';
import {
  acceptInvite,
  type ClockedPaidServer,
  chatPayload,
  envelopesFor,
  holderOf,
  memoOf,
  nextInvite,
  openPaidChat,
  type Party,
  party,
  paymentInstructions,
  payQuote,
  quoteIdOf,
  request,
  rpcOf,
  sendAndWait,
  signedTransaction,
  startPaidServer,
  treasuryHistory,
  treasuryOf,
  withInviteKey,
} from '../support/paid-harness.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { signWireTransaction } from '../support/test-payments.ts';

let server: ClockedPaidServer;
beforeAll(async () => {
  server = await startPaidServer();
});
afterAll(() => server.stop());

describe('paid chat refusals', () => {
  let a: Party;
  let b: Party;
  beforeAll(async () => {
    a = await party(server, true);
    b = await party(server);
  });
  afterAll(() => {
    a.client.close();
    b.client.close();
  });

  const freshQuote = () => request(a, { t: 'quote', ghostIds: [b.card], ttl: 600 });
  const envelopes = (quote: Record<string, unknown>) =>
    envelopesFor([b], quote.live as boolean[], chatPayload('Refusals', 600));
  const v2 = (quote: Record<string, unknown>) => ({
    holder: holderOf(a, 'initiator', quoteIdOf(quote)),
    invites: envelopes(quote),
  });

  it('answers no_live_ghosts when no ghostId is live', async () => {
    expect(await request(a, { t: 'quote', ghostIds: ['x'.repeat(92)], ttl: 600 })).toMatchObject({
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
      expect(await request(a, { t: 'redeem', quote: quote.quote, tx: tx.b64u, ...v2(quote) })).toMatchObject({
        code: 'payment_invalid',
      });
      await sendAndWait(server, tx.base64, tx.signature);
      expect(
        await request(a, { t: 'redeem', quote: quote.quote, signature: tx.signature, ...v2(quote) }),
      ).toMatchObject({ code: 'payment_invalid' });
    });
  }

  it('refuses a payment reused for another quote', async () => {
    const first = await freshQuote();
    const paid = await payQuote(a, first, envelopes(first));
    expect(paid.t).toBe('minted');
    await nextInvite(b);
    const { signature } = signedTransactionFromQuote(first);
    const second = await freshQuote();
    expect(await request(a, { t: 'redeem', quote: second.quote, signature, ...v2(second) })).toMatchObject({
      code: 'payment_invalid',
    });
  });

  it('refuses a redeem of another wallet’s quote, and a forged quote', async () => {
    const quote = await freshQuote();
    expect(await request(b, { t: 'redeem', quote: quote.quote, tx: quote.tx, ...v2(quote) })).toMatchObject({
      code: 'forbidden',
    });
    const forged = `${String(quote.quote).slice(0, -4)}AAAA`;
    expect(await request(a, { t: 'redeem', quote: forged, tx: quote.tx, ...v2(quote) })).toMatchObject({
      code: 'bad_request',
    });
  });

  it('refuses an expired quote', async () => {
    const quote = await freshQuote();
    const tx = signWireTransaction(String(quote.tx), a.wallet);
    await server.withClockAhead(11 * 60_000, async () => {
      expect(await request(a, { t: 'redeem', quote: quote.quote, tx, ...v2(quote) })).toMatchObject({
        code: 'quote_expired',
      });
    });
  });

  it('answers payment_failed for a payment the chain refuses (no funds)', async () => {
    const poor = await party(server);
    const quote = await request(poor, { t: 'quote', ghostIds: [b.card], ttl: 600 });
    const reply = await payQuote(poor, quote, envelopes(quote));
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
    const quote = await request(a, { t: 'quote', ghostIds: [a.card], ttl: 600 });
    const unknown = '1'.repeat(64); // a well-formed signature of no transaction: redeem waits for it
    const holder = holderOf(a, 'initiator', quoteIdOf(quote));
    const invites = envelopesFor([a], [true], chatPayload('Busy', 600));
    for (let i = 0; i < 4; i++)
      a.client.send({
        t: 'redeem',
        id: `busy-${i}`,
        quote: quote.quote,
        signature: unknown,
        holder,
        invites,
      });
    const limited = await Promise.all([2, 3].map((i) => a.client.next((f) => f.id === `busy-${i}`)));
    for (const reply of limited) expect(reply).toMatchObject({ t: 'error', code: 'rate_limited' });
    expect(await request(a, { t: 'ping' })).toMatchObject({ t: 'pong' });
    a.client.close();
  });
});

describe('bad input of version 2: a clear code, nothing minted, nothing changed', () => {
  let a: Party;
  let b: Party;
  let c: Party;
  beforeAll(async () => {
    a = await party(server, true);
    b = await party(server);
    c = await party(server);
  });
  afterAll(() => {
    for (const p of [a, b, c]) p.client.close();
  });

  /** Runs `refused` and checks it changed nothing on chain and no invitation appeared. */
  async function unchanged(refused: () => Promise<void>) {
    const history = await treasuryHistory(server);
    const pending = (await request(b, { t: 'invites' })).invites;
    await refused();
    expect(await treasuryHistory(server)).toBe(history);
    expect((await request(b, { t: 'invites' })).invites).toEqual(pending);
    expect(b.client.frames.filter((f) => f.t === 'invite')).toEqual([]);
  }

  async function redeemWith(change: (frame: Record<string, unknown>) => Record<string, unknown>) {
    const quote = await request(a, { t: 'quote', ghostIds: [b.card, c.card], ttl: 600 });
    const frame = {
      t: 'redeem',
      quote: quote.quote,
      tx: signWireTransaction(String(quote.tx), a.wallet),
      holder: holderOf(a, 'initiator', quoteIdOf(quote)),
      invites: envelopesFor([b, c], quote.live as boolean[], chatPayload('Bad', 600)),
    };
    return request(a, change(frame));
  }

  const invites = (f: Record<string, unknown>) => f.invites as string[];
  it.each([
    [
      'too few envelopes',
      (f: Record<string, unknown>) => ({ ...f, invites: invites(f).slice(1) }),
      'bad_request',
    ],
    [
      'too many envelopes',
      (f: Record<string, unknown>) => ({ ...f, invites: [...invites(f), invites(f)[0]] }),
      'bad_request',
    ],
    ['no envelopes', (f: Record<string, unknown>) => ({ ...f, invites: [] }), 'bad_request'],
    [
      'an envelope over the bound',
      (f: Record<string, unknown>) => ({
        ...f,
        invites: [encodeB64u(new Uint8Array(MAX_INVITE_ENVELOPE_BYTES + 1)), invites(f)[1]],
      }),
      'too_large',
    ],
    [
      'an envelope too short to be one',
      (f: Record<string, unknown>) => ({ ...f, invites: [invites(f)[0], encodeB64u(new Uint8Array(40))] }),
      'bad_request',
    ],
    [
      'an envelope that is not base64url',
      (f: Record<string, unknown>) => ({ ...f, invites: ['!!', invites(f)[1]] }),
      'bad_request',
    ],
    [
      'a holder that is not an address',
      (f: Record<string, unknown>) => ({ ...f, holder: 'not-an-address' }),
      'bad_request',
    ],
    [
      'a holder of 31 bytes',
      (f: Record<string, unknown>) => ({ ...f, holder: '1111111111111111111111111111111' }),
      'bad_request',
    ],
    ['no holder', (f: Record<string, unknown>) => ({ ...f, holder: undefined }), 'bad_request'],
  ])('refuses a redeem with %s, before any payment is made', async (_name, change, code) => {
    await unchanged(async () => {
      expect(await redeemWith(change)).toMatchObject({ t: 'error', code });
    });
  });

  it('refuses an accept or decline of an invitation that never existed (not_found), or a malformed one', async () => {
    await unchanged(async () => {
      const holder = (await generateKeyPairSigner()).address;
      expect(await request(b, { t: 'accept', invite: 'A'.repeat(22), holder })).toMatchObject({
        code: 'not_found',
      });
      expect(await request(b, { t: 'decline', invite: 'A'.repeat(22) })).toMatchObject({ code: 'not_found' });
      expect(await request(b, { t: 'accept', invite: 'short', holder })).toMatchObject({
        code: 'bad_request',
      });
    });
  });

  it('refuses accepts from another wallet’s session (not_found), a bad holder (bad_request), and replays', async () => {
    const chat = await openPaidChat(a, [b]);
    expect(chat.minted.t).toBe('minted');
    const { invite } = await nextInvite(b);
    await unchanged(async () => {
      expect(await acceptInvite(c, invite)).toMatchObject({ reply: { code: 'not_found' } });
      expect(await request(c, { t: 'decline', invite })).toMatchObject({ code: 'not_found' });
      expect(await request(b, { t: 'accept', invite, holder: 'nope' })).toMatchObject({
        code: 'bad_request',
      });
      expect(await request(b, { t: 'accept', invite })).toMatchObject({ code: 'bad_request' });
    });
    // Still pending for b after all that; b accepts once.
    expect((await request(b, { t: 'invites' })).invites).toEqual([expect.objectContaining({ invite })]);
    const accepted = await acceptInvite(b, invite);
    expect(accepted.reply.t).toBe('accepted');
    // Replays, in a row and at once: invite_expired, and the key has one transaction, its creation.
    await unchanged(async () => {
      const replies = await Promise.all([1, 2].map(() => acceptInvite(b, invite))); // 2: the session's budget
      for (const r of replies) expect(r.reply).toMatchObject({ code: 'invite_expired' });
      expect(await request(b, { t: 'decline', invite })).toMatchObject({ code: 'invite_expired' });
    });
    expect(await rpcOf(server).getSignaturesForAddress(address(accepted.mint)).send()).toHaveLength(1);
    // The key is bound to b: c cannot join with it or list it, even naming its holder.
    expect(await request(c, { t: 'join', key: accepted.mint })).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/not bound to you/),
    });
    expect((await request(c, { t: 'keys', holders: [accepted.holder] })).keys).toEqual([]);
  });

  it('answers concurrent accepts of one invitation with one key and invite_expired for the rest', async () => {
    const chat = await openPaidChat(a, [b]);
    expect(chat.minted.t).toBe('minted');
    const { invite } = await nextInvite(b);
    // Two sessions of the wallet, two accepts each: as much as the wallet's write budget lets run at once.
    const other = withInviteKey(await connectSignedIn(server, { wallet: b.wallet }), b.install);
    const replies = await Promise.all([b, b, other, other].map((p) => acceptInvite(p, invite)));
    other.client.close();
    const won = replies.filter((r) => r.reply.t === 'accepted');
    expect(won).toHaveLength(1);
    for (const r of replies.filter((x) => x.reply.t !== 'accepted'))
      expect(r.reply).toMatchObject({ code: 'invite_expired' });
  });

  it('refuses keys with too many holders or a malformed one', async () => {
    const holders = await Promise.all(
      Array.from({ length: 33 }, async () => (await generateKeyPairSigner()).address),
    );
    expect(await request(b, { t: 'keys', holders })).toMatchObject({ code: 'bad_request' });
    expect(await request(b, { t: 'keys', holders: ['x'] })).toMatchObject({ code: 'bad_request' });
    expect(await request(b, { t: 'keys' })).toMatchObject({ code: 'bad_request' });
    expect(await request(b, { t: 'keys', holders: holders.slice(0, 32) })).toMatchObject({
      t: 'keys',
      keys: [],
    });
  });
});
