/**
 * Test support for Token-2022 on the local chain: a soulbound mint shaped like a key (decimals 0
 * and the key's extensions, from the paid layer that defines them) and associated token accounts.
 * Test support may import from the server; the chain's own modules do not.
 */
import { type Address, type KeyPairSigner, none } from '@solana/kit';
import { getCreateAccountInstruction } from '@solana-program/system';
import {
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMintInstruction,
  getMintToInstruction,
  getPostInitializeInstructionsForMintExtensions,
  getPreInitializeInstructionsForMintExtensions,
  TOKEN_2022_PROGRAM_ADDRESS,
} from '@solana-program/token-2022';
import {
  getKeyFieldInstructions,
  getKeyMintExtensions,
  getKeyMintSizes,
  type KeyMetadata,
} from '../../paid/key-extensions.ts';
import { sendInstructions, type TestChain } from './test-chain.ts';

/** Creates the mint (account space without TokenMetadata, which reallocates; rent for all). */
export async function createSoulboundMint(test: TestChain, authority: KeyPairSigner, mint: KeyPairSigner) {
  const metadata: KeyMetadata = {
    mint: mint.address,
    authority: authority.address,
    name: 'Ghost chat',
    fields: [['room', 'sealed-room-value']],
  };
  const extensions = getKeyMintExtensions(metadata);
  const sizes = getKeyMintSizes(extensions);
  const rent = await test.rpc.getMinimumBalanceForRentExemption(BigInt(sizes.fundedBytes)).send();
  return sendInstructions(test, authority, [
    getCreateAccountInstruction({
      payer: authority,
      newAccount: mint,
      lamports: rent,
      space: sizes.allocatedBytes,
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
    ...getKeyFieldInstructions(metadata, authority),
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
