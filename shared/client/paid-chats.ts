/**
 * Paid chats, version 2 (PROTOCOL.md §4) as thin requests: quote a price for keys to some ghost
 * cards (or ghostIds), redeem the paid transaction with the initiator's one-time holder and one
 * envelope per live invitee, list, accept or decline invitations (each pushed as an `invite`
 * event too), and list the keys some holders hold. Signing and sending the payment is the
 * wallet's job (`solana:signTransaction` or `signAndSendTransaction`); sealing envelopes
 * (shared/crypto/invite-envelope.ts) and deriving holders (shared/crypto/holder-keys.ts) are the
 * caller's.
 */
import { ProtocolError } from '../protocol/protocol-error.ts';
import type { ServerFrameOf } from '../protocol/server-frames.ts';
import type { Connection } from './connection.ts';
import { stripEnvelope } from './frame-codec.ts';

export const REDEEM_TIMEOUT_MS = 90_000; // the server waits for the payment's confirmation
export const ACCEPT_TIMEOUT_MS = 60_000; // the server mints the key before it answers
/**
 * A payment the wallet sent itself is only checked briefly by the server, which answers
 * `payment_not_found` until it is confirmed (docs/protocol.md §4): the redeem is asked again this
 * often, as many times, so for about as long as the payment's blockhash lets it land (~1 minute).
 */
export const SENT_PAYMENT_RETRY_MS = 2_000;
export const SENT_PAYMENT_ATTEMPTS = 40;

/** Arguments of `quote`. */
export interface QuoteRequest {
  /** Invitees' ghost cards or bare ghostIds (1…32); only live ones are invited. */
  ghostIds: string[];
  /** The chat's lifetime in seconds. */
  ttl: number;
}

/**
 * A quote: the opaque quote, the price, the unsigned payment transaction (b64u), `live` per
 * ghostId, and `payBy`, after which the transaction cannot land (ask for a new quote).
 */
export type Quote = Omit<ServerFrameOf<'quote'>, 't' | 'id'>;
/** A redeemed chat: the initiator's key (`mine`) and how many were invited. */
export type Minted = Omit<ServerFrameOf<'minted'>, 't' | 'id'>;
/** One key some holder holds, bound to this wallet. */
export type HeldKey = ServerFrameOf<'keys'>['keys'][number];
/** A pending invitation: its id, the envelope sealed to our invite key, its end. */
export type Invitation = ServerFrameOf<'invites'>['invites'][number];

/**
 * Arguments of `redeem`: the signed transaction (b64u), or the signature when the wallet sent it;
 * the one-time `holder` of the initiator's key; one envelope (b64u) per live invitee, in order.
 */
export type RedeemRequest = ({ quote: string; tx: string } | { quote: string; signature: string }) & {
  holder: string;
  invites: string[];
};

/** Asks the price of a paid chat; `no_live_ghosts` when none of the ghostIds is live. */
export async function requestQuote(connection: Connection, request: QuoteRequest): Promise<Quote> {
  return stripEnvelope(await connection.request({ t: 'quote', ...request }));
}

/**
 * Redeems a paid quote; idempotent on the server (the same payment never mints twice, and lost
 * invitations come back). With a `signature`, asks again while the server has not seen the
 * payment confirmed yet.
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

/** The pending invitations of this wallet, soonest to expire first. */
export async function listInvitations(connection: Connection): Promise<Invitation[]> {
  return (await connection.request({ t: 'invites' })).invites;
}

/**
 * Accepts an invitation: its key is minted now to `holder` (a one-time address); resolves with
 * the mint. `invite_expired` when it was answered already (on another device too) or ended.
 */
export async function acceptInvitation(
  connection: Connection,
  invite: string,
  holder: string,
): Promise<string> {
  return (await connection.request({ t: 'accept', invite, holder }, ACCEPT_TIMEOUT_MS)).mint;
}

/** Declines an invitation; the client should forget it (a restarted server may offer it again). */
export async function declineInvitation(connection: Connection, invite: string): Promise<void> {
  await connection.request({ t: 'decline', invite });
}

/** Lists the keys these holders hold that are bound to this session's wallet (up to 32 holders). */
export async function listKeys(connection: Connection, holders: string[]): Promise<HeldKey[]> {
  return (await connection.request({ t: 'keys', holders })).keys;
}
