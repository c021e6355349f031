/**
 * Paid chats across instances (DESIGN.md "Scaling out"): two instances share one chain, one master
 * key and one treasury key. A quote made on one instance redeems on the other, redeeming again
 * elsewhere returns the same keys (deterministic mints), and each key joins on any instance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadTreasury } from '../../server/chain/treasury.ts';
import { type LocalChain, startLocalChain } from '../../server/local-chain/start-local-chain.ts';
import { startInstances } from '../support/cluster-harness.ts';
import { inviteeKey, request } from '../support/paid-harness.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { airdrop, signWireTransaction } from '../support/test-payments.ts';
import type { TestServer } from '../support/test-server.ts';

const MASTER = '7e'.repeat(32);
let redis: TestRedis;
let chain: LocalChain;
let keysDir: string;
let servers: TestServer[];

beforeAll(async () => {
  redis = await startTestRedis();
  chain = await startLocalChain();
  keysDir = mkdtempSync(join(tmpdir(), 'anoghost-treasury-'));
  // A keypair file outside every instance's data dir, made as a first start makes its own.
  await loadTreasury(keysDir, undefined);
  const treasuryPath = join(keysDir, 'treasury.json');
  servers = await startInstances(
    redis,
    2,
    {
      ANOGHOST_MASTER_KEY: MASTER,
      SOLANA_RPC_URL: chain.rpcUrl,
      ANOGHOST_CLUSTER: 'localnet',
      ANOGHOST_TREASURY_KEY: treasuryPath,
    },
    { paidChats: true },
  );
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await chain.close();
  await redis.stop();
  rmSync(keysDir, { recursive: true, force: true });
});

it('quotes on one instance, redeems on the other, idempotently, and keys join anywhere', async () => {
  const [a, b] = servers as [TestServer, TestServer];
  const payerOnA = await connectSignedIn(a);
  await airdrop(a.url, payerOnA.wallet.address);
  const payerOnB = await connectSignedIn(b, { wallet: payerOnA.wallet });
  const invitee = await connectSignedIn(b);

  const quote = await request(payerOnA, {
    t: 'quote',
    ghostIds: [invitee.ghost.ghostId],
    name: 'Both',
    ttl: 3600,
  });
  expect(quote).toMatchObject({ t: 'quote', live: [true] });
  const tx = signWireTransaction(String(quote.tx), payerOnA.wallet);
  const minted = await request(payerOnB, { t: 'redeem', quote: quote.quote, tx }, 60_000);
  expect(minted.t).toBe('minted');
  const again = await request(payerOnA, { t: 'redeem', quote: quote.quote, tx }, 60_000);
  expect(again).toMatchObject({ t: 'minted', keys: minted.keys, mine: minted.mine });

  const inviteeMint = inviteeKey(minted);
  const joinedInvitee = await request(invitee, { t: 'join', key: inviteeMint });
  const joinedPayer = await request(payerOnA, { t: 'join', key: minted.mine });
  expect(joinedInvitee).toMatchObject({ t: 'joined', members: [], epoch: 0, admission: 'open' });
  expect(joinedPayer).toMatchObject({ t: 'joined', room: joinedInvitee.room });
  expect(joinedPayer.members).toEqual([joinedInvitee.member]);
  expect(await invitee.client.next('member')).toMatchObject({ member: joinedPayer.member, event: 'join' });
  payerOnA.client.send({ t: 'send', room: joinedPayer.room, ct: 'SGk' });
  expect(await invitee.client.next('msg')).toMatchObject({ room: joinedInvitee.room, ct: 'SGk' });
  // The key's holder only: the invitee's key refuses the payer on either instance.
  expect(await request(payerOnB, { t: 'join', key: inviteeMint })).toMatchObject({
    code: 'forbidden',
  });
  for (const p of [payerOnA, payerOnB, invitee]) p.client.close();
}, 120_000);
