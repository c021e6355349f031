/**
 * Token-2022 on the local chain through JSON-RPC: a soulbound key-like mint (NonTransferable +
 * MetadataPointer + TokenMetadata), minted to an owner, seen by getAccountInfo and
 * getTokenAccountsByOwner; a transfer of it fails on chain with the program's real error.
 */
import {
  generateKeyPairSigner,
  getBase64EncodedWireTransaction,
  getBase64Encoder,
  type KeyPairSigner,
} from '@solana/kit';
import {
  getCreateAssociatedTokenIdempotentInstruction,
  getMintDecoder,
  getMintToInstruction,
  getTokenDecoder,
  getTransferCheckedInstruction,
  TOKEN_2022_PROGRAM_ADDRESS,
} from '@solana-program/token-2022';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSignedTransaction,
  createFundedSigner,
  sendInstructions,
  startTestChain,
  type TestChain,
} from './testing/test-chain.ts';
import { createSoulboundMint, findTokenAccount, mintOneTo } from './testing/test-tokens.ts';

let test: TestChain;
let authority: KeyPairSigner;
let holder: KeyPairSigner;
let mint: KeyPairSigner;

beforeAll(async () => {
  test = await startTestChain();
  authority = await createFundedSigner(test);
  holder = await generateKeyPairSigner();
  mint = await generateKeyPairSigner();
  await createSoulboundMint(test, authority, mint);
  await mintOneTo(test, authority, mint.address, holder.address);
});
afterAll(async () => {
  await test.chain.close();
});

describe('Token-2022 on the local chain', () => {
  it('shows the mint and its metadata through getAccountInfo', async () => {
    const { value } = await test.rpc.getAccountInfo(mint.address, { encoding: 'base64' }).send();
    expect(value?.owner).toBe(TOKEN_2022_PROGRAM_ADDRESS);
    const decoded = getMintDecoder().decode(getBase64Encoder().encode(value!.data[0]));
    expect(decoded.supply).toBe(1n);
    expect(decoded.decimals).toBe(0);
    const kinds =
      decoded.extensions.__option === 'Some' ? decoded.extensions.value.map((item) => item.__kind) : [];
    expect(kinds).toEqual(expect.arrayContaining(['NonTransferable', 'MetadataPointer', 'TokenMetadata']));
    const metadata =
      decoded.extensions.__option === 'Some'
        ? decoded.extensions.value.find((item) => item.__kind === 'TokenMetadata')
        : undefined;
    expect(metadata).toMatchObject({ name: 'Ghost chat', symbol: 'GHOST' });
  });

  it('finds the holder token account by program id and by mint', async () => {
    const ata = await findTokenAccount(holder.address, mint.address);
    const byProgram = await test.rpc
      .getTokenAccountsByOwner(
        holder.address,
        { programId: TOKEN_2022_PROGRAM_ADDRESS },
        { encoding: 'base64' },
      )
      .send();
    const byMint = await test.rpc
      .getTokenAccountsByOwner(holder.address, { mint: mint.address }, { encoding: 'base64' })
      .send();
    expect(byProgram.value.map((item) => item.pubkey)).toEqual([ata]);
    expect(byMint.value.map((item) => item.pubkey)).toEqual([ata]);
    const token = getTokenDecoder().decode(getBase64Encoder().encode(byMint.value[0]!.account.data[0]));
    expect(token.amount).toBe(1n);
    expect(token.owner).toBe(holder.address);
    const none = await test.rpc
      .getTokenAccountsByOwner(authority.address, { mint: mint.address }, { encoding: 'base64' })
      .send();
    expect(none.value).toEqual([]);
  });

  it('parses the mint and token account with jsonParsed, extensions included', async () => {
    const { value: mintInfo } = await test.rpc
      .getAccountInfo(mint.address, { encoding: 'jsonParsed' })
      .send();
    const mintData = mintInfo?.data as unknown as {
      program: string;
      parsed: { type: string; info: Record<string, unknown> };
    };
    expect(mintData.program).toBe('spl-token-2022');
    expect(mintData.parsed.type).toBe('mint');
    expect(mintData.parsed.info).toMatchObject({
      decimals: 0,
      supply: '1',
      mintAuthority: authority.address,
    });
    expect(mintData.parsed.info.extensions).toEqual(
      expect.arrayContaining([
        { extension: 'nonTransferable' },
        {
          extension: 'metadataPointer',
          state: { authority: authority.address, metadataAddress: mint.address },
        },
        {
          extension: 'tokenMetadata',
          state: expect.objectContaining({
            name: 'Ghost chat',
            symbol: 'GHOST',
            updateAuthority: authority.address,
            additionalMetadata: [['room', 'sealed-room-value']],
          }),
        },
      ]),
    );
    const tokens = await test.rpc
      .getTokenAccountsByOwner(holder.address, { mint: mint.address }, { encoding: 'jsonParsed' })
      .send();
    expect(tokens.value[0]?.account.data).toMatchObject({
      program: 'spl-token-2022',
      parsed: {
        type: 'account',
        info: {
          mint: mint.address,
          owner: holder.address,
          state: 'initialized',
          tokenAmount: { amount: '1', decimals: 0, uiAmountString: '1' },
          extensions: expect.arrayContaining([
            { extension: 'immutableOwner' },
            { extension: 'nonTransferableAccount' },
          ]),
        },
      },
    });
  });

  it('refuses to transfer the NonTransferable token, in preflight and on chain', async () => {
    const other = await generateKeyPairSigner();
    const holderFunded = await createFundedSigner(test);
    const fundedAta = await findTokenAccount(holderFunded.address, mint.address);
    const otherAta = await findTokenAccount(other.address, mint.address);
    await sendInstructions(test, authority, [
      getCreateAssociatedTokenIdempotentInstruction({
        payer: authority,
        ata: fundedAta,
        owner: holderFunded.address,
        mint: mint.address,
        tokenProgram: TOKEN_2022_PROGRAM_ADDRESS,
      }),
      getCreateAssociatedTokenIdempotentInstruction({
        payer: authority,
        ata: otherAta,
        owner: other.address,
        mint: mint.address,
        tokenProgram: TOKEN_2022_PROGRAM_ADDRESS,
      }),
      getMintToInstruction({ mint: mint.address, token: fundedAta, mintAuthority: authority, amount: 1n }),
    ]);
    const transfer = getTransferCheckedInstruction({
      source: fundedAta,
      mint: mint.address,
      destination: otherAta,
      authority: holderFunded,
      amount: 1n,
      decimals: 0,
    });
    await expect(sendInstructions(test, holderFunded, [transfer])).rejects.toThrow(
      /custom program error|simulation failed/i,
    );

    const transaction = await buildSignedTransaction(test, holderFunded, [transfer]);
    const wire = getBase64EncodedWireTransaction(transaction);
    const signature = await test.rpc
      .sendTransaction(wire, { encoding: 'base64', skipPreflight: true })
      .send();
    const record = await test.rpc
      .getTransaction(signature, { encoding: 'json', maxSupportedTransactionVersion: 0 })
      .send();
    expect(record?.meta?.err).toEqual({ InstructionError: [0n, { Custom: 37n }] });
    expect(record?.meta?.logMessages?.join('\n')).toMatch(/Transfer is disabled for this mint/);
    expect(record?.meta?.postTokenBalances).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          mint: mint.address,
          owner: holderFunded.address,
          programId: TOKEN_2022_PROGRAM_ADDRESS,
        }),
      ]),
    );
    const otherAccount = await test.rpc.getAccountInfo(otherAta, { encoding: 'base64' }).send();
    expect(getTokenDecoder().decode(getBase64Encoder().encode(otherAccount.value!.data[0])).amount).toBe(0n);
  });
});
