/**
 * Persistence of the local chain in the data dir (dir 0700, files 0600):
 * - `local-chain.json`: a full snapshot (genesis hash, slot, touched accounts, transaction
 *   records), written to a temp file, fsynced and renamed over the old one (crash-safe);
 * - `local-chain.journal`: one JSON line per landed transaction (its record and the new state of
 *   its accounts), appended and fdatasynced before the transaction is acknowledged, so nothing
 *   acknowledged is lost; a snapshot truncates it. A torn last line (crash mid-write) is ignored;
 * - `local-chain.lock`: the pid of the process serving the chain, so that `npm start` and
 *   `npm run chain` never write one data dir at once (a lock left by a dead process is taken over).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v from 'valibot';
import {
  JOURNAL_ENTRY_SCHEMA,
  type JournalEntry,
  SNAPSHOT_FORMAT,
  SNAPSHOT_SCHEMA,
  type Snapshot,
} from './chain-store-schema.ts';

const SNAPSHOT_FILE = 'local-chain.json';
const JOURNAL_FILE = 'local-chain.journal';
const LOCK_FILE = 'local-chain.lock';
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** The data dir holds a chain file that cannot be read back. */
export class ChainStoreError extends Error {
  override readonly name = 'ChainStoreError';
}

/** The chain's files in one data dir. */
export class ChainStore {
  private readonly snapshotPath: string;
  private readonly journalPath: string;
  private readonly lockPath: string;
  private journalFd: number | undefined;
  private locked = false;

  constructor(readonly dataDir: string) {
    this.snapshotPath = path.join(dataDir, SNAPSHOT_FILE);
    this.journalPath = path.join(dataDir, JOURNAL_FILE);
    this.lockPath = path.join(dataDir, LOCK_FILE);
  }

  /** Takes the data dir for this process; throws when another live process holds it. */
  lock(): void {
    this.ensureDir();
    for (;;) {
      try {
        const fd = fs.openSync(this.lockPath, 'wx', FILE_MODE);
        fs.writeSync(fd, `${process.pid}\n`);
        fs.closeSync(fd);
        this.locked = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = Number.parseInt(fs.readFileSync(this.lockPath, 'utf8'), 10);
      if (holder !== process.pid && isProcessAlive(holder)) {
        throw new ChainStoreError(
          `the local chain in ${this.dataDir} is already served by process ${holder}`,
        );
      }
      fs.rmSync(this.lockPath, { force: true });
    }
  }

  /** Reads the snapshot and the journal entries after it; `undefined` on a fresh data dir. */
  load(): { snapshot: Snapshot; journal: JournalEntry[] } | undefined {
    if (!fs.existsSync(this.snapshotPath)) return undefined;
    let snapshot: Snapshot;
    try {
      snapshot = v.parse(SNAPSHOT_SCHEMA, JSON.parse(fs.readFileSync(this.snapshotPath, 'utf8')));
    } catch (cause) {
      throw new ChainStoreError(`cannot read the local chain snapshot ${this.snapshotPath}`, { cause });
    }
    return { snapshot, journal: this.readJournal() };
  }

  /** Appends one transaction's effects and flushes them to disk. */
  appendJournal(entry: JournalEntry): void {
    this.journalFd ??= this.openJournal();
    fs.writeSync(this.journalFd, `${JSON.stringify(entry)}\n`);
    fs.fdatasyncSync(this.journalFd);
  }

  /** Writes a full snapshot atomically, then empties the journal it supersedes. */
  writeSnapshot(snapshot: Omit<Snapshot, 'format'>): void {
    this.ensureDir();
    const temporaryPath = `${this.snapshotPath}.${process.pid}.tmp`;
    const fd = fs.openSync(temporaryPath, 'w', FILE_MODE);
    try {
      fs.writeSync(fd, JSON.stringify({ format: SNAPSHOT_FORMAT, ...snapshot }));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporaryPath, this.snapshotPath);
    this.syncDir();
    this.journalFd ??= this.openJournal();
    fs.ftruncateSync(this.journalFd, 0);
  }

  /** Closes the journal file and releases the lock. */
  close(): void {
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    this.journalFd = undefined;
    if (this.locked) fs.rmSync(this.lockPath, { force: true });
    this.locked = false;
  }

  private readJournal(): JournalEntry[] {
    if (!fs.existsSync(this.journalPath)) return [];
    const entries: JournalEntry[] = [];
    for (const line of fs.readFileSync(this.journalPath, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        entries.push(v.parse(JOURNAL_ENTRY_SCHEMA, JSON.parse(line)));
      } catch {
        break; // a torn write at the end: everything after it was never acknowledged
      }
    }
    return entries;
  }

  private openJournal(): number {
    this.ensureDir();
    return fs.openSync(this.journalPath, 'a', FILE_MODE);
  }

  private ensureDir(): void {
    fs.mkdirSync(this.dataDir, { recursive: true, mode: DIR_MODE });
  }

  private syncDir(): void {
    const fd = fs.openSync(this.dataDir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
