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
import { MasterKeys } from '../../server/crypto/master-derivations.ts';
import { buildKeyTransaction } from '../../server/paid/key-mint.ts';
import { createPaidChain } from '../../server/paid/paid-chain.ts';
import { mintKey } from '../../server/paid/payment-keys.ts';
import { openQuote } from '../../server/paid/quote-seal.ts';
import {
  type ClockedPaidServer,
  inviteeKey,
  memoOf,
  type PaidServer,
  party,
  paymentInstructions,
  payQuote,
  request,
  rpcOf,
  sendAndWait,
  signedTransaction,
  startPaidServer,
  treasuryOf,
} from '../support/paid-harness.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { airdrop } from '../support/test-payments.ts';
import { startTestServer } from '../support/test-server.ts';

let server: ClockedPaidServer;
beforeAll(async () => {
  server = await startPaidServer();
});
afterAll(() => server.stop());

async function chatFor(ttl = 600) {
  const a = await party(server, true);
  const b = await party(server);
  const quote = await request(a, { t: 'quote', ghostIds: [b.ghost.ghostId], name: 'Keys', ttl });
  const minted = await payQuote(a, quote);
  return { a, b, bKey: inviteeKey(minted), aKey: String(minted.mine) };
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
    const { a, b, bKey } = await chatFor();
    const forged = await forgeKey(address(b.wallet.address), await sealedValuesOf(bKey));
    expect(await request(b, { t: 'join', key: forged })).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/not issued by this server/),
    });
    const listed = (await request(b, { t: 'keys' })).keys as { mint: string }[];
    expect(listed.map((k) => k.mint)).toEqual([bKey]);
    a.client.close();
    b.client.close();
  });

  it('refuses a forged key whose update authority was handed to the treasury: only the sealed attributes count', async () => {
    const { a, b, bKey } = await chatFor();
    const treasury = treasuryOf(server);
    const copied = await forgeKey(address(b.wallet.address), await sealedValuesOf(bKey), treasury);
    const garbage = await forgeKey(
      address(b.wallet.address),
      { name: 'Keys', room: 'x'.repeat(60), ghost: 'y'.repeat(60) },
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
    const listed = (await request(b, { t: 'keys' })).keys as { mint: string }[];
    expect(listed.map((k) => k.mint)).toEqual([bKey]);
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
  it('completes a redeem that stopped after some mints, across a restart, minting nothing twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-recovery-'));
    const start = async () => (await startTestServer({ ANOGHOST_DATA_DIR: dataDir })) as PaidServer;
    let running = await start();
    try {
      const a = await party(running, true);
      const invitees = await Promise.all([party(running), party(running)]);
      const quote = await request(a, {
        t: 'quote',
        ghostIds: invitees.map((i) => i.ghost.ghostId),
        name: 'Crash',
        ttl: 600,
      });
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

      // Simulate a crash after the first mint: mint key 0 exactly as redeem does, then restart.
      const master = new MasterKeys(await loadMasterKey(dataDir, undefined));
      const treasury = await loadTreasury(dataDir, undefined);
      const chain = createPaidChain(
        createSolanaClient(running.chainUrl, running.chainUrl.replace('http', 'ws')),
      );
      const deps = {
        master,
        treasury,
        chain,
        ghostIds: undefined as never,
        priceLamports: 1n,
        now: Date.now,
      };
      const first = await mintKey(deps, openQuote(master.quoteKey, String(quote.quote))!, tx.signature, 0);
      for (const p of [a, ...invitees]) p.client.close();
      await running.stop();

      running = await start();
      const a2 = await party(running);
      // a2 is another session of another wallet: only the initiator may redeem.
      expect(await request(a2, { t: 'redeem', quote: quote.quote, signature: tx.signature })).toMatchObject({
        code: 'forbidden',
      });
      a2.client.close();
      const initiator = await connectSignedIn(running, { wallet: a.wallet });
      const minted = await request(initiator, { t: 'redeem', quote: quote.quote, signature: tx.signature });
      const keys = minted.keys as { mint: Address; tx: string }[];
      expect(keys).toHaveLength(3);
      expect(keys).toContainEqual(first);
      const rpc = rpcOf(running);
      for (const key of keys) {
        expect(await rpc.getSignaturesForAddress(key.mint).send()).toHaveLength(1);
        expect(key.tx).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/);
      }
      const repeat = await request(initiator, { t: 'redeem', quote: quote.quote, signature: tx.signature });
      expect(repeat.keys).toEqual(minted.keys);
      // The key minted before the crash is a real key: its holder joins with it.
      const holder = await connectSignedIn(running, { wallet: invitees[0]!.wallet });
      expect(await request(holder, { t: 'join', key: first.mint })).toMatchObject({ t: 'joined' });
      holder.client.close();
      initiator.client.close();
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
    const reply = await request(a, { t: 'quote', ghostIds: [b.ghost.ghostId], name: 'Offline', ttl: 600 });
    expect(reply).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/nothing was lost/) });
    expect(await request(a, { t: 'keys' })).toMatchObject({ code: 'unavailable' });
    expect(await request(a, { t: 'ping' })).toMatchObject({ t: 'pong' });
    a.client.close();
    b.client.close();
    await offline.stop();
  });
});
