import { describe, expect, it } from 'vitest';
import { NOBLE_ED25519 } from '../crypto/ed25519-signing.ts';
import { deriveSessionPublicKey, generateSessionSeed, signWithSessionKey } from '../crypto/session-key.ts';
import { decodeB64u, encodeBase58, encodeUtf8 } from '../encoding.ts';
import { MAX_SESSION_KEY_LIFETIME_MS } from '../protocol/limits.ts';
import { parseSignInMessage, sessionProofText } from '../sign-in/sign-in-message.ts';
import { ChallengeRefusedError } from './client-errors.ts';
import {
  areCredentialsUsable,
  buildAuthFrame,
  type CreateCredentialsOptions,
  createCredentials,
  obtainCredentials,
  parseCredentials,
  type SessionCredentials,
} from './session-credentials.ts';

function createWallet() {
  const seed = generateSessionSeed();
  const signed: Uint8Array[] = [];
  return {
    signed,
    publicKey: deriveSessionPublicKey(seed),
    wallet: {
      address: encodeBase58(deriveSessionPublicKey(seed)),
      signMessage: async (message: Uint8Array) => {
        signed.push(message);
        return signWithSessionKey(seed, message);
      },
    },
  };
}

const challenge = { domain: '127.0.0.1:8787', cluster: 'localnet' };
const NOW = Date.parse('2026-01-01T00:00:00Z');
const ORIGIN = 'http://127.0.0.1:8787';

/** `createCredentials` for `challenge` at `NOW`; `options` override any of it. */
function credentialsFor(
  wallet: CreateCredentialsOptions['wallet'],
  options: Partial<CreateCredentialsOptions> = {},
) {
  return createCredentials({ wallet, challenge, origin: ORIGIN, now: NOW, ...options });
}

/** The fields of the credentials' sign-in message (throws when it does not parse). */
function readMessage(credentials: SessionCredentials) {
  const parsed = parseSignInMessage(credentials.message);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

/** True when the b64u `signature` by `publicKey` verifies over the UTF-8 of `text`. */
async function verifies(publicKey: Uint8Array, signature: string, text: string): Promise<boolean> {
  const verifier = await NOBLE_ED25519.createVerifier(publicKey);
  return verifier.verify(decodeB64u(signature)!, encodeUtf8(text));
}

describe('session credentials', () => {
  it('asks the wallet once to sign a SIWS message authorizing a fresh session key', async () => {
    const { wallet, signed, publicKey } = createWallet();
    const credentials = await credentialsFor(wallet);
    expect(signed).toHaveLength(1);
    const message = readMessage(credentials);
    expect(message).toMatchObject({
      domain: challenge.domain,
      address: wallet.address,
      uri: 'http://127.0.0.1:8787',
      chainId: 'localnet',
      issuedAtMs: NOW,
    });
    expect(message.nonce).toMatch(/^[A-Za-z0-9]{8,}$/);
    expect(message.expiresAtMs - NOW).toBeLessThanOrEqual(MAX_SESSION_KEY_LIFETIME_MS);
    expect(credentials.expiresAt).toBe(message.expiresAtMs);
    expect(await verifies(publicKey, credentials.signature, credentials.message)).toBe(true);
  });

  it('proves the session key over each nonce, and survives a JSON round trip', async () => {
    const { wallet } = createWallet();
    const credentials = await credentialsFor(wallet);
    const restored = parseCredentials(JSON.parse(JSON.stringify(credentials)));
    expect(restored).toEqual(credentials);
    const auth = buildAuthFrame(restored!, 'nonce-1');
    const { sessionKeyBytes } = readMessage(credentials);
    expect(await verifies(sessionKeyBytes, auth.proof, sessionProofText('nonce-1'))).toBe(true);
    expect(await verifies(sessionKeyBytes, auth.proof, sessionProofText('nonce-2'))).toBe(false);
  });

  it('refuses stored credentials whose seed does not match the authorized key, or malformed ones', async () => {
    const { wallet } = createWallet();
    const credentials = await credentialsFor(wallet);
    const other = await credentialsFor(wallet);
    expect(parseCredentials({ ...credentials, sessionSeed: other.sessionSeed })).toBeUndefined();
    expect(parseCredentials({ ...credentials, v: 2 })).toBeUndefined();
    expect(parseCredentials('nonsense')).toBeUndefined();
  });

  it('is usable only for the same domain and cluster, until shortly before expiry', async () => {
    const { wallet } = createWallet();
    const credentials = await credentialsFor(wallet, { lifetimeMs: 3600_000 });
    expect(areCredentialsUsable(credentials, challenge, NOW)).toBe(true);
    expect(areCredentialsUsable(credentials, { ...challenge, domain: 'other:1' }, NOW)).toBe(false);
    expect(areCredentialsUsable(credentials, { ...challenge, cluster: 'devnet' }, NOW)).toBe(false);
    expect(areCredentialsUsable(credentials, challenge, NOW + 3600_000 - 1000)).toBe(false);
  });

  it('caps the lifetime at 7 days and rejects a wallet signature of the wrong size', async () => {
    const { wallet } = createWallet();
    const long = await credentialsFor(wallet, { lifetimeMs: 30 * 24 * 3600_000 });
    expect(long.expiresAt - NOW).toBe(MAX_SESSION_KEY_LIFETIME_MS);
    const bad = { address: wallet.address, signMessage: async () => new Uint8Array(10) };
    await expect(credentialsFor(bad)).rejects.toThrow(/64 bytes/);
  });

  it('never asks the wallet for a challenge naming another domain or an unknown cluster', async () => {
    const { wallet, signed } = createWallet();
    const refusals: [Partial<CreateCredentialsOptions>, string][] = [
      [{ challenge: { ...challenge, domain: 'phantom.app' } }, 'asks to sign in to "phantom.app"'],
      [{ origin: 'http://127.0.0.1:8788' }, 'not its own address (127.0.0.1:8788)'],
      [{ challenge: { ...challenge, domain: '127.0.0.1' } }, 'asks to sign in to "127.0.0.1"'],
      [{ challenge: { ...challenge, cluster: 'mainnet-beta' } }, 'cluster "mainnet-beta"'],
    ];
    for (const [options, problem] of refusals) {
      const refused = credentialsFor(wallet, options);
      await expect(refused).rejects.toBeInstanceOf(ChallengeRefusedError);
      await expect(refused).rejects.toThrow(problem);
    }
    const viaObtain = obtainCredentials({
      stored: undefined,
      wallet,
      challenge: { ...challenge, domain: 'phantom.app' },
      origin: ORIGIN,
      now: NOW,
    });
    await expect(viaObtain).rejects.toBeInstanceOf(ChallengeRefusedError);
    expect(signed).toHaveLength(0);
  });
});
