/**
 * Persistence of the local chain in its data dir (dir 0700, files 0600):
 * - `local-chain.json`: a full snapshot (genesis hash, slot, touched accounts, transaction
 *   records), replaced atomically (temp file, fsync, rename, dir fsync). Written on the calling
 *   thread at start-up, then by the snapshot worker (snapshot-thread.ts) off the event loop;
 * - the journal (chain-journal.ts): one line per landed transaction, fdatasynced before the
 *   transaction is acknowledged, so nothing acknowledged is lost; sealed when a snapshot starts and
 *   deleted once a snapshot covering it is durable. Only a torn last line is tolerated;
 * - `local-chain.lock` (chain-lock.ts): the process serving the chain, so that `npm start` and
 *   `npm run chain` never write one data dir at once.
 * A journal without the snapshot it continues refuses to load: that chain is lost, not new.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v from 'valibot';
import { writeFileAtomically } from '../config/durable-file.ts';
import {
  ChainStoreError,
  cutTornTail,
  deleteSealedJournals,
  JOURNAL_FILE,
  JournalWriter,
  listSealedJournals,
  readJournalFile,
  repairHint,
  sealedJournalPath,
} from './chain-journal.ts';
import { acquireLock, type LockHolder } from './chain-lock.ts';
import { type JournalEntry, SNAPSHOT_FORMAT, SNAPSHOT_SCHEMA, type Snapshot } from './chain-store-schema.ts';
import { SnapshotThread, type SnapshotWritten } from './snapshot-thread.ts';

export { ChainStoreError } from './chain-journal.ts';

const SNAPSHOT_FILE = 'local-chain.json';
const LOCK_FILE = 'local-chain.lock';
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** What a data dir holds at start: the snapshot and the journal lines after it. */
export interface LoadedChain {
  snapshot: Snapshot;
  journal: JournalEntry[];
  /** The journal ended in a torn line (a crash mid-append), dropped: it was never acknowledged. */
  tornTail: boolean;
}

/** The chain's files in one data dir. */
export class ChainStore {
  private readonly snapshotPath: string;
  private readonly lockPath: string;
  private readonly journal: JournalWriter;
  private thread: SnapshotThread | undefined;
  private nextSegment = 1;
  private locked = false;

  constructor(readonly dataDir: string) {
    this.snapshotPath = path.join(dataDir, SNAPSHOT_FILE);
    this.lockPath = path.join(dataDir, LOCK_FILE);
    this.journal = new JournalWriter(dataDir);
  }

  /** The first chain file found in `dataDir` (state a new chain must not replace), if any. */
  static findState(dataDir: string): string | undefined {
    const files = [path.join(dataDir, SNAPSHOT_FILE), path.join(dataDir, JOURNAL_FILE)];
    return (
      files.find((file) => fs.existsSync(file)) ?? listSealedJournals(dataDir).map((item) => item.file)[0]
    );
  }

  /**
   * Takes the data dir for this process; throws when another live process holds it. Returns the
   * holder of a stale lock it took over, if any.
   */
  lock(): LockHolder | undefined {
    this.ensureDir();
    const stale = acquireLock(this.lockPath, this.dataDir);
    this.locked = true;
    return stale;
  }

  /** Reads the snapshot and every journal line after it; `undefined` on a fresh data dir. */
  load(): LoadedChain | undefined {
    const sealed = listSealedJournals(this.dataDir);
    const activePath = path.join(this.dataDir, JOURNAL_FILE);
    const hasActive = fs.existsSync(activePath);
    if (!fs.existsSync(this.snapshotPath)) {
      const orphan = hasActive ? activePath : sealed[0]?.file;
      if (orphan === undefined) return undefined;
      throw new ChainStoreError(
        `${orphan} continues the snapshot ${this.snapshotPath}, which is missing: ${repairHint(this.dataDir)}`,
      );
    }
    let snapshot: Snapshot;
    try {
      snapshot = v.parse(SNAPSHOT_SCHEMA, JSON.parse(fs.readFileSync(this.snapshotPath, 'utf8')));
    } catch (cause) {
      throw new ChainStoreError(
        `cannot read the local chain snapshot ${this.snapshotPath}: ${repairHint(this.dataDir)}`,
        { cause },
      );
    }
    // Sealed files the snapshot covers are leftovers of a crash before their deletion.
    const after = sealed.filter((item) => item.segment > snapshot.journalSegment);
    const journal: JournalEntry[] = [];
    for (const [index, item] of after.entries()) {
      const expected = snapshot.journalSegment + 1 + index;
      if (item.segment !== expected) {
        throw new ChainStoreError(
          `${sealedJournalPath(this.dataDir, expected)} is missing: ${repairHint(this.dataDir)}`,
        );
      }
      journal.push(...readJournalFile(item.file, false).entries);
    }
    let tornTail = false;
    if (hasActive) {
      const active = readJournalFile(activePath, true);
      journal.push(...active.entries);
      tornTail = active.torn;
      // Never acknowledged: cut off, or sealing the file would turn it into damage mid-journal.
      if (tornTail) cutTornTail(activePath, active.wholeBytes);
    }
    this.nextSegment = Math.max(snapshot.journalSegment, ...sealed.map((item) => item.segment)) + 1;
    return { snapshot, journal, tornTail };
  }

  /** Appends one transaction's effects, flushes them to disk and passes them to the snapshot worker. */
  appendJournal(entry: JournalEntry): void {
    const line = JSON.stringify(entry);
    this.journal.append(line);
    this.thread?.record(line);
  }

  /**
   * Writes a full snapshot on this thread, replacing the journal so far (start-up: the state just
   * restored), then starts the worker that writes every later one.
   */
  writeSnapshotNow(snapshot: Omit<Snapshot, 'format' | 'journalSegment'>): void {
    this.ensureDir();
    const covered = this.sealJournal();
    const text = JSON.stringify({ format: SNAPSHOT_FORMAT, ...snapshot, journalSegment: covered });
    writeFileAtomically(this.snapshotPath, [text], FILE_MODE);
    deleteSealedJournals(this.dataDir, covered);
    this.thread ??= SnapshotThread.start(this.snapshotPath);
  }

  /**
   * Starts a snapshot of everything journaled so far, written by the worker; the journal lines it
   * covers stay on disk until it is durable. One at a time: callers wait for the last one.
   */
  writeSnapshot(slot: string): Promise<SnapshotWritten> {
    if (!this.thread) return Promise.reject(new ChainStoreError('no snapshot was written at start-up'));
    return this.thread.write(slot, this.sealJournal());
  }

  /** Stops the snapshot worker, closes the journal and releases the lock. */
  async close(): Promise<void> {
    await this.thread?.close();
    this.thread = undefined;
    this.journal.close();
    if (this.locked) fs.rmSync(this.lockPath, { force: true });
    this.locked = false;
  }

  /** Seals the active journal file if it holds lines; returns the last sealed file's number. */
  private sealJournal(): number {
    if (this.journal.seal(this.nextSegment)) this.nextSegment += 1;
    return this.nextSegment - 1;
  }

  private ensureDir(): void {
    fs.mkdirSync(this.dataDir, { recursive: true, mode: DIR_MODE });
  }
}
