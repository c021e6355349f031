/**
 * A real `redis-server` for scale-out tests, on a free loopback port, without persistence (so a
 * restart loses everything, the hardest case; and the server refuses a Redis that persists, see
 * server/store/redis-persistence.ts), killed when the test ends. `extraArgs` come last and override.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL) and waits until it is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** `extraArgs`: more redis-server options (the cluster benchmark raises the pub/sub buffer). */
export async function startTestRedis(extraArgs: string[] = []): Promise<TestRedis> {
  const port = await freePort();
  let child = await launch(port, extraArgs);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => killChild(child),
    async restart() {
      await killChild(child);
      child = await launch(port, extraArgs);
    },
    stop: () => killChild(child),
  };
}

function launch(port: number, extraArgs: string[]): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
