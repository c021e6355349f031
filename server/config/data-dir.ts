/**
 * The data directory (PROTOCOL.md §1): long-term server secrets only, never anything about users.
 * Created 0700; key files are written 0600 and never logged.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeHex, encodeHex } from '../../shared/encoding.ts';
import type { KeyCheck } from './key-check.ts';

const DIR_MODE = 0o700;
const KEY_FILE_MODE = 0o600;
const MASTER_KEY_FILE = 'master.key';
const MASTER_KEY_BYTES = 32;

/** The data directory is unusable (permissions, corrupt key file…). */
export class DataDirError extends Error {
  override name = 'DataDirError';
}

/** Creates the data directory if needed and tightens its mode to 0700. */
export async function prepareDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  const info = await stat(dir);
  if (!info.isDirectory()) throw new DataDirError(`ANOGHOST_DATA_DIR: ${dir} is not a directory`);
  if ((info.mode & 0o777) !== DIR_MODE) await chmod(dir, DIR_MODE);
}

/**
 * Returns the master key: the configured one, else the one in the data dir, generated on a fresh
 * data dir. With `check`, the key must match the one the data dir was used with, and is generated
 * only when nothing depends on an earlier one (key-check.ts).
 */
export async function loadMasterKey(
  dir: string,
  configured: Uint8Array | undefined,
  check?: KeyCheck,
): Promise<Uint8Array> {
  if (configured) {
    check?.matchMaster(configured, 'ANOGHOST_MASTER_KEY');
    return configured;
  }
  const path = join(dir, MASTER_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing) {
    check?.matchMaster(existing, path);
    return existing;
  }
  check?.allowCreate('master', path);
  const key = new Uint8Array(randomBytes(MASTER_KEY_BYTES));
  await writeSecretFile(path, `${encodeHex(key)}\n`);
  check?.matchMaster(key, path);
  return key;
}

async function readKeyFile(path: string): Promise<Uint8Array | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataDirError(`cannot read ${path}`, { cause: error });
  }
  const key = decodeHex(text.trim());
  if (key?.length !== MASTER_KEY_BYTES) throw new DataDirError(`${path} does not hold a 32-byte hex key`);
  return key;
}

/** Writes a new secret file with mode 0600; fails if it already exists (never overwrites a key). */
export async function writeSecretFile(path: string, content: string): Promise<void> {
  const handle = await open(path, 'wx', KEY_FILE_MODE);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
