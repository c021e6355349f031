import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Address,
  address,
  appendTransactionMessageInstructions,
  createTransactionMessage,
  fetchEncodedAccount,
  generateKeyPairSigner,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  some,
} from '@solana/kit';
import { getMintDecoder, getUpdateTokenMetadataUpdateAuthorityInstruction } from '@solana-program/token-2022';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSolanaClient } from '../../server/chain/solana-client.ts';
import { loadTreasury } from '../../server/chain/treasury.ts';
import { loadMasterKey } from '../../server/config/data-dir.ts';
import { InvitationKeys } from '../../server/crypto/invitation-keys.ts';
import { MasterKeys } from '../../server/crypto/master-derivations.ts';
import { buildKeyTransaction } from '../../server/paid/key-mint.ts';
import { createPaidChain } from '../../server/paid/paid-chain.ts';
import { mintKey } from '../../server/paid/payment-keys.ts';
import { openQuote } from '../../server/paid/quote-seal.ts';
import { chatTermsOf } from '../../server/paid/redeem.ts';
import {
  acceptInvite,
  type ClockedPaidServer,
  chatPayload,
  envelopesFor,
  holderOf,
  memoOf,
  nextInvite,
  openPaidChat,
  type PaidServer,
  type Party,
  party,
  paymentInstructions,
  quoteIdOf,
  request,
  rpcOf,
  sendAndWait,
  signedTransaction,
  startPaidServer,
  treasuryOf,
} from '../support/paid-harness.ts';
import type { SignedIn } from '../support/sign-in.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { airdrop } from '../support/test-payments.ts';
import { startTestServer } from '../support/test-server.ts';

/** A reconnected party: the new session, with the keys its client kept. */
const withKeys = (kept: Party, session: SignedIn): Party => ({ ...kept, ...session });

let server: ClockedPaidServer;
beforeAll(async () => {
  server = await startPaidServer();
});
afterAll(() => server.stop());

/** A paid chat of `a` with `b`, b's invitation accepted: both keys and b's holder. */
async function chatFor(ttl = 600) {
  const a = await party(server, true);
  const b = await party(server);
  const { minted } = await openPaidChat(a, [b], { ttl });
  const accepted = await acceptInvite(b, (await nextInvite(b)).invite);
  return { a, b, bKey: accepted.mint, bHolder: accepted.holder, aKey: String(minted.mine) };
}

describe('joining a paid room with a key', () => {
  it('refuses someone else’s key with forbidden', async () => {
    const { a, b, bKey } = await chatFor();
    const c = await party(server);
    expect(await request(c, { t: 'join', key: bKey })).toMatchObject({ code: 'forbidden' });
    expect(await request(a, { t: 'join', key: bKey })).toMatchObject({ code: 'forbidden' });
    for (const p of [a, b, c]) p.client.close();
  });

  /** The `room` and `ghost` values and the name sealed in a real key's metadata. */
  async function sealedValuesOf(mint: string) {
    const account = await fetchEncodedAccount(rpcOf(server), address(mint));
    if (!account.exists) throw new Error('missing');
    const decoded = getMintDecoder().decode(account.data);
    const metadata =
      decoded.extensions.__option === 'Some'
        ? decoded.extensions.value.find((e) => e.__kind === 'TokenMetadata')
        : undefined;
    if (metadata?.__kind !== 'TokenMetadata') throw new Error('no metadata');
    return {
      name: metadata.name,
      room: metadata.additionalMetadata.get('room')!,
      ghost: metadata.additionalMetadata.get('ghost')!,
    };
  }

  /**
   * A key-shaped mint made and paid for by someone else, held by `holder`, carrying `values`. With
   * `authority`, its metadata's update authority is then handed to that address, which Token-2022
   * allows without the new authority's signature.
   */
  async function forgeKey(
    holder: Address,
    values: { name: string; room: string; ghost: string },
    authority?: Address,
  ) {
    const forger = await generateKeyPairSigner();
    await airdrop(server.url, forger.address);
    const chain = createSolanaClient(server.chainUrl, server.chainUrl.replace('http', 'ws'));
    const mint = await generateKeyPairSigner();
    const rentFor = (space: bigint) => chain.rpc.getMinimumBalanceForRentExemption(space).send();
    const { value: blockhash } = await chain.rpc.getLatestBlockhash().send();
    await chain.sendAndConfirm(
      await buildKeyTransaction(forger, { mint, recipient: holder, ...values }, blockhash, rentFor),
    );
    if (authority) {
      const handOver = getUpdateTokenMetadataUpdateAuthorityInstruction({
        metadata: mint.address,
        updateAuthority: forger,
        newUpdateAuthority: some(authority),
      });
      const message = pipe(
        createTransactionMessage({ version: 0 }),
        (m) => setTransactionMessageFeePayerSigner(forger, m),
        (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
        (m) => appendTransactionMessageInstructions([handOver], m),
      );
      await chain.sendAndConfirm((await signTransactionMessageWithSigners(message)) as never);
    }
    return mint.address;
  }

  it('refuses a forged key: the same attribute values in a mint made by another authority', async () => {
    const { a, b, bKey, bHolder } = await chatFor();
    const forged = await forgeKey(address(bHolder), await sealedValuesOf(bKey));
    expect(await request(b, { t: 'join', key: forged })).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/not issued by this server/),
    });
    const listed = (await request(b, { t: 'keys', holders: [bHolder] })).keys as { mint: string }[];
    expect(listed.map((k) => k.mint)).toEqual([bKey]);
    a.client.close();
    b.client.close();
  });

  it('refuses a forged key whose update authority was handed to the treasury: only the sealed attributes count', async () => {
    const { a, b, bKey, bHolder } = await chatFor();
    const treasury = treasuryOf(server);
    const copied = await forgeKey(address(bHolder), await sealedValuesOf(bKey), treasury);
    const garbage = await forgeKey(
      address(bHolder),
      { name: 'AnoGhost key', room: 'x'.repeat(60), ghost: 'y'.repeat(60) },
      treasury,
    );
    for (const forged of [copied, garbage]) {
      const account = await fetchEncodedAccount(rpcOf(server), address(forged));
      if (!account.exists) throw new Error('missing');
      const { extensions } = getMintDecoder().decode(account.data);
      const metadata =
        extensions.__option === 'Some'
          ? extensions.value.find((e) => e.__kind === 'TokenMetadata')
          : undefined;
      expect(metadata?.__kind === 'TokenMetadata' && metadata.updateAuthority).toEqual(some(treasury));
      expect(await request(b, { t: 'join', key: forged })).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/not bound to you/),
      });
    }
    const listed = (await request(b, { t: 'keys', holders: [bHolder] })).keys as { mint: string }[];
    expect(listed.map((k) => k.mint)).toEqual([bKey]);
    a.client.close();
    b.client.close();
  });

  it('joins with a key whichever address holds it: only its binding to the wallet counts', async () => {
    const { a, b, bKey, bHolder } = await chatFor();
    const { value } = await rpcOf(server)
      .getTokenAccountsByOwner(address(b.wallet.address), { mint: address(bKey) }, { encoding: 'base64' })
      .send();
    expect(value).toEqual([]); // the wallet holds nothing; the one-time holder does
    expect(bHolder).not.toBe(b.wallet.address);
    expect(await request(b, { t: 'join', key: bKey })).toMatchObject({ t: 'joined' });
    a.client.close();
    b.client.close();
  });

  it('refuses a key whose chat has expired', async () => {
    const { a, b, bKey } = await chatFor(60);
    await server.withClockAhead(2 * 60_000, async () => {
      expect(await request(b, { t: 'join', key: bKey })).toMatchObject({ code: 'expired' });
    });
    a.client.close();
    b.client.close();
  });

  it('refuses a malformed mint address with bad_request and an unknown one with not_found', async () => {
    const b = await party(server);
    expect(await request(b, { t: 'join', key: 'not-an-address!' })).toMatchObject({
      code: 'bad_request',
    });
    const nowhere = await generateKeyPairSigner();
    expect(await request(b, { t: 'join', key: nowhere.address })).toMatchObject({
      code: 'not_found',
    });
    // An account that exists but is no mint (the treasury, owned by the System program).
    expect(await request(b, { t: 'join', key: treasuryOf(server) })).toMatchObject({
      code: 'forbidden',
    });
    b.client.close();
  });
});

describe('redeem recovery', () => {
  it('completes a redeem that stopped after the initiator’s mint, across a restart, minting nothing twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-recovery-'));
    const start = async () => (await startTestServer({ ANOGHOST_DATA_DIR: dataDir })) as PaidServer;
    let running = await start();
    try {
      const a = await party(running, true);
      const invitees = await Promise.all([party(running), party(running)]);
      const quote = await request(a, { t: 'quote', ghostIds: invitees.map((i) => i.card), ttl: 600 });
      // The wallet sends the payment itself (the `signature` path).
      const tx = await signedTransaction(
        running,
        a.wallet,
        paymentInstructions(
          a.wallet,
          treasuryOf(running),
          BigInt(String(quote.lamports)),
          memoOf(String(quote.tx)),
        ),
      );
      await sendAndWait(running, tx.base64, tx.signature);

      // Simulate a crash after the initiator's mint and before any invitation was stored: mint
      // key n exactly as redeem does, then restart.
      const masterKey = await loadMasterKey(dataDir, undefined);
      const master = new MasterKeys(masterKey);
      const treasury = await loadTreasury(dataDir, undefined);
      const chain = createPaidChain(
        createSolanaClient(running.chainUrl, running.chainUrl.replace('http', 'ws')),
      );
      const deps = {
        master,
        invitationKeys: new InvitationKeys(masterKey),
        treasury,
        chain,
        ghostIds: undefined as never,
        priceLamports: 1n,
        now: Date.now,
      };
      const opened = openQuote(master.quoteKey, String(quote.quote))!;
      const holder = holderOf(a, 'initiator', quoteIdOf(quote));
      const first = await mintKey(deps, {
        payment: tx.signature,
        index: 2,
        holder: address(holder),
        wallet: a.wallet.publicKey,
        chat: chatTermsOf(opened),
      });
      expect(first.created).toBe(true);
      for (const p of [a, ...invitees]) p.client.close();
      await running.stop();

      running = await start();
      const invites = envelopesFor(invitees, [true, true], chatPayload('Crash', 600));
      const redeem = { t: 'redeem', quote: quote.quote, signature: tx.signature, holder, invites };
      const a2 = await party(running);
      // a2 is another session of another wallet: only the initiator may redeem.
      expect(await request(a2, redeem)).toMatchObject({ code: 'forbidden' });
      a2.client.close();
      const initiator = await connectSignedIn(running, { wallet: a.wallet });
      const back = await Promise.all(
        invitees.map(async (i) => withKeys(i, await connectSignedIn(running, { wallet: i.wallet }))),
      );
      const minted = await request(initiator, redeem);
      expect(minted).toMatchObject({ t: 'minted', mine: first.mint, invited: 2 });
      expect(await rpcOf(running).getSignaturesForAddress(first.mint).send()).toHaveLength(1);
      expect(await request(initiator, redeem)).toMatchObject({ t: 'minted', mine: first.mint });
      // The invitations were made by the redeem after the restart; each accepts into the same room.
      const accepted = await Promise.all(
        back.map(async (p) => acceptInvite(p, (await nextInvite(p)).invite)),
      );
      const joined = await Promise.all(
        [initiator, ...back].map((p, i) =>
          request(p, { t: 'join', key: i === 0 ? first.mint : accepted[i - 1]!.mint }),
        ),
      );
      expect(new Set(joined.map((j) => j.room)).size).toBe(1);
      for (const p of [initiator, ...back]) p.client.close();
    } finally {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('answers unavailable when the RPC endpoint is unreachable, and keeps the session', async () => {
    const offline = await startTestServer({
      SOLANA_RPC_URL: 'http://127.0.0.1:9',
      ANOGHOST_CLUSTER: 'localnet',
    });
    const a = await party(offline);
    const b = await party(offline);
    const reply = await request(a, { t: 'quote', ghostIds: [b.card], ttl: 600 });
    expect(reply).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/nothing was lost/) });
    expect(await request(a, { t: 'keys', holders: [a.wallet.address] })).toMatchObject({
      code: 'unavailable',
    });
    expect(await request(a, { t: 'ping' })).toMatchObject({ t: 'pong' });
    a.client.close();
    b.client.close();
    await offline.stop();
  });
});
