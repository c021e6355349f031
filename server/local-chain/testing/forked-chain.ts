/**
 * A local chain in a child process (chain-child.ts), for tests that kill it to simulate a crash,
 * or whose own event loop must stay free while the chain's might not.
 */
import { type ChildProcess, fork } from 'node:child_process';

const START_TIMEOUT_MS = 20_000; // tsx compiles the chain on a loaded machine

/** A forked chain. */
export interface ForkedChain {
  readonly rpcUrl: string;
  readonly pid: number;
  /** SIGKILL: no final snapshot, no lock release (a crash). */
  kill(): Promise<void>;
}

/** Forks a chain with these options and resolves once it serves. */
export function forkChain(options: { dataDir?: string; snapshotIntervalMs?: number }): Promise<ForkedChain> {
  const child = fork(new URL('./chain-child.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ANOGHOST_TEST_CHAIN: JSON.stringify(options) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the forked chain did not start'));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the forked chain exited with ${code}`));
    });
    child.on('message', (message: { t: string; rpcUrl?: string; error?: string }) => {
      clearTimeout(timer);
      if (message.t === 'ready' && message.rpcUrl) {
        resolve({ rpcUrl: message.rpcUrl, pid: child.pid!, kill: () => killChild(child) });
      } else {
        reject(new Error(`the forked chain failed: ${message.error}`));
      }
    });
  });
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** One JSON-RPC call to `rpcUrl`; rejects on an error answer or after `timeoutMs`. */
export async function callJsonRpc<T>(
  rpcUrl: string,
  method: string,
  params: unknown[],
  timeoutMs = 10_000,
): Promise<T> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const answer = (await response.json()) as { result?: T; error?: { message: string } };
  if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
  return answer.result as T;
}
