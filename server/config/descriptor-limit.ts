/**
 * The process's open-file limit and the socket budget drawn from it. Issue #10 measured 996
 * attacker sessions taking every descriptor under `ulimit -n 1024`: new users could not sign in,
 * `/v1/health` timed out, and the server could not reach its own chain. So WebSockets stop below the
 * limit, leaving descriptors for the process itself (files, Redis, chain client sockets and, with
 * the embedded chain, their server ends) and for HTTP requests.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config.ts';

const RESERVE_SHARE = 20; // 1/20 of the limit, i.e. 5 %, for each reserve below
const MIN_INTERNAL = 64; // descriptors for the process itself
const MIN_HTTP = 32; // sockets for HTTP requests while WebSockets are at their cap
const MAX_RESERVE = 128; // each; larger limits need no more than this

/** How many sockets the server accepts: WebSockets, and all client sockets together. */
export interface SocketBudget {
  /** The soft `ulimit -n` read at start, or `undefined` when unlimited or unreadable. */
  descriptorLimit: number | undefined;
  /** Open WebSockets at most (the global connection cap). */
  webSockets: number;
  /** Client sockets at most, WebSockets and HTTP alike (Node's `server.maxConnections`). */
  sockets: number;
}

/** The soft open-files limit of this process: /proc/self/limits on Linux, else `ulimit -n`. */
export function readDescriptorLimit(): number | undefined {
  if (process.platform === 'linux') {
    try {
      return parseOpenFilesLimit(readFileSync('/proc/self/limits', 'utf8'));
    } catch {
      // fall through to the shell
    }
  }
  try {
    return parseLimitValue(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  } catch {
    return undefined;
  }
}

/** The soft limit on the "Max open files" line of a /proc/<pid>/limits text. */
export function parseOpenFilesLimit(limits: string): number | undefined {
  const line = limits.split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  if (soft === undefined) throw new Error('no "Max open files" line');
  return parseLimitValue(soft);
}

function parseLimitValue(value: string): number | undefined {
  if (value === 'unlimited') return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`not a limit: "${value}"`);
  return Number(value);
}

/**
 * The budget for a descriptor `limit`: WebSockets get what is left after a reserve for the process
 * and one for HTTP (5 % each, between 64 resp. 32 and 128), never more than `maxConnections`.
 * At `ulimit -n` 1024 that is 908 WebSockets, at 20,000 it is 19,744.
 */
export function socketBudget(limit: number | undefined, maxConnections: number): SocketBudget {
  if (limit === undefined) {
    return { descriptorLimit: undefined, webSockets: maxConnections, sockets: maxConnections + MAX_RESERVE };
  }
  const share = Math.ceil(limit / RESERVE_SHARE);
  const internal = Math.min(MAX_RESERVE, Math.max(MIN_INTERNAL, share));
  const http = Math.min(MAX_RESERVE, Math.max(MIN_HTTP, share));
  const fit = limit - internal - http;
  if (fit < 1) {
    throw new ConfigError(
      'ulimit -n',
      `the open-files limit is ${limit}; the server needs at least ${internal + http + 1} (raise it with ulimit -n)`,
    );
  }
  const webSockets = Math.min(maxConnections, fit);
  return { descriptorLimit: limit, webSockets, sockets: Math.min(limit - internal, webSockets + http) };
}
