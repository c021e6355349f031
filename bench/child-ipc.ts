/** Forking the benchmark's child processes (servers, load generator) and talking to them over IPC. */
import { type ChildProcess, fork } from 'node:child_process';

export type Reply = { t: string } & Record<string, unknown>;

export function spawn(file: string, execArgv: string[] = [], env?: Record<string, string>): ChildProcess {
  return fork(file, [], { execArgv: [...execArgv, '--import', 'tsx'], env: { ...process.env, ...env } });
}

/** Sends `message` (if any) and resolves with the first reply of type `reply`. */
export function request(child: ChildProcess, message: object | undefined, reply: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${reply}`)), 120_000);
    const onMessage = (m: Reply) => {
      if (m.t === 'failed') done(new Error(String(m.error)));
      else if (m.t === reply) done(undefined, m);
    };
    const onExit = (code: number | null) => done(new Error(`child exited with ${code} before ${reply}`));
    const done = (error?: Error, m?: Reply) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(m!);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    if (message) child.send(message);
  });
}

/** Asks a child to stop (so a CPU profile gets written), killing it if it does not within 10 s. */
export function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ t: 'stop' });
    else child.kill();
  });
}
