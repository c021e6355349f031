/**
 * Sign-in verification (PROTOCOL.md §2): the wallet's Sign-In-With-Solana message authorizes a
 * session key, and the session key proves possession over this connection's nonce. Returns the
 * wallet key on success, else a reason for the client (which names no one).
 */
import { decodeB64u, encodeUtf8 } from '../../shared/encoding.ts';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { ISSUED_AT_SKEW_MS, MAX_SESSION_KEY_LIFETIME_MS } from '../../shared/protocol/limits.ts';
import { namesChain } from '../../shared/sign-in/chain-ids.ts';
import { parseSignInMessage, sessionProofText } from '../../shared/sign-in/sign-in-message.ts';
import { verifyEd25519 } from '../crypto/ed25519-verify.ts';

export interface SignInContext {
  /** The challenge nonce sent on this connection (b64u). */
  nonce: string;
  domain: string;
  /** The chain as the challenge names it (`mainnet`, not `mainnet-beta`: PROTOCOL.md §2). */
  cluster: string;
  now: number;
}

export type SignInResult =
  | { ok: true; wallet: Uint8Array; expiresAt: number }
  | { ok: false; reason: string };

/** Checks an `auth` frame against the connection's challenge. */
export async function verifySignIn(frame: ClientFrameOf<'auth'>, ctx: SignInContext): Promise<SignInResult> {
  const parsed = parseSignInMessage(frame.message);
  if (!parsed.ok) return { ok: false, reason: `sign-in message: ${parsed.reason}` };
  const m = parsed.value;
  if (m.domain !== ctx.domain) return { ok: false, reason: 'sign-in message names another domain' };
  if (m.uriHost !== ctx.domain) return { ok: false, reason: 'sign-in URI does not match the domain' };
  if (!namesChain(m.chainId, ctx.cluster))
    return { ok: false, reason: 'sign-in message names another cluster' };
  if (m.issuedAtMs > ctx.now + ISSUED_AT_SKEW_MS)
    return { ok: false, reason: 'sign-in message is issued in the future' };
  if (m.expiresAtMs <= ctx.now) return { ok: false, reason: 'sign-in message has expired' };
  if (m.expiresAtMs <= m.issuedAtMs)
    return { ok: false, reason: 'sign-in message expires before it is issued' };
  if (m.expiresAtMs - m.issuedAtMs > MAX_SESSION_KEY_LIFETIME_MS) {
    return { ok: false, reason: 'sign-in message lasts more than 7 days' };
  }
  const signature = decodeB64u(frame.signature);
  const proof = decodeB64u(frame.proof);
  if (signature?.length !== 64 || proof?.length !== 64)
    return { ok: false, reason: 'signatures must be 64 bytes' };

  const [walletOk, proofOk] = await Promise.all([
    verifyEd25519(m.walletKey, encodeUtf8(frame.message), signature),
    verifyEd25519(m.sessionKeyBytes, encodeUtf8(sessionProofText(ctx.nonce)), proof),
  ]);
  if (!walletOk) return { ok: false, reason: 'wallet signature does not verify' };
  if (!proofOk) return { ok: false, reason: 'session key proof does not verify' };
  return { ok: true, wallet: m.walletKey, expiresAt: m.expiresAtMs };
}
