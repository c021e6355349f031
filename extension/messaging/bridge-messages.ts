/**
 * Wallet bridge messages (DESIGN.md "wallet bridge"). Three hops, each validated on receipt:
 * background ⇄ (runtime port `BRIDGE_PORT`) ⇄ isolated content script ⇄ (window.postMessage,
 * tagged `BRIDGE_SOURCE`) ⇄ main-world script, which talks to the wallet via Wallet Standard.
 */
import * as v from 'valibot';

export const BRIDGE_PORT = 'anoghost/wallet-bridge';
export const BRIDGE_SOURCE = 'anoghost-wallet-bridge';

const RequestId = v.pipe(v.string(), v.maxLength(64));
const Bytes = v.pipe(v.string(), v.maxLength(8192)); // b64u
const Lamports = v.pipe(v.string(), v.regex(/^\d{1,20}$/));

/** What the background asks the wallet to do. */
export const BridgeRequest = v.variant('op', [
  /** Let the user pick a wallet and `standard:connect`; replies with the account address. */
  v.object({ op: v.literal('connect'), requestId: RequestId, chain: v.string() }),
  /** `solana:signMessage` (or `solana:signIn` with the same text); replies with the signature. */
  v.object({ op: v.literal('sign-message'), requestId: RequestId, message: Bytes }),
  /**
   * `solana:signTransaction`; replies with the signed transaction bytes. The page is titled by what
   * the payment is for: the lamports the background decoded from `tx`, and the chat's name if known.
   */
  v.object({
    op: v.literal('sign-transaction'),
    requestId: RequestId,
    tx: Bytes,
    chain: v.string(),
    lamports: Lamports,
    chatName: v.optional(v.pipe(v.string(), v.maxLength(100))),
  }),
]);
export type BridgeRequest = v.InferOutput<typeof BridgeRequest>;

/**
 * `refused`: the wallet said no; `cancelled`: the person pressed Cancel on the connect page;
 * `unsupported`: no such feature; `failed`: anything else.
 */
export const BridgeFailureReason = v.picklist(['refused', 'cancelled', 'unsupported', 'failed']);
export type BridgeFailureReason = v.InferOutput<typeof BridgeFailureReason>;

export const BridgeResult = v.variant('ok', [
  v.object({ ok: v.literal(true), requestId: RequestId, value: v.pipe(v.string(), v.maxLength(8192)) }),
  v.object({
    ok: v.literal(false),
    requestId: RequestId,
    reason: BridgeFailureReason,
    message: v.pipe(v.string(), v.maxLength(500)),
  }),
]);
export type BridgeResult = v.InferOutput<typeof BridgeResult>;

/** From the page side to the background. */
export const BridgeUpward = v.variant('kind', [
  v.object({ kind: v.literal('ready') }),
  v.object({ kind: v.literal('result'), result: BridgeResult }),
]);
export type BridgeUpward = v.InferOutput<typeof BridgeUpward>;

/** From the background to the page side. */
export const BridgeDownward = v.object({ kind: v.literal('request'), request: BridgeRequest });
export type BridgeDownward = v.InferOutput<typeof BridgeDownward>;

/** The envelope used between the two worlds of the /connect page. */
export const WorldEnvelope = v.variant('direction', [
  v.object({ source: v.literal(BRIDGE_SOURCE), direction: v.literal('to-page'), message: BridgeDownward }),
  v.object({ source: v.literal(BRIDGE_SOURCE), direction: v.literal('to-extension'), message: BridgeUpward }),
]);
export type WorldEnvelope = v.InferOutput<typeof WorldEnvelope>;
