/**
 * The data dir's key check (DESIGN.md "Reliability and abuse"): `keys.check` (0600) records a
 * check value of the master key and of the treasury (server/crypto/key-check-values.ts: hashes,
 * never a key). Every paid key, mint and payment depends on both, so a start with a missing or
 * replaced one next to existing state would silently orphan all of them (every key `forbidden`,
 * every old payment unredeemable). Keys are generated only on a truly fresh data dir: no check
 * file records them and no chain state exists (with `SOLANA_RPC_URL` the check file itself is the
 * state). Otherwise a missing or different key refuses to start, naming the file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { computeMasterCheck, computeTreasuryCheck } from '../crypto/key-check-values.ts';
import { writeFileAtomically } from './durable-file.ts';

const KEY_CHECK_FILE = 'keys.check';
const FORMAT = 'anoghost-key-check/v1';
const FILE_MODE = 0o600;
const CHECK_VALUE = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const KEY_CHECK_SCHEMA = v.object({
  format: v.literal(FORMAT),
  master: v.optional(CHECK_VALUE),
  treasury: v.optional(CHECK_VALUE),
});
const FRESH_START = 'or start with a fresh data dir (ANOGHOST_DATA_DIR)';

type KeyKind = 'master' | 'treasury';

/** A key is missing or is not the one the data dir was used with; or keys.check is unreadable. */
export class KeyCheckError extends Error {
  override name = 'KeyCheckError';
}
type Recorded = Partial<Record<KeyKind, string>>;

/** What this data dir's keys must match. */
export class KeyCheck {
  private changed = false;

  private constructor(
    private readonly path: string,
    private readonly recorded: Recorded,
    private readonly existed: boolean,
    private readonly chainState: string | undefined,
  ) {}

  /**
   * Reads `<dir>/keys.check`. `chainState`: a chain file of state made with these keys (the
   * embedded chain's snapshot or journal), if any.
   */
  static async open(dir: string, chainState: string | undefined): Promise<KeyCheck> {
    const path = join(dir, KEY_CHECK_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new KeyCheckError(`cannot read ${path}`, { cause: error });
      }
      return new KeyCheck(path, {}, false, chainState);
    }
    let parsed: v.InferOutput<typeof KEY_CHECK_SCHEMA>;
    try {
      parsed = v.parse(KEY_CHECK_SCHEMA, JSON.parse(text));
    } catch (cause) {
      throw new KeyCheckError(`${path} is damaged: restore it from a backup, ${FRESH_START}`, { cause });
    }
    const recorded: Recorded = {};
    if (parsed.master) recorded.master = parsed.master;
    if (parsed.treasury) recorded.treasury = parsed.treasury;
    return new KeyCheck(path, recorded, true, chainState);
  }

  /** Throws unless a missing key may be generated into `file` (a fresh data dir). */
  allowCreate(kind: KeyKind, file: string): void {
    const reason = this.recorded[kind]
      ? `${this.path} records the key it held`
      : this.chainState
        ? `the chain state ${this.chainState} was made with it`
        : undefined;
    if (reason)
      throw new KeyCheckError(`${file} is missing, but ${reason}: restore it from a backup, ${FRESH_START}`);
  }

  /** Checks the master key (from `source`: its file or variable), or records it. */
  matchMaster(master: Uint8Array, source: string): void {
    this.match('master', computeMasterCheck(master), source);
  }

  /** Checks the treasury (from `source`: its file), or records it. */
  matchTreasury(address: string, source: string): void {
    this.match('treasury', computeTreasuryCheck(address), source);
  }

  /**
   * Writes the check file if a key was recorded. Returns `true` when that recorded the keys of an
   * existing chain (a data dir from before key checks): worth one log line.
   */
  save(): boolean {
    if (!this.changed) return false;
    const content = { format: FORMAT, ...this.recorded };
    writeFileAtomically(this.path, [`${JSON.stringify(content)}\n`], FILE_MODE);
    this.changed = false;
    return !this.existed && this.chainState !== undefined;
  }

  private match(kind: KeyKind, value: string, source: string): void {
    const recorded = this.recorded[kind];
    if (recorded === undefined) {
      this.recorded[kind] = value;
      this.changed = true;
    } else if (recorded !== value) {
      throw new KeyCheckError(
        `${source} is not the ${kind === 'master' ? 'master key' : 'treasury key'} this data dir was used with ` +
          `(${this.path}): every key made with the old one would answer forbidden and its payments ` +
          `could not be redeemed. Restore the original, ${FRESH_START}`,
      );
    }
  }
}
