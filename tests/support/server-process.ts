/**
 * Runs `server/main.ts` as a child process, the way `npm start` does (or `npm run chain`'s
 * script), capturing all its output.
 */
import { type ChildProcess, type SpawnOptionsWithStdioTuple, spawn } from 'node:child_process';
import { sessionSocketUrl } from '../../shared/protocol/endpoints.ts';

const SERVER_MAIN = 'server/main.ts';

export interface ServerProcess {
  url: string;
  /** The WebSocket endpoint and the sign-in domain, as `connectSignedIn` takes them. */
  wsUrl: string;
  domain: string;
  output: () => string;
  child: ChildProcess;
  stop(): Promise<number | null>;
}

/** `openFiles`: the child's `ulimit -n` (soft and hard), for tests of the descriptor budget. */
export function spawnServer(env: Record<string, string>, openFiles?: number): Promise<ServerProcess> {
  const { child, output, exited } = spawnMain(env, SERVER_MAIN, openFiles);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output()}`)), 15_000);
    const onData = () => {
      const match = /AnoGhost listening on (http:\/\/\S+)/.exec(output());
      if (match?.[1] && timer) {
        clearTimeout(timer);
        const url = match[1];
        resolve({
          url,
          wsUrl: sessionSocketUrl(url),
          domain: new URL(url).host,
          output,
          child,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output()}`)));
  });
}

/** Runs the server expecting it to refuse to start; resolves with its exit code and output. */
export async function runServerExpectingFailure(
  env: Record<string, string>,
  script = SERVER_MAIN,
): Promise<{ code: number | null; output: string }> {
  const { output, exited } = spawnMain(env, script);
  const code = await exited;
  return { code, output: output() };
}

/** `npm run chain`: the local chain alone, on any free port; resolves once it serves. */
export function spawnChain(
  env: Record<string, string>,
): Promise<{ rpcUrl: string; stop(): Promise<number | null> }> {
  const { child, output, exited } = spawnMain(
    { ANOGHOST_CHAIN_PORT: '0', ...env },
    'server/local-chain/main.ts',
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`chain did not start:\n${output()}`)), 15_000);
    child.stdout.on('data', () => {
      const match = /AnoGhost local chain: (http:\/\/\S+)/.exec(output());
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve({
        rpcUrl: match[1],
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => reject(new Error(`chain exited with ${code}:\n${output()}`)));
  });
}

function spawnMain(env: Record<string, string>, script = SERVER_MAIN, openFiles?: number) {
  const args = ['--import', 'tsx', script];
  const options: SpawnOptionsWithStdioTuple<'ignore', 'pipe', 'pipe'> = {
    env: { ...process.env, ANOGHOST_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  };
  const child =
    openFiles === undefined
      ? spawn(process.execPath, args, options)
      : spawn('sh', ['-c', `ulimit -n ${openFiles} && exec "$0" "$@"`, process.execPath, ...args], options);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += String(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}
