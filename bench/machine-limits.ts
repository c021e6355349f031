/**
 * How many sessions this machine allows one server, read rather than assumed: the open-file limit
 * (`ulimit -n`: 20,000 in the benchmark shell here, 1,048,576 or 1,024 elsewhere; each session is
 * one descriptor in the server) and the ephemeral ports one client address has towards one server
 * port (every benchmark client is 127.0.0.1), less what the server needs for itself.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Descriptors the server keeps for itself: listening sockets, the chain, logs, Node's own. */
export const SERVER_FD_RESERVE = 500;

export interface MachineLimits {
  openFiles: number;
  ephemeralPorts: number;
  maxSessions: number;
}

export function readMachineLimits(): MachineLimits {
  const openFiles = readOpenFileLimit();
  const ephemeralPorts = readEphemeralPorts();
  return { openFiles, ephemeralPorts, maxSessions: Math.min(openFiles, ephemeralPorts) - SERVER_FD_RESERVE };
}

/** The soft open-file limit children inherit (`ulimit -n`). */
export function readOpenFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    if (soft && /^\d+$/.test(soft)) return Number(soft);
  } catch {
    // not Linux: ask the shell
  }
  const value = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
  return value === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(value);
}

/** Ports in `net.ipv4.ip_local_port_range` (28,232 by default on Linux). */
export function readEphemeralPorts(): number {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    return Number(high) - Number(low) + 1;
  } catch {
    return 28_232;
  }
}
