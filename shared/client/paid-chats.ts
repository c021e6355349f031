/**
 * Paid chats (PROTOCOL.md §4) as thin requests: quote a price for keys to some ghostIds, redeem
 * the paid transaction for minted keys, and list the keys this wallet holds. Signing and sending
 * the payment is the wallet's job (`solana:signTransaction` or `signAndSendTransaction`).
 */
import { ProtocolError } from '../protocol/protocol-error.ts';
import type { ServerFrameOf } from '../protocol/server-frames.ts';
import type { Connection } from './connection.ts';
import { stripEnvelope } from './frame-codec.ts';

export const REDEEM_TIMEOUT_MS = 90_000; // the server waits for the payment's confirmation
/**
 * A payment the wallet sent itself is only checked briefly by the server, which answers
 * `payment_not_found` until it is confirmed (docs/protocol.md §4): the redeem is asked again this
 * often, as many times, so for about as long as the payment's blockhash lets it land (~1 minute).
 */
export const SENT_PAYMENT_RETRY_MS = 2_000;
export const SENT_PAYMENT_ATTEMPTS = 40;

/** Arguments of `quote`. */
export interface QuoteRequest {
  /** Invitees' ghostIds (1…32); only live ones get keys. */
  ghostIds: string[];
  /** The chat's name (1…64 chars). */
  name: string;
  /** The chat's lifetime in seconds. */
  ttl: number;
  /** Seal the name on chain so only key holders can read it. */
  sealName?: boolean;
}

/** A quote: the opaque quote, the price, the unsigned payment transaction (b64u), `live` per ghostId. */
export type Quote = Omit<ServerFrameOf<'quote'>, 't' | 'id'>;
/** Minted keys, `mine` being the initiator's mint. */
export type Minted = Omit<ServerFrameOf<'minted'>, 't' | 'id'>;
/** One key this wallet holds. */
export type HeldKey = ServerFrameOf<'keys'>['keys'][number];

/** Arguments of `redeem`: the signed transaction (b64u), or the signature when the wallet sent it. */
export type RedeemRequest = { quote: string; tx: string } | { quote: string; signature: string };

/** Asks the price of a paid chat; `no_live_ghosts` when none of the ghostIds is live. */
export async function requestQuote(connection: Connection, request: QuoteRequest): Promise<Quote> {
  return stripEnvelope(await connection.request({ t: 'quote', ...request }));
}

/**
 * Redeems a paid quote; idempotent on the server (the same payment never mints twice). With a
 * `signature`, asks again while the server has not seen the payment confirmed yet.
 */
export async function redeemQuote(connection: Connection, request: RedeemRequest): Promise<Minted> {
  for (let attempt = 1; ; attempt++) {
    try {
      return stripEnvelope(await connection.request({ t: 'redeem', ...request }, REDEEM_TIMEOUT_MS));
    } catch (error) {
      const unconfirmed = error instanceof ProtocolError && error.code === 'payment_not_found';
      if (!('signature' in request) || !unconfirmed || attempt >= SENT_PAYMENT_ATTEMPTS) throw error;
    }
    await new Promise<void>((resolve) => connection.timers.setTimeout(resolve, SENT_PAYMENT_RETRY_MS));
  }
}

/** Lists the keys this session's wallet holds (names opened for their owner). */
export async function listKeys(connection: Connection): Promise<HeldKey[]> {
  const reply = await connection.request({ t: 'keys' });
  return reply.keys;
}
