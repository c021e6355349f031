/** What the event loop (snapshot-thread.ts) and the snapshot worker (snapshot-worker.ts) say to each other. */

/** Messages to the worker. */
export type SnapshotRequest =
  | { t: 'entry'; line: string }
  | { t: 'write'; id: number; slot: string; journalSegment: number };

/** Replies from the worker. */
export type SnapshotReply =
  | { t: 'written'; id: number; bytes: number; ms: number }
  | { t: 'failed'; id: number; message: string };

/** What the worker starts from. */
export interface SnapshotWorkerData {
  /** The snapshot file just written at start-up: the worker's first state. */
  snapshotPath: string;
  loader: string;
  entry: string;
}
