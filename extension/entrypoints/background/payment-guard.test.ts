/**
 * The payment guard against an in-memory stand-in for `browser.storage` (where the session's
 * credentials and the server pins live) and a stand-in for `/v1/health`: first use, pinning, and
 * that every refusal leaves the pins as they were. The guard in the real browser, in front of a
 * lying server, is tests/e2e/payment-guard.test.ts.
 */
import {
  type Address,
  address,
  appendTransactionMessageInstructions,
  type Blockhash,
  compileTransaction,
  createNoopSigner,
  createTransactionMessage,
  getTransactionEncoder,
  pipe,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/kit';
import { getAddMemoInstruction } from '@solana-program/memo';
import { getTransferSolInstruction } from '@solana-program/system';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createCredentials } from '../../../shared/client/session-credentials.ts';
import { generateRandomBytes } from '../../../shared/crypto/random-bytes.ts';
import {
  deriveSessionPublicKey,
  generateSessionSeed,
  signWithSessionKey,
} from '../../../shared/crypto/session-key.ts';
import { encodeB64u, encodeBase58 } from '../../../shared/encoding.ts';

const areas = { local: new Map<string, unknown>(), session: new Map<string, unknown>() };
const area = (map: Map<string, unknown>) => ({
  get: async (key: string) => (map.has(key) ? { [key]: map.get(key) } : {}),
  set: async (items: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(items)) map.set(key, structuredClone(value));
  },
  remove: async (key: string) => void map.delete(key),
});
vi.mock('wxt/browser', () => ({
  browser: { storage: { local: area(areas.local), session: area(areas.session) } },
}));
const { createPaymentGuard } = await import('./payment-guard.ts');
const { saveCredentials } = await import('../../storage/stored-credentials.ts');
const { loadServerPins } = await import('../../storage/server-pins.ts');

const SERVER = 'http://127.0.0.1:8787';
const randomAddress = () => address(encodeBase58(generateRandomBytes(32)));
const TREASURY = randomAddress();
const LAMPORTS = '20000000';

/** The server's payment from `payer` to `to`, as wire bytes (b64u). */
function payment(payer: Address, to: Address, lamports = BigInt(LAMPORTS)): string {
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(payer, m),
    (m) =>
      setTransactionMessageLifetimeUsingBlockhash(
        { blockhash: encodeBase58(generateRandomBytes(32)) as Blockhash, lastValidBlockHeight: 1n },
        m,
      ),
    (m) =>
      appendTransactionMessageInstructions(
        [
          getTransferSolInstruction({ source: createNoopSigner(payer), destination: to, amount: lamports }),
          getAddMemoInstruction(
            { memo: 'anoghost:quote:abc' },
            { programAddress: address('MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr') },
          ),
        ],
        m,
      ),
  );
  return encodeB64u(new Uint8Array(getTransactionEncoder().encode(compileTransaction(message))));
}

let wallet: Address;
let announced: string;
const guard = createPaymentGuard(async () => announced);

beforeEach(async () => {
  areas.local.clear();
  areas.session.clear();
  announced = TREASURY;
  const seed = generateSessionSeed();
  wallet = address(encodeBase58(deriveSessionPublicKey(seed)));
  const credentials = await createCredentials({
    wallet: { address: wallet, signMessage: async (m) => signWithSessionKey(seed, m) },
    challenge: { domain: '127.0.0.1:8787', cluster: 'localnet' },
    origin: SERVER,
    now: Date.now(),
  });
  await saveCredentials(SERVER, credentials);
});

describe('payment guard', () => {
  it('shows the first treasury, pins it only when the person confirms that one', async () => {
    const tx = payment(wallet, TREASURY);
    await expect(guard.review(SERVER, { tx, lamports: LAMPORTS })).resolves.toEqual({
      lamports: LAMPORTS,
      destination: TREASURY,
      firstUse: true,
      quoteId: 'abc', // the memo's quote id: the initiator's holder derives from it
    });
    await expect(guard.approve(SERVER, { tx, lamports: LAMPORTS })).rejects.toThrow('Confirm the treasury');
    await expect(
      guard.approve(SERVER, { tx, lamports: LAMPORTS, trustTreasury: randomAddress() }),
    ).rejects.toThrow('Confirm the treasury');
    expect(await loadServerPins(SERVER)).toEqual({});
    await guard.approve(SERVER, { tx, lamports: LAMPORTS, trustTreasury: TREASURY });
    expect(await loadServerPins(SERVER)).toEqual({ treasury: TREASURY });
    await expect(guard.review(SERVER, { tx, lamports: LAMPORTS })).resolves.toMatchObject({
      firstUse: false,
    });
  });

  it('refuses another treasury once one is pinned, and a payment that is not the quote’s, pinning nothing', async () => {
    await guard.approve(SERVER, {
      tx: payment(wallet, TREASURY),
      lamports: LAMPORTS,
      trustTreasury: TREASURY,
    });
    const other = randomAddress();
    announced = other;
    await expect(
      guard.approve(SERVER, { tx: payment(wallet, other), lamports: LAMPORTS, trustTreasury: other }),
    ).rejects.toThrow(`This server now asks payments to go to the treasury ${other}, not to ${TREASURY}`);
    announced = TREASURY;
    const refusals = [
      [payment(wallet, other), 'it pays 0.02 SOL to'],
      [payment(wallet, TREASURY, 1n), 'it pays 0.000000001 SOL'],
      [payment(randomAddress(), TREASURY), 'its fee payer'],
      ['not base64url!', 'it is not base64url'],
    ] as const;
    for (const [tx, problem] of refusals) {
      await expect(guard.approve(SERVER, { tx, lamports: LAMPORTS })).rejects.toThrow(
        `The server asked to sign a payment that does not match the quote: ${problem}`,
      );
    }
    expect(await loadServerPins(SERVER)).toEqual({ treasury: TREASURY });
  });

  it('refuses to review a payment without a signed-in session for that server', async () => {
    await expect(
      guard.review('http://127.0.0.1:9999', { tx: payment(wallet, TREASURY), lamports: LAMPORTS }),
    ).rejects.toThrow('Connect your wallet to this server before paying.');
  });
});
