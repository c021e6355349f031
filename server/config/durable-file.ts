/**
 * Crash-safe file writes for the data dir: a new file replaces the old one only once it is whole
 * on disk (temp file, fsync, rename, directory fsync), so a crash leaves either the old file or the
 * new one, never a torn mix. Synchronous on purpose: callers are start-up code and the local chain's
 * snapshot worker, which own their thread.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes `chunks` to `file` atomically with `mode`; returns the bytes written. */
export function writeFileAtomically(file: string, chunks: Iterable<string>, mode: number): number {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w', mode);
  let bytes = 0;
  try {
    for (const chunk of chunks) bytes += writeAll(fd, Buffer.from(chunk));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
  syncDirectory(path.dirname(file));
  return bytes;
}

/** Writes all of `buffer` at the file's position (a write may take fewer bytes than asked). */
export function writeAll(fd: number, buffer: Buffer): number {
  let offset = 0;
  while (offset < buffer.length) offset += fs.writeSync(fd, buffer, offset);
  return buffer.length;
}

/** Makes the directory's entries (files created, renamed or removed in it) durable. */
export function syncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
