/**
 * What the next snapshot will hold, kept as JSON text: one string per account and per transaction
 * record, replaced by each journal line. Writing a snapshot is then only a concatenation, whatever
 * the chain's size; the snapshot worker (snapshot-worker.ts) keeps one, off the event loop.
 */
import { SNAPSHOT_FORMAT } from './chain-store-schema.ts';

const CHUNK_ITEMS = 1000; // accounts or records per written chunk: bounded memory per write

interface JsonAccount {
  address: string;
  lamports: string;
}
interface JsonEntry {
  record: { signature: string };
  accounts: JsonAccount[];
}

/** The snapshot's content, as JSON text per item. */
export class SnapshotMirror {
  private readonly accounts = new Map<string, string>();
  private readonly records = new Map<string, string>();

  private constructor(readonly genesisHash: string) {}

  /** The mirror of a snapshot file's text (one this process just wrote: not validated again). */
  static fromSnapshotText(text: string): SnapshotMirror {
    const snapshot = JSON.parse(text) as {
      genesisHash: string;
      accounts: JsonAccount[];
      transactions: { signature: string }[];
    };
    const mirror = new SnapshotMirror(snapshot.genesisHash);
    for (const account of snapshot.accounts) mirror.accounts.set(account.address, JSON.stringify(account));
    for (const record of snapshot.transactions) mirror.records.set(record.signature, JSON.stringify(record));
    return mirror;
  }

  /** Applies one journal line (as the journal holds it): new account states and the record. */
  applyJournalLine(line: string): void {
    const entry = JSON.parse(line) as JsonEntry;
    for (const account of entry.accounts) {
      // An account that no longer exists reads as 0 lamports: restoring it would delete it.
      if (account.lamports === '0') this.accounts.delete(account.address);
      else this.accounts.set(account.address, JSON.stringify(account));
    }
    this.records.set(entry.record.signature, JSON.stringify(entry.record));
  }

  /** The snapshot file's text, in chunks, with `slot` and the last sealed journal file it covers. */
  *chunks(slot: string, journalSegment: number): Generator<string> {
    const header = { format: SNAPSHOT_FORMAT, genesisHash: this.genesisHash, slot, journalSegment };
    yield `${JSON.stringify(header).slice(0, -1)},"accounts":[`;
    yield* joinInChunks(this.accounts.values());
    yield '],"transactions":[';
    yield* joinInChunks(this.records.values());
    yield ']}';
  }
}

function* joinInChunks(items: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  let first = true;
  for (const item of items) {
    batch.push(item);
    if (batch.length === CHUNK_ITEMS) {
      yield (first ? '' : ',') + batch.join(',');
      first = false;
      batch = [];
    }
  }
  if (batch.length > 0) yield (first ? '' : ',') + batch.join(',');
}
