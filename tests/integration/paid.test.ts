/**
 * Paid chats, version 2 (PROTOCOL.md §4), through the real server, real WebSockets and the
 * embedded chain's JSON-RPC: the initiator quotes ghost cards, pays, redeems with its one-time
 * holder and one real envelope per invitee; each invitee's sessions get the `invite` push, open the
 * envelope with the card's invite key, accept with a holder of their own; `keys` with the holders
 * lists the key, `join` with it works, and a wallet the key is not bound to is refused.
 */
import {
  address,
  fetchEncodedAccount,
  getSignatureFromTransaction,
  getTransactionDecoder,
} from '@solana/kit';
import { getMintDecoder, getTokenDecoder, TOKEN_2022_PROGRAM_ADDRESS } from '@solana-program/token-2022';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferKey } from '../support/key-transfer.ts';
import {
  acceptInvite,
  type ClockedPaidServer,
  nextInvite,
  openPaidChat,
  type Party,
  party,
  request,
  rpcOf,
  startPaidServer,
  treasuryOf,
} from '../support/paid-harness.ts';
import { airdrop, signWireTransaction } from '../support/test-payments.ts';
import { createTestKey } from '../support/test-wallet.ts';

const PRICE = 10_000_000n;
let server: ClockedPaidServer;
beforeAll(async () => {
  server = await startPaidServer();
});
afterAll(() => server.stop());

async function decodeKey(mint: string) {
  const account = await fetchEncodedAccount(rpcOf(server), address(mint));
  if (!account.exists) throw new Error('mint missing');
  expect(account.programAddress).toBe(TOKEN_2022_PROGRAM_ADDRESS);
  const decoded = getMintDecoder().decode(account.data);
  const extensions = decoded.extensions.__option === 'Some' ? decoded.extensions.value : [];
  const metadata = extensions.find((e) => e.__kind === 'TokenMetadata');
  const pointer = extensions.find((e) => e.__kind === 'MetadataPointer');
  if (metadata?.__kind !== 'TokenMetadata' || pointer?.__kind !== 'MetadataPointer')
    throw new Error('no metadata');
  return { decoded, extensions, metadata, pointer };
}

/** The owner of `holder`'s token account of `mint`, and its amount. */
async function tokenOf(holder: string, mint: string) {
  const { value } = await rpcOf(server)
    .getTokenAccountsByOwner(address(holder), { mint: address(mint) }, { encoding: 'base64' })
    .send();
  expect(value).toHaveLength(1);
  return getTokenDecoder().decode(Buffer.from(value[0]!.account.data[0], 'base64'));
}

const closeAll = (...parties: Party[]) => {
  for (const p of parties) p.client.close();
};

describe('paid chats v2: the whole flow', () => {
  it('one invitee: quote with a card, redeem, the invite push, accept, keys, join, and refusals', async () => {
    const a = await party(server, true);
    const b = await party(server);
    const { quote, minted, payload, holder } = await openPaidChat(a, [b], { name: 'Plans', ttl: 3600 });
    expect(quote).toMatchObject({ t: 'quote', live: [true], lamports: String(2n * PRICE) });
    expect(quote.name).toBeUndefined();
    // The blockhash lasts 150 blocks of 400 ms on the embedded chain: payBy is about a minute away.
    expect(Number(quote.payBy) - Date.now()).toBeGreaterThan(50_000);
    expect(Number(quote.payBy) - Date.now()).toBeLessThanOrEqual(61_000);
    expect(minted).toEqual({ t: 'minted', id: expect.any(String), mine: expect.any(String), invited: 1 });

    // The initiator's key: minted to its one-time holder, bound to its wallet, generic on chain.
    const treasury = treasuryOf(server);
    const mine = await decodeKey(String(minted.mine));
    expect(mine.decoded).toMatchObject({ decimals: 0, supply: 1n, mintAuthority: { __option: 'None' } });
    expect(mine.extensions.map((e) => e.__kind)).toEqual(
      expect.arrayContaining(['NonTransferable', 'MetadataPointer', 'TokenMetadata']),
    );
    expect(mine.metadata).toMatchObject({ name: 'AnoGhost key', symbol: 'GHOST', mint: minted.mine });
    expect(mine.metadata.updateAuthority).toEqual({ __option: 'Some', value: treasury });
    expect([...mine.metadata.additionalMetadata.keys()].sort()).toEqual(['ghost', 'room']);
    expect((await tokenOf(holder, String(minted.mine))).owner).toBe(holder);
    expect(holder).not.toBe(a.wallet.address);

    // The invitee's session got the invitation; its envelope opens with the card's invite key.
    const invitation = await nextInvite(b);
    expect(invitation.payload).toEqual(payload);
    expect(invitation.invite).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(invitation.expiresAt).toBeLessThanOrEqual(Math.ceil((Date.now() + 3600_000) / 1000) * 1000);
    expect((await request(b, { t: 'invites' })).invites).toEqual([
      { invite: invitation.invite, envelope: invitation.envelope, expiresAt: invitation.expiresAt },
    ]);
    // Nothing on chain for the invitee until it accepts.
    expect(
      (
        await rpcOf(server)
          .getTokenAccountsByOwner(address(b.wallet.address), { programId: TOKEN_2022_PROGRAM_ADDRESS })
          .send()
      ).value,
    ).toEqual([]);

    const accepted = await acceptInvite(b, invitation.invite);
    expect(accepted.reply).toEqual({ t: 'accepted', id: expect.any(String), mint: expect.any(String) });
    expect(accepted.mint).not.toBe(minted.mine);
    const bKey = await decodeKey(accepted.mint);
    expect(bKey.metadata.name).toBe('AnoGhost key');
    expect((await tokenOf(accepted.holder, accepted.mint)).owner).toBe(accepted.holder);
    const [roomA, roomB] = [mine, bKey].map((k) => k.metadata.additionalMetadata.get('room'));
    expect(roomA).not.toBe(roomB); // one room, different sealed values per key
    expect((await request(b, { t: 'invites' })).invites).toEqual([]);

    // keys: by holders, only what is bound to the asking wallet.
    expect((await request(b, { t: 'keys', holders: [accepted.holder] })).keys).toEqual([
      { mint: accepted.mint, expiresAt: expect.any(Number) },
    ]);
    expect((await request(a, { t: 'keys', holders: [holder, accepted.holder] })).keys).toEqual([
      { mint: minted.mine, expiresAt: expect.any(Number) },
    ]);
    expect((await request(b, { t: 'keys', holders: [holder] })).keys).toEqual([]);

    // join: the binding counts, not who holds the token.
    const joinedB = await request(b, { t: 'join', key: accepted.mint });
    const joinedA = await request(a, { t: 'join', key: String(minted.mine) });
    // Rooms version 2: no chat name in the reply (it travels in the envelopes); the group starts at epoch 0.
    expect(joinedB).toMatchObject({ t: 'joined', members: [], epoch: 0, groupInfo: null, admission: 'open' });
    expect(joinedB).not.toHaveProperty('name');
    expect(joinedA.room).toBe(joinedB.room);
    expect(String(joinedA.room)).toMatch(/^p[A-Za-z0-9_-]{43}$/);
    a.client.send({ t: 'send', room: joinedA.room, ct: 'SGVsbG8' });
    expect(await b.client.next('msg')).toMatchObject({ room: joinedB.room, ct: 'SGVsbG8' });
    // A wallet the key is not bound to: forbidden, even the initiator with the invitee's key.
    const c = await party(server);
    expect(await request(c, { t: 'join', key: accepted.mint })).toMatchObject({
      code: 'forbidden',
    });
    expect(await request(a, { t: 'join', key: accepted.mint })).toMatchObject({
      code: 'forbidden',
    });
    closeAll(a, b, c);
  });

  it('ten invitees: one invitation each, each accepted to its own holder, all in one room', async () => {
    const a = await party(server, true);
    const invitees = await Promise.all(Array.from({ length: 10 }, () => party(server)));
    const { quote, minted, payload } = await openPaidChat(a, invitees, { name: 'Ten', ttl: 600 });
    expect(quote.lamports).toBe(String(11n * PRICE));
    expect(minted).toMatchObject({ t: 'minted', invited: 10 });
    const invitations = await Promise.all(invitees.map((i) => nextInvite(i)));
    for (const inv of invitations) expect(inv.payload).toEqual(payload);
    expect(new Set(invitations.map((i) => i.invite)).size).toBe(10);
    // Five at a time: every invitee here connects from one address, whose writes are budgeted (8).
    const accepted: Awaited<ReturnType<typeof acceptInvite>>[] = [];
    for (const batch of [invitees.slice(0, 5), invitees.slice(5)]) {
      accepted.push(
        ...(await Promise.all(batch.map((i) => acceptInvite(i, invitations[invitees.indexOf(i)]!.invite)))),
      );
    }
    for (const x of accepted) expect(x.reply.t).toBe('accepted');
    expect(new Set(accepted.map((x) => x.mint)).size).toBe(10);
    expect(new Set(accepted.map((x) => x.holder)).size).toBe(10);
    const handles = new Set<unknown>();
    for (const [n, invitee] of invitees.entries()) {
      const { mint, holder } = accepted[n]!;
      expect((await request(invitee, { t: 'keys', holders: [holder] })).keys).toEqual([
        { mint, expiresAt: expect.any(Number) },
      ]);
      const joined = await request(invitee, { t: 'join', key: mint });
      expect(joined).toMatchObject({ t: 'joined' });
      handles.add(joined.room);
    }
    expect(handles.size).toBe(1);
    closeAll(a, ...invitees);
  }, 90_000);

  it('quotes only the live ones among cards and bare ghostIds, and refuses a malformed card', async () => {
    const a = await party(server, true);
    const b = await party(server);
    const quote = await request(a, {
      t: 'quote',
      ghostIds: [b.card, 'not-a-ghost', String(b.ghost.ghostId)],
      ttl: 600,
    });
    expect(quote).toMatchObject({ t: 'quote', live: [true, false, true], lamports: String(3n * PRICE) });
    expect(await request(a, { t: 'quote', ghostIds: [`${b.ghost.ghostId}.short`], ttl: 600 })).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/ghost card/),
    });
    expect(await request(a, { t: 'check', ghostIds: [b.card, `${b.ghost.ghostId}.x`] })).toMatchObject({
      code: 'bad_request',
    });
    expect(await request(a, { t: 'check', ghostIds: [b.card, 'nope'] })).toMatchObject({
      t: 'checked',
      live: [true, false],
    });
    closeAll(a, b);
  });

  it('redeem is idempotent: the same payment again mints nothing and offers nothing twice', async () => {
    const a = await party(server, true);
    const b = await party(server);
    const { quote, minted, invites, holder } = await openPaidChat(a, [b]);
    const first = await nextInvite(b);
    const again = await request(a, {
      t: 'redeem',
      quote: quote.quote,
      signature: paymentSignatureOf(a, quote),
      holder,
      invites,
    });
    expect(again).toMatchObject({ t: 'minted', mine: minted.mine, invited: 1 });
    expect(
      await rpcOf(server)
        .getSignaturesForAddress(address(String(minted.mine)))
        .send(),
    ).toHaveLength(1);
    // The pending invitation is the same one, not pushed again.
    expect((await request(b, { t: 'invites' })).invites).toHaveLength(1);
    expect(b.client.frames.filter((f) => f.t === 'invite')).toEqual([]);
    // After the accept, another redeem brings nothing back.
    await acceptInvite(b, first.invite);
    await request(a, {
      t: 'redeem',
      quote: quote.quote,
      signature: paymentSignatureOf(a, quote),
      holder,
      invites,
    });
    expect((await request(b, { t: 'invites' })).invites).toEqual([]);
    closeAll(a, b);
  });

  it('keeps a key soulbound: its holder cannot transfer it', async () => {
    const a = await party(server, true);
    const b = await party(server);
    await openPaidChat(a, [b]);
    const { invite } = await nextInvite(b);
    const holder = createTestKey();
    await airdrop(server.url, holder.address);
    const reply = await request(b, { t: 'accept', invite, holder: holder.address });
    const mint = address(String(reply.mint));
    const result = await transferKey(server, holder, mint, a.wallet.address);
    expect(result).toMatch(/Custom":37|Transfer is disabled|0x25/);
    expect((await request(b, { t: 'keys', holders: [holder.address] })).keys).toHaveLength(1);
    closeAll(a, b);
  });
});

/** The signature of the payment `who` signed for `quote` (the same bytes as the `tx` redeem). */
function paymentSignatureOf(who: Party, quote: Record<string, unknown>): string {
  const signed = signWireTransaction(String(quote.tx), who.wallet);
  return getSignatureFromTransaction(getTransactionDecoder().decode(Buffer.from(signed, 'base64url')));
}
