import { describe, expect, it } from 'vitest';
import { decodeB64u, encodeB64u, encodeHex } from '../../shared/encoding.ts';
import { MasterKeys } from '../crypto/master-derivations.ts';
import {
  openGhostAttribute,
  openRoomAttribute,
  sealGhostAttribute,
  sealRoomAttribute,
} from './nft-attributes.ts';
import { openQuote, type Quote, sealQuote } from './quote-seal.ts';

const master = new MasterKeys(new Uint8Array(32).map((_, i) => 255 - i));
const mint = new Uint8Array(32).fill(1);
const otherMint = new Uint8Array(32).fill(2);
const wallet = new Uint8Array(32).fill(9);
const room = {
  roomId: new Uint8Array(16).fill(5),
  expiresAt: 1_900_000_000_000,
  msgTtl: 60,
  sealedName: 'Plans ✓',
};

function flips(sealed: string): string[] {
  const bytes = decodeB64u(sealed)!;
  return Array.from(bytes, (_, i) => {
    const copy = Uint8Array.from(bytes);
    copy[i]! ^= 1;
    return encodeB64u(copy);
  });
}

describe('master derivations', () => {
  it('are fixed for a fixed master key and differ per purpose (vectors)', () => {
    expect(encodeHex(master.mintSeed('sig', 0))).toBe(encodeHex(master.mintSeed('sig', 0)));
    expect(encodeHex(master.mintSeed('sig', 0))).not.toBe(encodeHex(master.mintSeed('sig', 1)));
    expect(master.paidRoomId('sig')).toHaveLength(16);
    expect(master.paidRoomHandle(master.paidRoomId('sig'))).toMatch(/^p[A-Za-z0-9_-]{43}$/);
    const keys = [master.attributeKey, master.quoteKey, master.mintSeed('sig', 0), master.paidRoomId('sig')];
    expect(new Set(keys.map(encodeHex)).size).toBe(4);
    expect(encodeHex(master.attributeKey)).toBe(
      encodeHex(new MasterKeys(new Uint8Array(32).map((_, i) => 255 - i)).attributeKey),
    );
  });
});

describe('NFT key attributes', () => {
  it('round-trip, differ on every sealing, and are bound to their mint', () => {
    const sealed = sealRoomAttribute(master.attributeKey, mint, room);
    expect(sealRoomAttribute(master.attributeKey, mint, room)).not.toBe(sealed);
    expect(openRoomAttribute(master.attributeKey, mint, sealed)).toEqual(room);
    expect(openRoomAttribute(master.attributeKey, otherMint, sealed)).toBeUndefined();
    const ghost = sealGhostAttribute(master.attributeKey, mint, wallet);
    expect(openGhostAttribute(master.attributeKey, mint, ghost)).toEqual(wallet);
    expect(openGhostAttribute(master.attributeKey, otherMint, ghost)).toBeUndefined();
    // A room value is not a ghost value and the other way round (separate domains).
    expect(openGhostAttribute(master.attributeKey, mint, sealed)).toBeUndefined();
    expect(openRoomAttribute(master.attributeKey, mint, ghost)).toBeUndefined();
  });

  it('refuse every flipped bit', () => {
    const sealed = sealRoomAttribute(master.attributeKey, mint, room);
    for (const t of flips(sealed)) expect(openRoomAttribute(master.attributeKey, mint, t)).toBeUndefined();
    const ghost = sealGhostAttribute(master.attributeKey, mint, wallet);
    for (const t of flips(ghost)) expect(openGhostAttribute(master.attributeKey, mint, t)).toBeUndefined();
  });
});

describe('quotes', () => {
  const quote: Quote = {
    v: 1,
    id: 'AAAAAAAAAAAAAAAAAAAAAA',
    initiator: encodeB64u(wallet),
    recipients: [encodeB64u(mint)],
    name: 'Plans',
    sealName: false,
    ttl: 600,
    msgTtl: null,
    lamports: '20000000',
    issuedAt: 1,
    expiresAt: 2,
  };

  it('open only under this server’s key and refuse every flipped bit', () => {
    const sealed = sealQuote(master.quoteKey, quote);
    expect(openQuote(master.quoteKey, sealed)).toEqual(quote);
    expect(openQuote(master.attributeKey, sealed)).toBeUndefined();
    expect(sealed).not.toContain(encodeB64u(wallet));
    for (const t of flips(sealed)) expect(openQuote(master.quoteKey, t)).toBeUndefined();
  });
});
