/**
 * INTERIM (see interim-ghost-client.ts): makes a session key with WebCrypto Ed25519 and has the
 * wallet sign the Sign-In-With-Solana text that authorizes it (PROTOCOL.md §2). Replaced by the
 * client library's sign-in once it lands.
 */

import { decodeB64u, encodeB64u, encodeBase58, encodeHex, encodeUtf8 } from '../../shared/encoding.ts';
import { MAX_SESSION_KEY_LIFETIME_MS } from '../../shared/protocol/limits.ts';
import { buildSignInMessage } from '../../shared/sign-in/sign-in-message.ts';
import { type CreateSessionCredentials, GhostClientError } from './ghost-client.ts';

const NONCE_BYTES = 12; // 24 hex characters: letters and digits, as the message format asks

export const createInterimCredentials: CreateSessionCredentials = async (options) => {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const publicKey = jwk.x === undefined ? undefined : decodeB64u(jwk.x);
  if (!jwk.d || !publicKey) throw new GhostClientError('internal', 'could not create a session key');
  const issuedAt = new Date();
  const expiresAt = new Date(issuedAt.getTime() + Math.min(options.lifetimeMs, MAX_SESSION_KEY_LIFETIME_MS));
  const message = buildSignInMessage({
    domain: options.domain,
    address: options.walletAddress,
    sessionKey: encodeBase58(publicKey),
    uri: options.serverOrigin,
    chainId: options.cluster,
    nonce: generateNonce(),
    issuedAt: issuedAt.toISOString(),
    expirationTime: expiresAt.toISOString(),
  });
  const signature = await options.signMessage(encodeUtf8(message));
  return {
    serverOrigin: options.serverOrigin,
    sessionSeed: jwk.d,
    message,
    signature: encodeB64u(signature),
    expiresAt: expiresAt.getTime(),
  };
};

function generateNonce(): string {
  return encodeHex(crypto.getRandomValues(new Uint8Array(NONCE_BYTES)));
}
