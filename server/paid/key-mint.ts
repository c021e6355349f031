/**
 * One NFT key, one transaction (DESIGN.md "A key"): a Token-2022 mint with decimals 0,
 * NonTransferable, MetadataPointer to itself and TokenMetadata (name, symbol GHOST, sealed `room`
 * and `ghost`), one token minted to the holder's associated account, then the mint authority
 * removed (the mint's extensions: key-extensions.ts). The treasury pays and is the update authority.
 * The transaction size limit (kit's `getTransactionSizeLimit`) is checked here: LiteSVM does not
 * enforce it.
 */
import {
  type Address,
  appendTransactionMessageInstructions,
  type Blockhash,
  createTransactionMessage,
  getTransactionSize,
  getTransactionSizeLimit,
  type KeyPairSigner,
  none,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  AuthorityType,
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMintInstruction,
  getMintToInstruction,
  getPostInitializeInstructionsForMintExtensions,
  getPreInitializeInstructionsForMintExtensions,
  getSetAuthorityInstruction,
  TOKEN_2022_PROGRAM_ADDRESS,
} from '@solana-program/token-2022';
import type { SendableTransaction } from '../chain/solana-client.ts';
import {
  getKeyFieldInstructions,
  getKeyMintExtensions,
  getKeyMintSizes,
  type KeyMetadata,
} from './key-extensions.ts';

/** Every key's token name: generic, so nothing on chain names the chat (PROTOCOL.md §4). */
export const KEY_NAME = 'AnoGhost key';

export interface KeySpec {
  mint: KeyPairSigner;
  /** The key's holder: a one-time address (version 2), never a wallet the key names. */
  recipient: Address;
  /** `KEY_NAME` for every key this server mints; tests forge others. */
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
  const metadata: KeyMetadata = {
    mint,
    authority: treasury.address,
    name: spec.name,
    fields: [
      ['room', spec.room],
      ['ghost', spec.ghost],
    ],
  };
  const extensions = getKeyMintExtensions(metadata);
  const sizes = getKeyMintSizes(extensions);
  const lamports = await rentFor(BigInt(sizes.fundedBytes));
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
      space: sizes.allocatedBytes,
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
    ...getKeyFieldInstructions(metadata, treasury),
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
  const limit = getTransactionSizeLimit(tx);
  if (size > limit) {
    throw new KeyTooLargeError(`a key needs ${size} bytes, over the ${limit}-byte transaction limit`);
  }
  return tx as unknown as SendableTransaction;
}
