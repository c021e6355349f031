/**
 * The snapshot worker thread (started by snapshot-thread.ts): keeps a {@link SnapshotMirror} of
 * the chain from the snapshot file and every journal line after it, and writes the snapshot when
 * asked, so serializing and writing a chain of any size never blocks the event loop. Messages are
 * handled in order: a snapshot holds exactly the lines sent before its request.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { writeFileAtomically } from '../config/durable-file.ts';
import { deleteSealedJournals } from './chain-journal.ts';
import type { SnapshotReply, SnapshotRequest, SnapshotWorkerData } from './snapshot-messages.ts';
import { SnapshotMirror } from './snapshot-mirror.ts';

const FILE_MODE = 0o600;

function serve(port: NonNullable<typeof parentPort>, data: SnapshotWorkerData): void {
  const mirror = SnapshotMirror.fromSnapshotText(fs.readFileSync(data.snapshotPath, 'utf8'));
  const dir = path.dirname(data.snapshotPath);
  port.on('message', (message: SnapshotRequest) => {
    if (message.t === 'entry') {
      mirror.applyJournalLine(message.line);
      return;
    }
    const started = performance.now();
    let reply: SnapshotReply;
    try {
      const chunks = mirror.chunks(message.slot, message.journalSegment);
      const bytes = writeFileAtomically(data.snapshotPath, chunks, FILE_MODE);
      deleteSealedJournals(dir, message.journalSegment);
      reply = { t: 'written', id: message.id, bytes, ms: performance.now() - started };
    } catch (error) {
      reply = {
        t: 'failed',
        id: message.id,
        message: error instanceof Error ? error.message : String(error),
      };
    }
    port.postMessage(reply);
  });
}

if (parentPort) serve(parentPort, workerData as SnapshotWorkerData);
