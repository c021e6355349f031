/**
 * The server under fuzz: `server/main.ts` as a child process (as `npm start` runs it, embedded
 * chain included), so a crash is a dead process and its memory can be read. With raised limits
 * the per-session frame rate (and any per-address cap: every fuzz connection comes from
 * 127.0.0.1) is lifted where it would only slow the fuzzer; with default limits the server runs
 * as shipped, to show the limits hold.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerProcess, spawnServer } from '../support/server-process.ts';
import { ONE_ADDRESS_LOAD_ENV } from '../support/test-server.ts';
import { findWallet } from './reply-checks.ts';

/**
 * What the raised mode sets: the frame rate, and the per-address caps on connections and sign-ins
 * (issue #10) far above what the fuzzer opens.
 */
export const RAISED_LIMITS_ENV: Readonly<Record<string, string>> = {
  ...ONE_ADDRESS_LOAD_ENV,
  ANOGHOST_FRAME_RATE: '1000000',
};

const PINO_ERROR_LEVEL = 50;
const ERROR_LEVELS = ['error', 'fatal']; // the server logs level labels (server/log/logger.ts)

export interface FuzzServer {
  url: string;
  wsUrl: string;
  domain: string;
  pid: number;
  alive(): boolean;
  /** Resident memory of the server process, bytes. */
  rss(): number;
  /** Log lines at level error or above, and lines naming one of `wallets`. */
  logProblems(wallets: ReadonlySet<string>): string[];
  stop(): Promise<void>;
}

export async function startFuzzServer(limits: 'raised' | 'default'): Promise<FuzzServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-fuzz-'));
  let server: ServerProcess;
  try {
    server = await spawnServer({
      ANOGHOST_DATA_DIR: dataDir,
      ANOGHOST_LOG_LEVEL: 'info',
      ...(limits === 'raised' ? RAISED_LIMITS_ENV : {}),
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const pid = server.child.pid!;
  return {
    url: server.url,
    wsUrl: server.wsUrl,
    domain: server.domain,
    pid,
    alive: () => server.child.exitCode === null && server.child.signalCode === null,
    rss: () => readRss(pid),
    logProblems(wallets) {
      return server
        .output()
        .split('\n')
        .filter((line) => isErrorLine(line) || findWallet(line, wallets) !== undefined);
    },
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function isErrorLine(line: string): boolean {
  if (!line.startsWith('{')) return line.trim() !== '' && !line.startsWith('AnoGhost listening');
  try {
    const { level } = JSON.parse(line) as { level?: unknown };
    return typeof level === 'number' ? level >= PINO_ERROR_LEVEL : ERROR_LEVELS.includes(String(level));
  } catch {
    return true;
  }
}

/** VmRSS of a process (Linux), in bytes; 0 once it is gone. */
export function readRss(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
