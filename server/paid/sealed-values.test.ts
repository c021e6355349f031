import { describe, expect, it } from 'vitest';
import { sealAead } from '../../shared/crypto/aead.ts';
import { encodeContext } from '../../shared/crypto/derivation-context.ts';
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

  it('hold no name (version 2: 25 bytes sealed), and still open a version-1 value, its name ignored', () => {
    const sealed = decodeB64u(sealRoomAttribute(master.attributeKey, mint, room))!;
    expect(sealed).toHaveLength(24 + 25 + 16);
    // Version 1: … ‖ flags (1 = sealed name) ‖ name length ‖ name.
    const name = new TextEncoder().encode('Plans');
    const v1 = new Uint8Array(27 + name.length);
    v1[0] = 1;
    v1.set(room.roomId, 1);
    new DataView(v1.buffer).setUint32(17, room.expiresAt / 1000);
    new DataView(v1.buffer).setUint32(21, 60);
    v1[25] = 1;
    v1[26] = name.length;
    v1.set(name, 27);
    const value = encodeB64u(sealAead(master.attributeKey, v1, encodeContext('anoghost/nft-room/v1', mint)));
    expect(openRoomAttribute(master.attributeKey, mint, value)).toEqual(room);
    const torn = encodeB64u(
      sealAead(
        master.attributeKey,
        v1.subarray(0, v1.length - 1),
        encodeContext('anoghost/nft-room/v1', mint),
      ),
    );
    expect(openRoomAttribute(master.attributeKey, mint, torn)).toBeUndefined();
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
    v: 2,
    id: 'AAAAAAAAAAAAAAAAAAAAAA',
    initiator: encodeB64u(wallet),
    recipients: [encodeB64u(mint)],
    ttl: 600,
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

  it('refuse a version-1 quote (it named the chat)', () => {
    const v1 = { ...quote, v: 1, name: 'Plans', sealName: false, msgTtl: null };
    expect(openQuote(master.quoteKey, sealQuote(master.quoteKey, v1 as never))).toBeUndefined();
  });
});
