/**
 * The life of an invitation (PROTOCOL.md §4, docs/protocol.md §4 "Invitations"), through the real
 * server and chain: declined, expired, pushed to a session that signs in later and to every
 * session of the wallet at once, answered on one of them, and across server restarts on the same
 * data dir (a redeem again restores pending invitations under the same ids, never answered ones).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getSignatureFromTransaction, getTransactionDecoder } from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INVITE_LIFETIME_MS } from '../../shared/protocol/limits.ts';
import type { Frame } from '../support/frame-client.ts';
import {
  acceptInvite,
  type ClockedPaidServer,
  nextInvite,
  openPaidChat,
  type PaidServer,
  type Party,
  party,
  request,
  startPaidServer,
  treasuryHistory,
  withInviteKey,
} from '../support/paid-harness.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { signWireTransaction } from '../support/test-payments.ts';
import { startTestServer } from '../support/test-server.ts';

let server: ClockedPaidServer;
beforeAll(async () => {
  server = await startPaidServer();
});
afterAll(() => server.stop());

const closeAll = (...parties: { client: { close(): void } }[]) => {
  for (const p of parties) p.client.close();
};

/** The same redeem again, naming the payment by its signature (as after a restart). */
function redeemAgain(a: Party, chat: Awaited<ReturnType<typeof openPaidChat>>): Promise<Frame> {
  const signed = signWireTransaction(String(chat.quote.tx), a.wallet);
  const signature = getSignatureFromTransaction(
    getTransactionDecoder().decode(Buffer.from(signed, 'base64url')),
  );
  return request(a, {
    t: 'redeem',
    quote: chat.quote.quote,
    signature,
    holder: chat.holder,
    invites: chat.invites,
  });
}

describe('answers', () => {
  it('declines: the invitation is gone, an accept after it is invite_expired, nothing is minted', async () => {
    const a = await party(server, true);
    const b = await party(server);
    const chat = await openPaidChat(a, [b]);
    const { invite } = await nextInvite(b);
    const before = await treasuryHistory(server);
    expect(await request(b, { t: 'decline', invite })).toEqual({ t: 'declined', id: expect.any(String) });
    expect((await request(b, { t: 'invites' })).invites).toEqual([]);
    expect(await acceptInvite(b, invite)).toMatchObject({ reply: { code: 'invite_expired' } });
    expect(await request(b, { t: 'decline', invite })).toMatchObject({ code: 'invite_expired' });
    // A redeem again does not bring it back while the server remembers the decline.
    expect(await redeemAgain(a, chat)).toMatchObject({ t: 'minted', invited: 1 });
    expect((await request(b, { t: 'invites' })).invites).toEqual([]);
    expect(await treasuryHistory(server)).toBe(before);
    closeAll(a, b);
  });

  it('expires with the chat: no longer listed, and answers get invite_expired', async () => {
    const a = await party(server, true);
    const b = await party(server);
    await openPaidChat(a, [b], { ttl: 60 });
    const { invite, expiresAt } = await nextInvite(b);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
    await server.withClockAhead(2 * 60_000, async () => {
      expect((await request(b, { t: 'invites' })).invites).toEqual([]);
      expect(await acceptInvite(b, invite)).toMatchObject({ reply: { code: 'invite_expired' } });
      expect(await request(b, { t: 'decline', invite })).toMatchObject({ code: 'invite_expired' });
    });
    closeAll(a, b);
  });

  it('lives 7 days at most, even in a longer chat', async () => {
    const a = await party(server, true);
    const b = await party(server);
    await openPaidChat(a, [b], { ttl: 30 * 24 * 3600 });
    const { expiresAt } = await nextInvite(b);
    expect(Math.abs(expiresAt - (Date.now() + MAX_INVITE_LIFETIME_MS))).toBeLessThan(10_000);
    closeAll(a, b);
  });
});

describe('pushes', () => {
  it('reaches a session that signs in later, and every later sign-in until answered', async () => {
    const a = await party(server, true);
    const b = await party(server);
    b.client.close(); // the invitee is offline when the chat is paid
    const chat = await openPaidChat(a, [b]);
    expect(chat.minted.t).toBe('minted');
    const later = { ...b, ...(await connectSignedIn(server, { wallet: b.wallet })) };
    const first = await nextInvite(later); // its client still holds the card's invite key
    const again = { ...b, ...(await connectSignedIn(server, { wallet: b.wallet })) };
    expect((await nextInvite(again)).invite).toBe(first.invite);
    expect(await acceptInvite(again, first.invite)).toMatchObject({ reply: { t: 'accepted' } });
    const afterwards = await connectSignedIn(server, { wallet: b.wallet });
    expect((await request(afterwards, { t: 'invites' })).invites).toEqual([]);
    expect(afterwards.client.frames.filter((f) => f.t === 'invite')).toEqual([]);
    closeAll(a, later, again, afterwards);
  });

  it('reaches every session of the wallet at once; an answer on one leaves the other invite_expired', async () => {
    const a = await party(server, true);
    const phone = await party(server);
    const laptop = withInviteKey(await connectSignedIn(server, { wallet: phone.wallet }));
    await openPaidChat(a, [phone]);
    const [onPhone, onLaptop] = await Promise.all([
      nextInvite(phone),
      laptop.client.next('invite').then((f) => String(f.invite)),
    ]);
    expect(onLaptop).toBe(onPhone.invite);
    const other = await party(server); // another wallet: never pushed
    expect(await acceptInvite(phone, onPhone.invite)).toMatchObject({ reply: { t: 'accepted' } });
    expect((await request(laptop, { t: 'invites' })).invites).toEqual([]);
    expect(await acceptInvite(laptop, onPhone.invite)).toMatchObject({ reply: { code: 'invite_expired' } });
    expect(other.client.frames.filter((f) => f.t === 'invite')).toEqual([]);
    closeAll(a, phone, laptop, other);
  });
});

describe('restarts', () => {
  it('restores pending invitations on a redeem again, under the same ids, never answered ones', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-invites-'));
    const start = async () => (await startTestServer({ ANOGHOST_DATA_DIR: dataDir })) as PaidServer;
    let running = await start();
    try {
      const a = await party(running, true);
      const [b, c, d] = await Promise.all([party(running), party(running), party(running)]);
      const chat = await openPaidChat(a, [b, c, d]);
      const ids = await Promise.all([b, c, d].map((p) => nextInvite(p).then((i) => i.invite)));
      // d accepts before the restart.
      const dKey = await acceptInvite(d, ids[2]!);
      expect(dKey.reply.t).toBe('accepted');
      closeAll(a, b, c, d);
      await running.stop();

      // Second life: the invitations were in memory only, so nothing until the initiator redeems again.
      running = await start();
      const reconnect = async (p: Party) => ({
        ...p,
        ...(await connectSignedIn(running, { wallet: p.wallet })),
      });
      const [a2, b2, c2, d2] = (await Promise.all([a, b, c, d].map(reconnect))) as [
        Party,
        Party,
        Party,
        Party,
      ];
      for (const p of [b2, c2, d2]) expect((await request(p, { t: 'invites' })).invites).toEqual([]);
      expect(await acceptInvite(b2, ids[0]!)).toMatchObject({ reply: { code: 'not_found' } });
      expect(await redeemAgain(a2, chat)).toMatchObject({ t: 'minted', mine: chat.minted.mine, invited: 3 });
      expect((await nextInvite(b2)).invite).toBe(ids[0]);
      expect((await nextInvite(c2)).invite).toBe(ids[1]);
      expect((await request(d2, { t: 'invites' })).invites).toEqual([]); // accepted: its key is on chain
      expect(d2.client.frames.filter((f) => f.t === 'invite')).toEqual([]);
      // b accepts, c declines; a redeem again brings neither back while this server lives.
      const bKey = await acceptInvite(b2, ids[0]!);
      expect(bKey.reply.t).toBe('accepted');
      expect(await request(c2, { t: 'decline', invite: ids[1] })).toMatchObject({ t: 'declined' });
      expect(await redeemAgain(a2, chat)).toMatchObject({ t: 'minted' });
      for (const p of [b2, c2]) expect((await request(p, { t: 'invites' })).invites).toEqual([]);
      closeAll(a2, b2, c2, d2);
      await running.stop();

      // Third life: the accepted ones stay answered (keys on chain); the decline was forgotten.
      running = await start();
      const [a3, b3, c3] = (await Promise.all([a, b, c].map(reconnect))) as [Party, Party, Party];
      await redeemAgain(a3, chat);
      expect((await nextInvite(c3)).invite).toBe(ids[1]);
      expect((await request(b3, { t: 'invites' })).invites).toEqual([]);
      // Each accepted key still joins; the holders list them.
      expect((await request(b3, { t: 'keys', holders: [bKey.holder] })).keys).toEqual([
        { mint: bKey.mint, expiresAt: expect.any(Number) },
      ]);
      expect(await request(b3, { t: 'join', key: bKey.mint })).toMatchObject({ t: 'joined' });
      closeAll(a3, b3, c3);
    } finally {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
