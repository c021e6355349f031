/**
 * One NFT key, one transaction (DESIGN.md "A key"): a Token-2022 mint with decimals 0,
 * NonTransferable, MetadataPointer to itself and TokenMetadata (name, symbol GHOST, sealed `room`
 * and `ghost`), one token minted to the recipient's associated account, then the mint authority
 * removed. The treasury pays and is the update authority. The 1232-byte limit is checked here:
 * LiteSVM does not enforce it.
 */
import {
  type Address,
  appendTransactionMessageInstructions,
  type Blockhash,
  createTransactionMessage,
  getTransactionSize,
  type KeyPairSigner,
  none,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  some,
} from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  AuthorityType,
  extension,
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMintInstruction,
  getMintSize,
  getMintToInstruction,
  getPostInitializeInstructionsForMintExtensions,
  getPreInitializeInstructionsForMintExtensions,
  getSetAuthorityInstruction,
  getUpdateTokenMetadataFieldInstruction,
  TOKEN_2022_PROGRAM_ADDRESS,
  tokenMetadataField,
} from '@solana-program/token-2022';
import type { SendableTransaction } from '../chain/solana-client.ts';

export const KEY_SYMBOL = 'GHOST';
export const SEALED_NAME_TITLE = 'AnoGhost private chat';
export const MAX_TRANSACTION_BYTES = 1232;

export interface KeySpec {
  mint: KeyPairSigner;
  recipient: Address;
  name: string;
  room: string;
  ghost: string;
}

/** The key does not fit one transaction. */
export class KeyTooLargeError extends Error {
  override name = 'KeyTooLargeError';
}

/** Builds and signs the transaction that creates one key. */
export async function buildKeyTransaction(
  treasury: KeyPairSigner,
  spec: KeySpec,
  blockhash: { blockhash: Blockhash; lastValidBlockHeight: bigint },
  rentFor: (space: bigint) => Promise<bigint>,
): Promise<SendableTransaction> {
  const mint = spec.mint.address;
  const extensions = [
    extension('NonTransferable', {}),
    extension('MetadataPointer', { authority: some(treasury.address), metadataAddress: some(mint) }),
    extension('TokenMetadata', {
      updateAuthority: some(treasury.address),
      mint,
      name: spec.name,
      symbol: KEY_SYMBOL,
      uri: '',
      additionalMetadata: new Map([
        ['room', spec.room],
        ['ghost', spec.ghost],
      ]),
    }),
  ];
  // The account is created without room for TokenMetadata (it reallocates), but funded for all of it.
  const fixed = extensions.filter((e) => e.__kind !== 'TokenMetadata');
  const lamports = await rentFor(BigInt(getMintSize(extensions)));
  const [ata] = await findAssociatedTokenPda({
    owner: spec.recipient,
    mint,
    tokenProgram: TOKEN_2022_PROGRAM_ADDRESS,
  });
  const instructions = [
    getCreateAccountInstruction({
      payer: treasury,
      newAccount: spec.mint,
      lamports,
      space: getMintSize(fixed),
      programAddress: TOKEN_2022_PROGRAM_ADDRESS,
    }),
    ...getPreInitializeInstructionsForMintExtensions(mint, extensions),
    getInitializeMintInstruction({
      mint,
      decimals: 0,
      mintAuthority: treasury.address,
      freezeAuthority: none(),
    }),
    ...getPostInitializeInstructionsForMintExtensions(mint, treasury, extensions),
    // token-2022@0.15 drops `additionalMetadata` from the post-initialize instructions: set each field.
    ...(['room', 'ghost'] as const).map((key) =>
      getUpdateTokenMetadataFieldInstruction({
        metadata: mint,
        updateAuthority: treasury,
        field: tokenMetadataField('Key', [key]),
        value: spec[key],
      }),
    ),
    getCreateAssociatedTokenIdempotentInstruction({
      payer: treasury,
      ata,
      owner: spec.recipient,
      mint,
      tokenProgram: TOKEN_2022_PROGRAM_ADDRESS,
    }),
    getMintToInstruction(
      { mint, token: ata, mintAuthority: treasury, amount: 1n },
      { programAddress: TOKEN_2022_PROGRAM_ADDRESS },
    ),
    getSetAuthorityInstruction(
      { owned: mint, owner: treasury, authorityType: AuthorityType.MintTokens, newAuthority: none() },
      { programAddress: TOKEN_2022_PROGRAM_ADDRESS },
    ),
  ];
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(treasury, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  const tx = await signTransactionMessageWithSigners(message);
  const size = getTransactionSize(tx);
  if (size > MAX_TRANSACTION_BYTES) {
    throw new KeyTooLargeError(
      `a key needs ${size} bytes, over the ${MAX_TRANSACTION_BYTES}-byte transaction limit`,
    );
  }
  return tx as unknown as SendableTransaction;
}
