import { address, fetchEncodedAccount } from '@solana/kit';
import { getMintDecoder, TOKEN_2022_PROGRAM_ADDRESS } from '@solana-program/token-2022';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferKey } from '../support/key-transfer.ts';
import {
  type ClockedPaidServer,
  inviteeKey,
  party,
  payQuote,
  request,
  rpcOf,
  startPaidServer,
  treasuryOf,
} from '../support/paid-harness.ts';
import { signWireTransaction } from '../support/test-payments.ts';

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

describe('paid chats (PROTOCOL.md §4)', () => {
  it('quotes, redeems and mints soulbound keys of the documented form; invitee joins and chats', async () => {
    const a = await party(server, true);
    const b = await party(server);
    const quote = await request(a, {
      t: 'quote',
      ghostIds: [b.ghost.ghostId, 'not-a-ghost'],
      name: 'Plans',
      ttl: 3600,
    });
    expect(quote).toMatchObject({ t: 'quote', live: [true, false], lamports: String(2n * PRICE) });
    expect(quote.expiresAt as number).toBeGreaterThan(Date.now() + 9 * 60_000);
    const minted = await payQuote(a, quote);
    expect(minted.t).toBe('minted');
    const keys = minted.keys as { mint: string; tx: string }[];
    expect(keys).toHaveLength(2);
    // Listed by mint address (not in ghostId order); `mine` names the initiator's.
    expect(keys.map((k) => k.mint)).toEqual(keys.map((k) => k.mint).sort());
    const bMint = inviteeKey(minted);
    expect(keys.map((k) => k.mint)).toContain(minted.mine);

    const treasury = treasuryOf(server);
    const forms = await Promise.all(keys.map((k) => decodeKey(k.mint)));
    for (const [i, { decoded, extensions, metadata, pointer }] of forms.entries()) {
      expect(decoded).toMatchObject({ decimals: 0, supply: 1n, mintAuthority: { __option: 'None' } });
      expect(extensions.map((e) => e.__kind)).toEqual(
        expect.arrayContaining(['NonTransferable', 'MetadataPointer', 'TokenMetadata']),
      );
      expect(pointer.metadataAddress).toEqual({ __option: 'Some', value: keys[i]!.mint });
      expect(metadata.updateAuthority).toEqual({ __option: 'Some', value: treasury });
      expect(metadata).toMatchObject({ name: 'Plans', symbol: 'GHOST', mint: keys[i]!.mint });
      expect([...metadata.additionalMetadata.keys()].sort()).toEqual(['ghost', 'room']);
    }
    const [room0, room1] = forms.map((f) => f.metadata.additionalMetadata.get('room'));
    const [ghost0, ghost1] = forms.map((f) => f.metadata.additionalMetadata.get('ghost'));
    expect(room0).not.toBe(room1); // one room, different sealed values per key
    expect(ghost0).not.toBe(ghost1);
    expect(String(ghost0)).not.toContain(b.wallet.address);

    const listed = await request(b, { t: 'keys' });
    expect(listed.keys).toEqual([{ mint: bMint, name: 'Plans', expiresAt: expect.any(Number) }]);
    expect((await request(a, { t: 'keys' })).keys).toEqual([expect.objectContaining({ mint: minted.mine })]);

    const joinedB = await request(b, { t: 'join', key: bMint });
    const joinedA = await request(a, { t: 'join', key: String(minted.mine) });
    // Version 2: no chat name in the reply (it travels end-to-end); the group starts at epoch 0.
    expect(joinedB).toMatchObject({ t: 'joined', members: [], epoch: 0, groupInfo: null, admission: 'open' });
    expect(joinedB).not.toHaveProperty('name');
    expect(joinedA.members).toEqual([joinedB.member]);
    expect(joinedA.room).toBe(joinedB.room);
    expect(String(joinedA.room)).toMatch(/^p[A-Za-z0-9_-]{43}$/);
    a.client.send({ t: 'send', room: joinedA.room, ct: 'SGVsbG8' });
    expect(await b.client.next('msg')).toMatchObject({ room: joinedB.room, ct: 'SGVsbG8' });
    // A paid room cannot be entered by its handle or anything derived from it.
    const c = await party(server);
    expect(await request(c, { t: 'join', room: String(joinedA.room).slice(1) })).toMatchObject({
      t: 'joined',
      members: [],
    });
    for (const p of [a, b, c]) p.client.close();
  });

  it('mints for 10 invitees: 11 keys, one each, all joinable by their holders', async () => {
    const a = await party(server, true);
    const invitees = await Promise.all(Array.from({ length: 10 }, () => party(server)));
    const quote = await request(a, {
      t: 'quote',
      ghostIds: invitees.map((i) => i.ghost.ghostId),
      name: 'Ten',
      ttl: 600,
      sealName: true,
    });
    expect(quote.lamports).toBe(String(11n * PRICE));
    const minted = await payQuote(a, quote);
    const keys = minted.keys as { mint: string }[];
    expect(new Set(keys.map((k) => k.mint)).size).toBe(11);
    const { metadata } = await decodeKey(String(minted.mine));
    expect(metadata.name).toBe('AnoGhost private chat'); // sealed name is not on chain
    const handles = new Set<unknown>();
    const held = new Set<string>();
    for (const invitee of invitees) {
      const listed = await request(invitee, { t: 'keys' });
      expect(listed.keys).toEqual([{ mint: expect.any(String), name: 'Ten', expiresAt: expect.any(Number) }]);
      const mint = (listed.keys as { mint: string }[])[0]!.mint;
      expect(keys.map((k) => k.mint)).toContain(mint);
      held.add(mint);
      const joined = await request(invitee, { t: 'join', key: mint });
      expect(joined).toMatchObject({ t: 'joined', admission: 'open' });
      handles.add(joined.room);
    }
    expect(handles.size).toBe(1);
    expect(held.size).toBe(10); // one key each, none shared
    for (const p of [a, ...invitees]) p.client.close();
  }, 60_000);

  it('redeem is idempotent: the same payment again returns the same keys and mints nothing', async () => {
    const a = await party(server, true);
    const b = await party(server);
    const quote = await request(a, { t: 'quote', ghostIds: [b.ghost.ghostId], name: 'Twice', ttl: 600 });
    const tx = signWireTransaction(String(quote.tx), a.wallet);
    const first = await request(a, { t: 'redeem', quote: quote.quote, tx });
    const again = await request(a, { t: 'redeem', quote: quote.quote, tx });
    expect(again.keys).toEqual(first.keys);
    expect(again.mine).toBe(first.mine);
    for (const key of first.keys as { mint: string }[]) {
      const history = await rpcOf(server).getSignaturesForAddress(address(key.mint)).send();
      expect(history).toHaveLength(1);
    }
    a.client.close();
    b.client.close();
  });

  it('refuses a key transfer on chain (soulbound)', async () => {
    const a = await party(server, true);
    const b = await party(server, true);
    const quote = await request(a, { t: 'quote', ghostIds: [b.ghost.ghostId], name: 'Mine', ttl: 600 });
    const mint = address(inviteeKey(await payQuote(a, quote)));
    const result = await transferKey(server, b.wallet, mint, a.wallet.address);
    expect(result).toMatch(/Custom":37|Transfer is disabled|0x25/);
    expect((await request(b, { t: 'keys' })).keys).toHaveLength(1);
    a.client.close();
    b.client.close();
  });
});

describe('privacy of paid chats', () => {
  it('logs no wallet address, ghostId or key binding during a whole paid flow', async () => {
    const a = await party(server, true);
    const b = await party(server);
    const quote = await request(a, { t: 'quote', ghostIds: [b.ghost.ghostId], name: 'Quiet', ttl: 600 });
    const mint = inviteeKey(await payQuote(a, quote));
    await request(b, { t: 'keys' });
    expect(await request(b, { t: 'join', key: mint })).toMatchObject({ t: 'joined' });
    const logs = server.logs.join('');
    expect(logs.length).toBeGreaterThan(100);
    for (const secret of [a.wallet.address, b.wallet.address, String(b.ghost.ghostId), String(quote.quote)]) {
      expect(logs).not.toContain(secret);
    }
    a.client.close();
    b.client.close();
  });
});
