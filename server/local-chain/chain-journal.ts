/**
 * The local chain's journal: one JSON line per landed transaction, appended and fdatasynced before
 * the transaction is acknowledged. New lines go to `local-chain.journal`; when a snapshot starts,
 * that file is sealed (renamed `local-chain.journal.<n>`, n counting up) so the snapshot, written
 * off the event loop, covers exactly the sealed files while new lines go to a new one. A sealed
 * file is deleted once a snapshot that covers it is durable.
 *
 * Reading is strict: only a torn last line of the active file (a crash mid-append: it was never
 * acknowledged) is dropped; any other line that does not parse, or a missing sealed file, refuses
 * the whole chain, naming the file and line, rather than silently losing what followed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v from 'valibot';
import { syncDirectory, writeAll } from '../config/durable-file.ts';
import { JOURNAL_ENTRY_SCHEMA, type JournalEntry } from './chain-store-schema.ts';

/** The file new journal lines go to. */
export const JOURNAL_FILE = 'local-chain.journal';
const SEALED_FILE = /^local-chain\.journal\.(\d+)$/;
const FILE_MODE = 0o600;

/** A chain file is damaged, or missing while others need it. */
export class ChainStoreError extends Error {
  override readonly name = 'ChainStoreError';
}

/** The sealed journal files in `dir`, oldest first. */
export function listSealedJournals(dir: string): { segment: number; file: string }[] {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  return names
    .flatMap((name) => {
      const match = SEALED_FILE.exec(name);
      return match ? [{ segment: Number(match[1]), file: path.join(dir, name) }] : [];
    })
    .sort((a, b) => a.segment - b.segment);
}

/** Path of sealed journal file number `segment`. */
export function sealedJournalPath(dir: string, segment: number): string {
  return path.join(dir, `${JOURNAL_FILE}.${segment}`);
}

/** Removes the sealed journal files up to `segment` (a durable snapshot covers them). */
export function deleteSealedJournals(dir: string, segment: number): void {
  const covered = listSealedJournals(dir).filter((item) => item.segment <= segment);
  for (const item of covered) fs.rmSync(item.file, { force: true });
  if (covered.length > 0) syncDirectory(dir);
}

/** The hint every refusal ends with: what the operator can do. */
export function repairHint(dir: string): string {
  return `restore the chain files from a backup, or move ${dir} away to start a new chain (everything on this one is then lost)`;
}

/**
 * Reads one journal file. `active`: it is the file appends go to, where a torn last line is
 * possible and is dropped (`torn` says so); anywhere else a bad line throws naming file and line.
 */
export function readJournalFile(file: string, active: boolean): JournalFileContent {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const unterminated = lines.pop() ?? ''; // '' when the file ends with a newline, as every append does
  const entries: JournalEntry[] = [];
  let wholeBytes = 0;
  const damaged = (line: number, what: string, cause?: unknown) =>
    new ChainStoreError(`${file} line ${line} ${what}: ${repairHint(path.dirname(file))}`, { cause });
  for (const [index, line] of lines.entries()) {
    try {
      entries.push(v.parse(JOURNAL_ENTRY_SCHEMA, JSON.parse(line)));
    } catch (cause) {
      const isLast = index === lines.length - 1 && unterminated === '';
      if (active && isLast) return { entries, torn: true, wholeBytes };
      throw damaged(index + 1, 'is damaged', cause);
    }
    wholeBytes += Buffer.byteLength(line) + 1;
  }
  if (unterminated === '') return { entries, torn: false, wholeBytes };
  if (active) return { entries, torn: true, wholeBytes };
  throw damaged(lines.length + 1, 'is cut short');
}

/** One journal file, read. */
export interface JournalFileContent {
  entries: JournalEntry[];
  /** The active file ended in a torn line (dropped). */
  torn: boolean;
  /** Bytes of the whole lines before any torn one. */
  wholeBytes: number;
}

/** Cuts a torn last line off the active journal file, so that sealing it keeps it well-formed. */
export function cutTornTail(file: string, wholeBytes: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.ftruncateSync(fd, wholeBytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Appends to the active journal file and seals it. */
export class JournalWriter {
  private fd: number | undefined;
  private size = 0; // bytes of whole lines in the active file
  private readonly file: string;

  constructor(private readonly dir: string) {
    this.file = path.join(dir, JOURNAL_FILE);
  }

  /** Appends one line and flushes it to disk; on failure the file is cut back to whole lines. */
  append(line: string): void {
    const fd = this.open();
    const before = this.size;
    try {
      this.size += writeAll(fd, Buffer.from(`${line}\n`));
      fs.fdatasyncSync(fd);
    } catch (error) {
      this.size = before; // not acknowledged: not kept
      try {
        fs.ftruncateSync(fd, before);
      } catch {
        // the read at the next start refuses the torn line if it is not the last one
      }
      throw error;
    }
  }

  /** Seals the active file as number `segment`; `false` when it holds no line (nothing sealed). */
  seal(segment: number): boolean {
    this.closeFile();
    const size = fs.existsSync(this.file) ? fs.statSync(this.file).size : 0;
    if (size === 0) return false;
    fs.renameSync(this.file, sealedJournalPath(this.dir, segment));
    syncDirectory(this.dir);
    return true;
  }

  close(): void {
    this.closeFile();
  }

  private open(): number {
    if (this.fd !== undefined) return this.fd;
    const created = !fs.existsSync(this.file);
    this.fd = fs.openSync(this.file, 'a', FILE_MODE);
    this.size = fs.fstatSync(this.fd).size;
    if (created) syncDirectory(this.dir); // the new file's name must outlive a crash as its lines do
    return this.fd;
  }

  private closeFile(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
