/**
 * Test support for Token-2022 on the local chain: a soulbound, key-like mint (decimals 0,
 * NonTransferable, MetadataPointer to itself, TokenMetadata) and associated token accounts.
 */
import { type Address, type KeyPairSigner, none, some } from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  extension,
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMintInstruction,
  getMintSize,
  getMintToInstruction,
  getPostInitializeInstructionsForMintExtensions,
  getPreInitializeInstructionsForMintExtensions,
  getUpdateTokenMetadataFieldInstruction,
  TOKEN_2022_PROGRAM_ADDRESS,
  tokenMetadataField,
} from '@solana-program/token-2022';
import { sendInstructions, type TestChain } from './test-chain.ts';

/** Creates the mint (account space without TokenMetadata, which reallocates; rent for all). */
export async function createSoulboundMint(test: TestChain, authority: KeyPairSigner, mint: KeyPairSigner) {
  const extensions = [
    extension('NonTransferable', {}),
    extension('MetadataPointer', { authority: some(authority.address), metadataAddress: some(mint.address) }),
    extension('TokenMetadata', {
      updateAuthority: some(authority.address),
      mint: mint.address,
      name: 'Ghost chat',
      symbol: 'GHOST',
      uri: '',
      additionalMetadata: new Map([['room', 'sealed-room-value']]),
    }),
  ];
  const fixedExtensions = extensions.filter((item) => item.__kind !== 'TokenMetadata');
  const rent = await test.rpc.getMinimumBalanceForRentExemption(BigInt(getMintSize(extensions))).send();
  return sendInstructions(test, authority, [
    getCreateAccountInstruction({
      payer: authority,
      newAccount: mint,
      lamports: rent,
      space: getMintSize(fixedExtensions),
      programAddress: TOKEN_2022_PROGRAM_ADDRESS,
    }),
    ...getPreInitializeInstructionsForMintExtensions(mint.address, extensions),
    getInitializeMintInstruction({
      mint: mint.address,
      decimals: 0,
      mintAuthority: authority.address,
      freezeAuthority: none(),
    }),
    ...getPostInitializeInstructionsForMintExtensions(mint.address, authority, extensions),
    // token-2022@0.15 initializes name/symbol/uri only: additional metadata needs UpdateField.
    getUpdateTokenMetadataFieldInstruction({
      metadata: mint.address,
      updateAuthority: authority,
      field: tokenMetadataField('Key', ['room']),
      value: 'sealed-room-value',
    }),
  ]);
}

/** The Token-2022 associated token account of `owner` for `mint`. */
export async function findTokenAccount(owner: Address, mint: Address): Promise<Address> {
  const [ata] = await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS });
  return ata;
}

/** Creates `owner`'s token account and mints one token into it; the account and the signature. */
export async function mintOneTo(test: TestChain, authority: KeyPairSigner, mint: Address, owner: Address) {
  const ata = await findTokenAccount(owner, mint);
  const signature = await sendInstructions(test, authority, [
    getCreateAssociatedTokenIdempotentInstruction({
      payer: authority,
      ata,
      owner,
      mint,
      tokenProgram: TOKEN_2022_PROGRAM_ADDRESS,
    }),
    getMintToInstruction({ mint, token: ata, mintAuthority: authority, amount: 1n }),
  ]);
  return { ata, signature };
}
