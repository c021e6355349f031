import { address, generateKeyPairSigner } from '@solana/kit';
import { getMintSize } from '@solana-program/token-2022';
import { describe, expect, it } from 'vitest';
import {
  getKeyFieldInstructions,
  getKeyMintExtensions,
  getKeyMintSizes,
  KEY_SYMBOL,
  type KeyMetadata,
} from './key-extensions.ts';

const MINT = address('GhostMint1111111111111111111111111111111111');
const TREASURY = address('Treasury11111111111111111111111111111111111');
const metadata: KeyMetadata = {
  mint: MINT,
  authority: TREASURY,
  name: 'a chat',
  fields: [
    ['room', 'sealed-room'],
    ['ghost', 'sealed-ghost'],
  ],
};

describe('key mint extensions', () => {
  it('make a soulbound mint that points at its own metadata', () => {
    const extensions = getKeyMintExtensions(metadata);
    expect(extensions.map((e) => e.__kind)).toEqual(['NonTransferable', 'MetadataPointer', 'TokenMetadata']);
    const pointer = extensions.find((e) => e.__kind === 'MetadataPointer');
    expect(pointer).toMatchObject({ metadataAddress: { value: MINT }, authority: { value: TREASURY } });
    const tokenMetadata = extensions.find((e) => e.__kind === 'TokenMetadata');
    expect(tokenMetadata).toMatchObject({ mint: MINT, name: 'a chat', symbol: KEY_SYMBOL, uri: '' });
    expect(tokenMetadata?.__kind === 'TokenMetadata' && [...tokenMetadata.additionalMetadata]).toEqual(
      metadata.fields,
    );
  });

  it('allocate the mint without TokenMetadata but fund it for everything', () => {
    const extensions = getKeyMintExtensions(metadata);
    const sizes = getKeyMintSizes(extensions);
    expect(sizes.allocatedBytes).toBe(getMintSize(extensions.slice(0, 2)));
    expect(sizes.fundedBytes).toBe(getMintSize(extensions));
    expect(sizes.fundedBytes).toBeGreaterThan(sizes.allocatedBytes);
  });

  it('write each field with its own instruction, in order', async () => {
    const treasury = await generateKeyPairSigner();
    const instructions = getKeyFieldInstructions({ ...metadata, authority: treasury.address }, treasury);
    expect(instructions).toHaveLength(2);
    const text = instructions.map((i) => Buffer.from(i.data ?? []).toString('latin1'));
    expect(text[0]).toContain('room');
    expect(text[0]).toContain('sealed-room');
    expect(text[1]).toContain('ghost');
    expect(text[1]).toContain('sealed-ghost');
  });
});
