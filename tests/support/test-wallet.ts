/** A test wallet and session key (node:crypto Ed25519) and the sign-in frame they produce. */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { encodeB64u, encodeBase58 } from '../../shared/encoding.ts';
import { buildSignInMessage, sessionProofText } from '../../shared/sign-in/sign-in-message.ts';

export interface TestKey {
  publicKey: Uint8Array;
  address: string;
  sign(message: Uint8Array | string): Uint8Array;
}

export function createTestKey(): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
  return { publicKey: raw, address: encodeBase58(raw), sign: (m) => signWith(privateKey, m) };
}

function signWith(key: KeyObject, message: Uint8Array | string): Uint8Array {
  return new Uint8Array(
    sign(null, typeof message === 'string' ? Buffer.from(message, 'utf8') : message, key),
  );
}

export interface SignInOptions {
  domain: string;
  uri?: string;
  chainId?: string;
  issuedAt?: Date;
  expiresAt?: Date;
  nonce?: string;
}

/** The wallet-signed sign-in message authorizing `session` (reusable across connections). */
export function signInMessage(wallet: TestKey, session: TestKey, o: SignInOptions) {
  const issuedAt = o.issuedAt ?? new Date();
  const expiresAt = o.expiresAt ?? new Date(issuedAt.getTime() + 24 * 3600_000);
  const message = buildSignInMessage({
    domain: o.domain,
    address: wallet.address,
    sessionKey: session.address,
    uri: o.uri ?? `http://${o.domain}`,
    chainId: o.chainId ?? 'localnet',
    nonce: o.nonce ?? 'abcdefgh12345678',
    issuedAt: issuedAt.toISOString(),
    expirationTime: expiresAt.toISOString(),
  });
  return { message, signature: encodeB64u(wallet.sign(message)) };
}

/** The `auth` frame for one connection's challenge nonce. */
export function authFrame(signed: { message: string; signature: string }, session: TestKey, nonce: string) {
  return { t: 'auth', ...signed, proof: encodeB64u(session.sign(sessionProofText(nonce))) };
}
