/**
 * What a key's mint carries (DESIGN.md "A key"): the Token-2022 extensions of a soulbound key
 * (NonTransferable, MetadataPointer to itself, TokenMetadata with its fields), the mint sizes they
 * need, and the instructions that write the fields. One definition for the server's minting
 * (key-mint.ts) and the local chain's test support (server/local-chain/testing/test-tokens.ts).
 */
import { type Address, some, type TransactionSigner } from '@solana/kit';
import {
  type ExtensionArgs,
  extension,
  getMintSize,
  getUpdateTokenMetadataFieldInstruction,
  tokenMetadataField,
} from '@solana-program/token-2022';

export const KEY_SYMBOL = 'GHOST';

/** The metadata of one key. */
export interface KeyMetadata {
  mint: Address;
  /** Metadata-pointer authority and metadata update authority (the treasury). */
  authority: Address;
  name: string;
  /** Additional metadata, in order (a key's sealed `room` and `ghost`). */
  fields: ReadonlyArray<readonly [key: string, value: string]>;
}

/** The mint extensions of a key. */
export function getKeyMintExtensions(metadata: KeyMetadata): ExtensionArgs[] {
  return [
    extension('NonTransferable', {}),
    extension('MetadataPointer', {
      authority: some(metadata.authority),
      metadataAddress: some(metadata.mint),
    }),
    extension('TokenMetadata', {
      updateAuthority: some(metadata.authority),
      mint: metadata.mint,
      name: metadata.name,
      symbol: KEY_SYMBOL,
      uri: '',
      additionalMetadata: new Map(metadata.fields),
    }),
  ];
}

/** The account sizes of a key mint with `extensions`. */
export interface KeyMintSizes {
  /** What the account is created with: all but TokenMetadata, which reallocates as it initializes. */
  allocatedBytes: number;
  /** What the account is funded for (rent exemption): everything, TokenMetadata included. */
  fundedBytes: number;
}

/** Sizes a key mint: created without room for TokenMetadata, funded for all of it. */
export function getKeyMintSizes(extensions: ExtensionArgs[]): KeyMintSizes {
  return {
    allocatedBytes: getMintSize(extensions.filter((e) => e.__kind !== 'TokenMetadata')),
    fundedBytes: getMintSize(extensions),
  };
}

/**
 * One UpdateField instruction per metadata field. token-2022@0.15's post-initialize instructions
 * write name, symbol and uri only and drop `additionalMetadata` (docs/local-chain.md).
 */
export function getKeyFieldInstructions(metadata: KeyMetadata, updateAuthority: TransactionSigner) {
  return metadata.fields.map(([key, value]) =>
    getUpdateTokenMetadataFieldInstruction({
      metadata: metadata.mint,
      updateAuthority,
      field: tokenMetadataField('Key', [key]),
      value,
    }),
  );
}
