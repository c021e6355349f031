/**
 * Quotes (PROTOCOL.md §4): opaque, self-contained and sealed by the server. A quote carries the
 * invited wallets (decrypted from live ghostIds at quote time) sealed, so redeem does not depend
 * on the ghost window, and creates the invitations from them. Only this server can open it.
 */
import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { openAead, sealAead } from '../../shared/crypto/aead.ts';
import { encodeContext } from '../../shared/crypto/derivation-context.ts';
import { decodeB64u, decodeUtf8, encodeB64u, encodeUtf8 } from '../../shared/encoding.ts';

const QUOTE_AAD = encodeContext('anoghost/quote/v1');
const Wallet = v.pipe(v.string(), v.length(43));

/** Version 2: no chat name (PROTOCOL.md §4); a version-1 quote (10 minutes at most) is refused. */
const QuoteBody = v.object({
  v: v.literal(2),
  id: v.pipe(v.string(), v.length(22)),
  initiator: Wallet,
  recipients: v.array(Wallet),
  ttl: v.number(),
  lamports: v.pipe(v.string(), v.regex(/^\d+$/)),
  issuedAt: v.number(),
  expiresAt: v.number(),
});

export type Quote = v.InferOutput<typeof QuoteBody>;

export function sealQuote(key: Uint8Array, quote: Quote): string {
  return encodeB64u(sealAead(key, encodeUtf8(JSON.stringify(quote)), QUOTE_AAD));
}

/** Opens a quote; `undefined` when it was not sealed by this server or was altered. */
export function openQuote(key: Uint8Array, sealed: string): Quote | undefined {
  const box = decodeB64u(sealed);
  const plain = box && openAead(key, box, QUOTE_AAD);
  const text = plain && decodeUtf8(plain);
  if (text === undefined) return undefined;
  try {
    const parsed = v.safeParse(QuoteBody, JSON.parse(text));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

/** A fresh quote id: 16 random bytes, 22 base64url characters. */
export function randomQuoteId(): string {
  return encodeB64u(randomBytes(16));
}

/** The memo text that binds a payment to one quote. */
export function quoteMemo(quote: Quote): string {
  return `anoghost:quote:${quote.id}`;
}

export function walletToField(wallet: Uint8Array): string {
  return encodeB64u(wallet);
}

export function walletFromField(field: string): Uint8Array {
  const bytes = decodeB64u(field);
  if (bytes?.length !== 32) throw new Error('quote holds a malformed wallet');
  return bytes;
}
