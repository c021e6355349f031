/**
 * The treasury keypair (PROTOCOL.md §1): receives payments, pays mint rent and fees, and is the
 * keys' update authority. That authority does not make a key ours: anyone can hand a mint's update
 * authority to the treasury without its signature; only the sealed attributes bound to the mint
 * authenticate a key (paid/key-reader.ts). Stored like `solana-keygen` does (a JSON array of 64
 * bytes), mode 0600; on localnet it is funded by airdrop.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createKeyPairSignerFromBytes,
  createKeyPairSignerFromPrivateKeyBytes,
  type KeyPairSigner,
} from '@solana/kit';
import { writeSecretFile } from '../config/data-dir.ts';
import type { KeyCheck } from '../config/key-check.ts';
import type { SolanaClient } from './solana-client.ts';

const TREASURY_FILE = 'treasury.json';
const LOCALNET_FLOOR_LAMPORTS = 100_000_000_000n; // 100 SOL
const LOCALNET_AIRDROP_LAMPORTS = 1_000_000_000_000n; // 1000 SOL

/**
 * Loads the treasury from `path` (or the data dir), creating it in the data dir on a fresh one.
 * With `check`, it must be the treasury the data dir was used with (server/config/key-check.ts).
 */
export async function loadTreasury(
  dataDir: string,
  path: string | undefined,
  check?: KeyCheck,
): Promise<KeyPairSigner> {
  const file = path ?? join(dataDir, TREASURY_FILE);
  const source = path === undefined ? file : `ANOGHOST_TREASURY_KEY: ${file}`;
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || path !== undefined) {
      throw new TreasuryError(`ANOGHOST_TREASURY_KEY: cannot read ${file}`, { cause: error });
    }
  }
  if (text !== undefined) {
    const signer = await createKeyPairSignerFromBytes(parseKeypairFile(text, file));
    check?.matchTreasury(signer.address, source);
    return signer;
  }
  check?.allowCreate('treasury', file);
  const seed = new Uint8Array(randomBytes(32));
  const signer = await createKeyPairSignerFromPrivateKeyBytes(seed, true);
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', signer.keyPair.publicKey));
  await writeSecretFile(file, `${JSON.stringify([...seed, ...publicKey])}\n`);
  seed.fill(0);
  check?.matchTreasury(signer.address, source);
  return signer;
}

/** The treasury key file is missing or malformed. */
export class TreasuryError extends Error {
  override name = 'TreasuryError';
}

function parseKeypairFile(text: string, file: string): Uint8Array {
  let bytes: unknown;
  try {
    bytes = JSON.parse(text);
  } catch {
    bytes = undefined;
  }
  if (
    !Array.isArray(bytes) ||
    bytes.length !== 64 ||
    !bytes.every((b) => Number.isInteger(b) && b >= 0 && b < 256)
  ) {
    throw new TreasuryError(`ANOGHOST_TREASURY_KEY: ${file} is not a 64-byte keypair file`);
  }
  return Uint8Array.from(bytes as number[]);
}

/** Tops the treasury up by airdrop when it runs low (localnet only). */
export async function fundTreasuryOnLocalnet(client: SolanaClient, treasury: KeyPairSigner): Promise<void> {
  const { value } = await client.rpc.getBalance(treasury.address).send();
  if (value >= LOCALNET_FLOOR_LAMPORTS) return;
  const signature = await client.rpc
    .requestAirdrop(treasury.address, LOCALNET_AIRDROP_LAMPORTS as never)
    .send();
  await client.waitForSignature(signature, 30_000);
}
