/**
 * Paid chats across instances (DESIGN.md "Scaling out", docs/scaling-out.md "Invitations"): two
 * instances share one chain, one master key, one treasury key and Redis. A quote made on one
 * instance redeems on the other, redeeming again elsewhere mints nothing (deterministic mints),
 * invitations made on one are pushed, listed, accepted and declined on the other, and each key
 * joins on any instance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadTreasury } from '../../server/chain/treasury.ts';
import { type LocalChain, startLocalChain } from '../../server/local-chain/start-local-chain.ts';
import { encodeB64u, encodeBase58, encodeHex } from '../../shared/encoding.ts';
import { startInstances } from '../support/cluster-harness.ts';
import {
  acceptInvite,
  chatPayload,
  envelopesFor,
  holderOf,
  nextInvite,
  openPaidChat,
  party,
  quoteIdOf,
  request,
  withInviteKey,
} from '../support/paid-harness.ts';
import { startTestRedis, type TestRedis } from '../support/redis-server.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { signWireTransaction } from '../support/test-payments.ts';
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
  const payerOnA = await party(a, true);
  const payerOnB = withInviteKey(await connectSignedIn(b, { wallet: payerOnA.wallet }), payerOnA.install);
  const invitee = await party(b);

  const quote = await request(payerOnA, { t: 'quote', ghostIds: [invitee.card], ttl: 3600 });
  expect(quote).toMatchObject({ t: 'quote', live: [true] });
  const tx = signWireTransaction(String(quote.tx), payerOnA.wallet);
  const holder = holderOf(payerOnA, 'initiator', quoteIdOf(quote));
  const invites = envelopesFor([invitee], [true], chatPayload('Both', 3600));
  const redeem = { t: 'redeem', quote: quote.quote, tx, holder, invites };
  const minted = await request(payerOnB, redeem, 60_000);
  expect(minted).toMatchObject({ t: 'minted', invited: 1 });
  const again = await request(payerOnA, redeem, 60_000);
  expect(again).toMatchObject({ t: 'minted', mine: minted.mine, invited: 1 });

  const { invite } = await nextInvite(invitee);
  const accepted = await acceptInvite(invitee, invite);
  const joinedInvitee = await request(invitee, { t: 'join', key: accepted.mint });
  const joinedPayer = await request(payerOnA, { t: 'join', key: minted.mine });
  expect(joinedInvitee).toMatchObject({ t: 'joined', members: [] });
  expect(joinedPayer).toMatchObject({ t: 'joined', room: joinedInvitee.room });
  expect(joinedPayer.members).toEqual([joinedInvitee.member]);
  expect(await invitee.client.next('member')).toMatchObject({ member: joinedPayer.member, event: 'join' });
  payerOnA.client.send({ t: 'send', room: joinedPayer.room, ct: 'SGk' });
  expect(await invitee.client.next('msg')).toMatchObject({ room: joinedInvitee.room, ct: 'SGk' });
  // Bound to the invitee: the invitee's key refuses the payer on either instance.
  expect(await request(payerOnB, { t: 'join', key: accepted.mint })).toMatchObject({
    code: 'forbidden',
  });
  for (const p of [payerOnA, payerOnB, invitee]) p.client.close();
}, 120_000);

it('pushes across instances, to a later sign-in anywhere, and one answer ends it everywhere', async () => {
  const [a, b] = servers as [TestServer, TestServer];
  const initiator = await party(a, true);
  const onA = await party(a);
  const onB = withInviteKey(await connectSignedIn(b, { wallet: onA.wallet }), onA.install);
  const offline = await party(b);
  offline.client.close();
  const { minted } = await openPaidChat(initiator, [onA, offline], { ttl: 3600 });
  expect(minted).toMatchObject({ t: 'minted', invited: 2 });

  // Both sessions of the first invitee, on both instances, get the push at once.
  const [pushedA, pushedB] = await Promise.all([nextInvite(onA), onB.client.next('invite')]);
  expect(pushedB.invite).toBe(pushedA.invite);
  // The second invitee signs in later, on the other instance: the invitation is found in Redis.
  const later = { ...offline, ...(await connectSignedIn(a, { wallet: offline.wallet })) };
  const { invite: laterInvite } = await nextInvite(later);
  // Accepted on instance B; instance A then sees it gone.
  const accepted = await acceptInvite(onB, pushedA.invite);
  expect(accepted.reply.t).toBe('accepted');
  expect((await request(onA, { t: 'invites' })).invites).toEqual([]);
  expect(await acceptInvite(onA, pushedA.invite)).toMatchObject({ reply: { code: 'invite_expired' } });
  expect(await request(onA, { t: 'keys', holders: [accepted.holder] })).toMatchObject({
    keys: [{ mint: accepted.mint, expiresAt: expect.any(Number) }],
  });
  // Declined on A; accepting on B afterwards is invite_expired, and a redeem again on B does not
  // bring it back (Redis remembers).
  expect(await request(later, { t: 'decline', invite: laterInvite })).toMatchObject({ t: 'declined' });
  const laterOnB = withInviteKey(await connectSignedIn(b, { wallet: offline.wallet }), offline.install);
  expect(await acceptInvite(laterOnB, laterInvite)).toMatchObject({ reply: { code: 'invite_expired' } });
  expect((await request(laterOnB, { t: 'invites' })).invites).toEqual([]);
  // Another wallet on either instance never sees either invitation.
  const stranger = await party(b);
  expect(await acceptInvite(stranger, laterInvite)).toMatchObject({ reply: { code: 'not_found' } });

  // What Redis holds names no wallet, invitation or envelope in clear.
  const dump = await dumpRedis();
  expect(dump).toContain('ag:inv:{');
  for (const wallet of [onA.wallet, offline.wallet, initiator.wallet]) {
    for (const form of walletForms(wallet.publicKey)) expect(dump).not.toContain(form);
  }
  for (const secret of [pushedA.invite, laterInvite, pushedA.envelope.slice(0, 40)])
    expect(dump).not.toContain(secret);
  for (const p of [initiator, onA, onB, later, laterOnB, stranger]) p.client.close();
}, 120_000);

/** Every key and value in Redis, as text. */
async function dumpRedis(): Promise<string> {
  const client = new Redis(redis.url);
  try {
    const keys = await client.keys('*');
    const parts: string[] = [];
    for (const key of keys) {
      const type = await client.type(key);
      const value =
        type === 'string'
          ? await client.get(key)
          : type === 'set'
            ? (await client.smembers(key)).join(' ')
            : type === 'hash'
              ? JSON.stringify(await client.hgetall(key))
              : '';
      parts.push(`${key} ${value}`);
    }
    return parts.join('\n');
  } finally {
    client.disconnect();
  }
}

/** A wallet's 32 bytes in every form a careless store might write them. */
function walletForms(bytes: Uint8Array): string[] {
  return [
    encodeBase58(bytes),
    encodeB64u(bytes),
    encodeHex(bytes),
    Buffer.from(bytes).toString('base64'),
    JSON.stringify(Array.from(bytes)),
  ];
}
