/**
 * Serializable sign-in credentials (PROTOCOL.md §2): the wallet-signed Sign-In-With-Solana message
 * that authorizes a session key, the wallet's signature, and the session key's seed. A caller may
 * store them (the extension keeps them in `storage.session`) and reconnect with them until
 * `expiresAt` without asking the wallet again; every connection signs only its own nonce.
 */
import * as v from 'valibot';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { deriveSessionPublicKey, generateSessionSeed, signWithSessionKey } from '../crypto/session-key.ts';
import { decodeB64u, encodeB64u, encodeBase58, encodeUtf8 } from '../encoding.ts';
import { MAX_SESSION_KEY_LIFETIME_MS } from '../protocol/limits.ts';
import type { ChallengeFrame } from '../protocol/server-frames.ts';
import { namesChain } from '../sign-in/chain-ids.ts';
import { findChallengeProblem } from '../sign-in/sign-in-challenge.ts';
import { buildSignInMessage, parseSignInMessage, sessionProofText } from '../sign-in/sign-in-message.ts';
import { ChallengeRefusedError, SignInRequiredError } from './client-errors.ts';

/** Default lifetime of a sign-in: the protocol's 7-day maximum, less a minute of margin. */
export const DEFAULT_SIGN_IN_LIFETIME_MS = MAX_SESSION_KEY_LIFETIME_MS - 60_000;
/** Credentials this close to expiry are treated as expired (a connection must outlive sign-in). */
export const EXPIRY_MARGIN_MS = 30_000;
const NONCE_BYTES = 12; // base58 of 12 bytes: ~16 letters and digits

/** What the wallet must provide: its address and `solana:signMessage`. */
export interface WalletSigner {
  /** The wallet's address, base58. */
  address: string;
  /** Ed25519 signature by the wallet over `message` (64 bytes). */
  signMessage(message: Uint8Array): Promise<Uint8Array>;
}

const CredentialsSchema = v.object({
  v: v.literal(1),
  message: v.string(),
  signature: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{86}$/)),
  sessionSeed: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/)),
  expiresAt: v.pipe(v.number(), v.safeInteger()),
});

/** Plain JSON; store it like a password (it holds the session key). */
export type SessionCredentials = v.InferOutput<typeof CredentialsSchema>;

/** Reads stored credentials; `undefined` when malformed (then sign in with the wallet again). */
export function parseCredentials(value: unknown): SessionCredentials | undefined {
  const parsed = v.safeParse(CredentialsSchema, value);
  if (!parsed.success) return undefined;
  const message = parseSignInMessage(parsed.output.message);
  const seed = decodeB64u(parsed.output.sessionSeed);
  if (!message.ok || !seed || seed.length !== 32) return undefined;
  if (message.value.sessionKey !== encodeBase58(deriveSessionPublicKey(seed))) return undefined;
  return parsed.output;
}

/** True when `credentials` can sign in on a server that sent `challenge`, at `now`. */
export function areCredentialsUsable(
  credentials: SessionCredentials,
  challenge: Pick<ChallengeFrame, 'domain' | 'cluster'>,
  now: number,
): boolean {
  const parsed = parseSignInMessage(credentials.message);
  if (!parsed.ok) return false;
  return (
    parsed.value.domain === challenge.domain &&
    namesChain(parsed.value.chainId, challenge.cluster) &&
    parsed.value.expiresAtMs - EXPIRY_MARGIN_MS > now
  );
}

/** Options for `createCredentials`. */
export interface CreateCredentialsOptions {
  wallet: WalletSigner;
  challenge: Pick<ChallengeFrame, 'domain' | 'cluster'>;
  /** The server's origin, e.g. `http://127.0.0.1:8787` (the message's URI line). */
  origin: string;
  now: number;
  lifetimeMs?: number;
}

/**
 * Makes a session key and has the wallet sign the message authorizing it (one wallet prompt).
 * Throws `ChallengeRefusedError`, without asking the wallet, for a challenge that names another
 * domain than `origin`'s host or an unknown cluster.
 */
export async function createCredentials(options: CreateCredentialsOptions): Promise<SessionCredentials> {
  const problem = findChallengeProblem(options.challenge, options.origin);
  if (problem) throw new ChallengeRefusedError(problem);
  const lifetimeMs = Math.min(options.lifetimeMs ?? DEFAULT_SIGN_IN_LIFETIME_MS, MAX_SESSION_KEY_LIFETIME_MS);
  const seed = generateSessionSeed();
  const expiresAt = options.now + lifetimeMs;
  const message = buildSignInMessage({
    domain: options.challenge.domain,
    address: options.wallet.address,
    sessionKey: encodeBase58(deriveSessionPublicKey(seed)),
    uri: options.origin,
    chainId: options.challenge.cluster,
    nonce: encodeBase58(generateRandomBytes(NONCE_BYTES)),
    issuedAt: new Date(options.now).toISOString(),
    expirationTime: new Date(expiresAt).toISOString(),
  });
  try {
    const signature = await options.wallet.signMessage(encodeUtf8(message));
    if (!(signature instanceof Uint8Array) || signature.length !== 64) {
      throw new RangeError('the wallet returned a signature that is not 64 bytes');
    }
    return { v: 1, message, signature: encodeB64u(signature), sessionSeed: encodeB64u(seed), expiresAt };
  } finally {
    seed.fill(0);
  }
}

/** Options of `obtainCredentials`. */
export interface ObtainCredentialsOptions extends Omit<CreateCredentialsOptions, 'wallet'> {
  stored: SessionCredentials | undefined;
  /** Only when the wallet may be asked now (a caller's `connect()`). */
  wallet: WalletSigner | undefined;
}

/**
 * The stored credentials when usable for this challenge, else new ones from the wallet if one may
 * be asked (`fresh: true`: store them), else `undefined`. Throws `SignInRequiredError` when the
 * wallet declines or fails, `ChallengeRefusedError` when the challenge must not be signed.
 */
export async function obtainCredentials(
  options: ObtainCredentialsOptions,
): Promise<{ credentials: SessionCredentials; fresh: boolean } | undefined> {
  const { stored, wallet } = options;
  if (stored && areCredentialsUsable(stored, options.challenge, options.now)) {
    return { credentials: stored, fresh: false };
  }
  if (!wallet) return undefined;
  try {
    return { credentials: await createCredentials({ ...options, wallet }), fresh: true };
  } catch (error) {
    if (error instanceof ChallengeRefusedError) throw error;
    throw new SignInRequiredError('the wallet did not sign', { cause: error });
  }
}

/** The `auth` frame for one connection's challenge nonce. */
export function buildAuthFrame(credentials: SessionCredentials, nonce: string) {
  const seed = decodeB64u(credentials.sessionSeed);
  if (!seed) throw new RangeError('credentials hold a malformed session seed');
  try {
    const proof = encodeB64u(signWithSessionKey(seed, encodeUtf8(sessionProofText(nonce))));
    return { t: 'auth' as const, message: credentials.message, signature: credentials.signature, proof };
  } finally {
    seed.fill(0);
  }
}
