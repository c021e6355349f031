/**
 * The event loop's side of the snapshot worker (snapshot-worker.ts): starts the thread, forwards
 * each journal line to it and asks for snapshots. The only work left on the event loop per
 * snapshot is one message; per transaction, one message of its journal line.
 *
 * The code runs under tsx (`npm start`) or vitest, so the worker registers tsx's loader itself
 * before importing its TypeScript entry (Node 20 workers do not inherit the parent's loader).
 */
import { Worker } from 'node:worker_threads';
import type { SnapshotReply, SnapshotRequest, SnapshotWorkerData } from './snapshot-messages.ts';

/** One written snapshot. */
export interface SnapshotWritten {
  bytes: number;
  /** Time the worker spent serializing and writing (not the event loop's). */
  ms: number;
}

/** The worker failed to write a snapshot (the journal still holds every change). */
export class SnapshotWriteError extends Error {
  override readonly name = 'SnapshotWriteError';
}

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.loader).then(({ register }) => { register(); return import(workerData.entry); });
`;

/** A running snapshot worker. */
export class SnapshotThread {
  private readonly pending = new Map<
    number,
    { resolve: (written: SnapshotWritten) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.unref(); // referenced only while a snapshot is pending (see `write`)
    worker.on('message', (reply: SnapshotReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new SnapshotWriteError(`the snapshot worker exited (${code})`)));
  }

  /** Starts a worker whose first state is the snapshot file at `snapshotPath`. */
  static start(snapshotPath: string): SnapshotThread {
    const workerData: SnapshotWorkerData = {
      snapshotPath,
      loader: import.meta.resolve('tsx/esm/api'),
      entry: new URL('./snapshot-worker.ts', import.meta.url).href,
    };
    return new SnapshotThread(new Worker(BOOTSTRAP, { eval: true, workerData, execArgv: [] }));
  }

  /** Forwards one journal line, already durable in the journal. */
  record(line: string): void {
    if (!this.failure) this.worker.postMessage({ t: 'entry', line } satisfies SnapshotRequest);
  }

  /** Asks for a snapshot of every line recorded so far, at `slot`, covering sealed files ≤ `journalSegment`. */
  write(slot: string, journalSegment: number): Promise<SnapshotWritten> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const written = new Promise<SnapshotWritten>((resolve, reject) =>
      this.pending.set(id, { resolve, reject }),
    );
    this.worker.ref();
    this.worker.postMessage({ t: 'write', id, slot, journalSegment } satisfies SnapshotRequest);
    return written;
  }

  /** Stops the worker (callers wait for their last `write` first). */
  async close(): Promise<void> {
    this.failure ??= new SnapshotWriteError('the snapshot worker was stopped');
    await this.worker.terminate();
  }

  private settle(reply: SnapshotReply): void {
    const pending = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if (reply.t === 'written') pending?.resolve({ bytes: reply.bytes, ms: reply.ms });
    else pending?.reject(new SnapshotWriteError(reply.message));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
