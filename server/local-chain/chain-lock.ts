/**
 * `local-chain.lock`: which process serves a chain data dir, so that `npm start` and
 * `npm run chain` never write one at once. A pid alone cannot tell a stale lock apart: after a
 * `kill -9` in a container the pid is soon another, unrelated live process. So the lock names the
 * pid, that process's start time (`/proc/<pid>/stat` field 22, clock ticks since boot) and the
 * boot id (`/proc/sys/kernel/random/boot_id`): the holder is alive only if a process with that
 * pid exists and both still match. Without /proc (macOS…) only the pid is checked.
 *
 * File: `<pid>\nstart <ticks>\nboot <id>\n` (the first line alone is the older, pid-only form).
 */
import * as fs from 'node:fs';

const FILE_MODE = 0o600;
const START_TIME_FIELD = 22; // of /proc/<pid>/stat, 1-based (man 5 proc)

/** Who holds a lock. */
export interface LockHolder {
  pid: number;
  /** Clock ticks after boot at which the process started; `undefined` without /proc. */
  startTime: string | undefined;
  bootId: string | undefined;
}

/** The data dir is served by another live process. */
export class ChainLockedError extends Error {
  override readonly name = 'ChainLockedError';
}

/**
 * Takes the lock at `lockPath` for this process. A lock naming a process that is gone (or whose
 * pid now belongs to another process, or one from before a reboot) is taken over, and its holder
 * returned so the caller can log it; a live holder throws {@link ChainLockedError}.
 */
export function acquireLock(lockPath: string, dataDir: string): LockHolder | undefined {
  const self = describeProcess(process.pid);
  let stale: LockHolder | undefined;
  for (;;) {
    try {
      const fd = fs.openSync(lockPath, 'wx', FILE_MODE);
      fs.writeSync(fd, formatLock(self));
      fs.closeSync(fd);
      return stale;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = parseLock(readText(lockPath));
    if (holder && holder.pid !== process.pid && isHolderAlive(holder)) {
      throw new ChainLockedError(
        `the local chain in ${dataDir} is already served by process ${holder.pid}; ` +
          `if no chain runs there, delete ${lockPath}`,
      );
    }
    // A lock naming this very process is left by an earlier chain of it (tests simulate a crash so).
    if (holder?.pid !== process.pid) stale = holder;
    fs.rmSync(lockPath, { force: true });
  }
}

/** The lock file's text for `holder`. */
export function formatLock(holder: LockHolder): string {
  let text = `${holder.pid}\n`;
  if (holder.startTime !== undefined) text += `start ${holder.startTime}\n`;
  if (holder.bootId !== undefined) text += `boot ${holder.bootId}\n`;
  return text;
}

/** The holder a lock file names, or `undefined` if it names none (empty, garbage). */
export function parseLock(text: string): LockHolder | undefined {
  const [first, ...rest] = text.split('\n');
  if (!first || !/^\d+$/.test(first.trim())) return undefined;
  const field = (name: string) =>
    rest
      .find((line) => line.startsWith(`${name} `))
      ?.slice(name.length + 1)
      .trim() || undefined;
  return { pid: Number(first.trim()), startTime: field('start'), bootId: field('boot') };
}

/** The pid, start time and boot id of a running process, as far as this system tells. */
export function describeProcess(pid: number): LockHolder {
  return { pid, startTime: readStartTime(pid), bootId: readBootId() };
}

function isHolderAlive(holder: LockHolder): boolean {
  if (!isPidAlive(holder.pid)) return false;
  const now = describeProcess(holder.pid);
  if (holder.bootId !== undefined && now.bootId !== undefined && holder.bootId !== now.bootId) return false;
  if (holder.startTime !== undefined && now.startTime !== undefined && holder.startTime !== now.startTime) {
    return false;
  }
  return true;
}

function isPidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readStartTime(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === '') return undefined;
  // Field 2 (the command) is in parentheses and may hold spaces and parentheses: count after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const value = fields[START_TIME_FIELD - 3];
  return value !== undefined && /^\d+$/.test(value) ? value : undefined;
}

function readBootId(): string | undefined {
  return readText('/proc/sys/kernel/random/boot_id').trim() || undefined;
}

function readText(path: string): string {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
