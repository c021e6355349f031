/**
 * What the extension's pages (popup, side panel, options) ask the background, and what each
 * request gets back: one table, one row per request type pairing the request's schema with its
 * reply's, as XMTP's browser SDK pairs each worker action with its result (`types/actions.ts`).
 *
 * Both ends validate (STYLE.md §6): the background parses every request with `PageRequest` and
 * its router must return `PageReply<T>` for each type (entrypoints/background/page-router.ts);
 * `askBackground` (background-requests.ts) parses the reply with its row's schema.
 */
import * as v from 'valibot';
import { parseCredentials, type SessionCredentials } from '../../shared/client/index.ts';
import { InvitePayload } from '../../shared/crypto/invite-envelope.ts';
import { ResendRecord } from '../storage/paid-keys.ts';
import { NOTIFY_REQUESTS } from './notify-messages.ts';
import { GhostInfo, PendingInvitation } from './runtime-messages.ts';

const QUOTE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const NftKey = v.object({
  mint: v.string(),
  name: v.nullable(v.string()),
  expiresAt: v.nullable(v.number()),
});
export type NftKey = v.InferOutput<typeof NftKey>;

/** What a quote's transaction pays, decoded by the background (never the server's numbers). */
export const PaymentReview = v.object({
  /** Lamports the transaction transfers (decimal). */
  lamports: v.pipe(v.string(), v.regex(/^\d{1,20}$/)),
  /** Where they go: the treasury pinned for this server, or announced by it on first use. */
  destination: v.string(),
  /** No treasury is pinned for this server yet: show it; paying pins it. */
  firstUse: v.boolean(),
  /** The quote id the payment's memo names (`anoghost:quote:<id>`): the initiator's holder derives from it. */
  quoteId: v.pipe(v.string(), v.regex(QUOTE_ID)),
});
export type PaymentReview = v.InferOutput<typeof PaymentReview>;

const InviteId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/));
const Transaction = v.pipe(v.string(), v.maxLength(4096)); // b64u
const Lamports = v.pipe(v.string(), v.regex(/^\d{1,20}$/));

/** Credentials the library accepts (well-formed, and the session key is the one the wallet signed). */
const Credentials = v.custom<SessionCredentials>(
  (value) => parseCredentials(value) !== undefined,
  'malformed session credentials',
);

type RequestRows<Table> = {
  [T in keyof Table]: { request: v.GenericSchema<unknown, { type: T }>; reply: v.GenericSchema };
};

/** Returns `table` as it is; the type checks that each row's request carries its own key as `type`. */
function pairRequests<Table extends RequestRows<Table>>(table: Table): Table {
  return table;
}

export const PAGE_REQUESTS = pairRequests({
  /** Sign in with the wallet (through the /connect page); answered at once, progress comes as status. */
  'connect-wallet': { request: v.object({ type: v.literal('connect-wallet') }), reply: v.null() },
  /** A fresh ghostId now. */
  rotate: { request: v.object({ type: v.literal('rotate') }), reply: GhostInfo },
  /** The paid keys this install's holders hold for the signed-in wallet, with their stored names. */
  'list-keys': { request: v.object({ type: v.literal('list-keys') }), reply: v.array(NftKey) },
  /** The paid-chat invitations waiting for an answer (also in the status). */
  'list-invitations': {
    request: v.object({ type: v.literal('list-invitations') }),
    reply: v.array(PendingInvitation),
  },
  /** Accepts an invitation: its key is minted to a one-time holder and kept; the reply is the mint. */
  'accept-invitation': {
    request: v.object({ type: v.literal('accept-invitation'), invite: InviteId }),
    reply: v.string(),
  },
  /** Declines an invitation; it is not shown again. */
  'decline-invitation': {
    request: v.object({ type: v.literal('decline-invitation'), invite: InviteId }),
    reply: v.null(),
  },
  /** The one-time holder of the initiator's key for a quote (its memo's quote id). */
  'initiator-holder': {
    request: v.object({
      type: v.literal('initiator-holder'),
      quoteId: v.pipe(v.string(), v.regex(QUOTE_ID)),
    }),
    reply: v.string(),
  },
  /** Keeps the initiator's key after a redeem, with the room secret, name and what a resend needs. */
  'keep-paid-key': {
    request: v.object({
      type: v.literal('keep-paid-key'),
      quoteId: v.pipe(v.string(), v.regex(QUOTE_ID)),
      mint: v.pipe(v.string(), v.maxLength(64)),
      secret: InvitePayload.entries.secret,
      name: InvitePayload.entries.name,
      expiresAt: InvitePayload.entries.expiresAt,
      msgTtl: v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
      resend: ResendRecord,
    }),
    reply: v.null(),
  },
  /** The stored session credentials, for the side panel's own connection; null when signed out. */
  'session-credentials': {
    request: v.object({ type: v.literal('session-credentials') }),
    reply: v.nullable(Credentials),
  },
  /** Decodes a quote's payment transaction and checks it against the quote and the pinned treasury. */
  'review-payment': {
    request: v.object({ type: v.literal('review-payment'), tx: Transaction, lamports: Lamports }),
    reply: PaymentReview,
  },
  /**
   * Checks a quote's payment as `review-payment` does, then has the wallet sign it; the reply is the
   * signed transaction (b64u). On the first payment to a server, `trustTreasury` confirms (pins) the
   * treasury the person was shown.
   */
  'sign-transaction': {
    request: v.object({
      type: v.literal('sign-transaction'),
      tx: Transaction,
      lamports: Lamports,
      trustTreasury: v.optional(v.pipe(v.string(), v.maxLength(64))),
      /** What the payment is for: the connect page says "Approve 0.03 SOL for '<chatName>'". */
      chatName: v.optional(v.pipe(v.string(), v.maxLength(100))),
    }),
    reply: v.string(),
  },
  /** Stops waiting on the wallet: the waiting sign-in or payment fails as cancelled, the page closes. */
  'cancel-wallet': { request: v.object({ type: v.literal('cancel-wallet') }), reply: v.null() },
  /** Brings the wallet's connect page to the front; false when none is open. */
  'show-wallet-page': { request: v.object({ type: v.literal('show-wallet-page') }), reply: v.boolean() },
  /** The options page saved another server URL: sign out and start over with it. */
  'server-changed': { request: v.object({ type: v.literal('server-changed') }), reply: v.null() },
  ...NOTIFY_REQUESTS,
});

export type PageRequestType = keyof typeof PAGE_REQUESTS;

/** Any request of the table, as the background receives it. */
export const PageRequest = v.variant(
  'type',
  Object.values(PAGE_REQUESTS).map((row) => row.request),
);
/** The request of type `T` (all of them by default). */
export type PageRequest<T extends PageRequestType = PageRequestType> = v.InferOutput<
  (typeof PAGE_REQUESTS)[T]['request']
>;
/** The value the background answers a `T` request with. */
export type PageReply<T extends PageRequestType> = v.InferOutput<(typeof PAGE_REQUESTS)[T]['reply']>;

/** The schema of the reply to a `T` request. */
export function replySchemaOf<T extends PageRequestType>(type: T): (typeof PAGE_REQUESTS)[T]['reply'] {
  return PAGE_REQUESTS[type].reply;
}

/** Every answer travels as `{ ok: true, value }` or `{ ok: false, error }` with a human message. */
export const ReplyEnvelope = v.variant('ok', [
  v.object({ ok: v.literal(true), value: v.unknown() }),
  v.object({ ok: v.literal(false), error: v.string() }),
]);
/** The envelope of the answer to a `T` request. */
export type ReplyEnvelope<T extends PageRequestType = PageRequestType> =
  | { ok: true; value: PageReply<T> }
  | { ok: false; error: string };
