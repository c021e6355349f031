/**
 * `npm run bench -- caps`: what one client can take from the server, as issue #10's red team
 * measured it. The real server (`server/main.ts`, default caps) runs under `ulimit -n 1024`; an
 * attacker process keeps `CONCURRENCY` WebSocket attempts in flight for a while, from one loopback
 * address or from a new one for each attempt (127/8 is all loopback); meanwhile, from 127.0.0.1,
 * probes open a new HTTP connection to /v1/health every 50 ms, send `keys` on a session signed in
 * before the attack every 250 ms (the server reaches its embedded chain for it), and sign a new
 * user in every 500 ms. The baseline is the same probes with no attack, in the same run.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sessionSocketUrl } from '../../shared/protocol/endpoints.ts';
import { connectSignedIn } from '../../tests/support/sign-in.ts';
import { request } from '../child-ipc.ts';
import type { AttackPlan, AttackReport } from './attacker.ts';

const OPEN_FILES = 1024;
const CONCURRENCY = 400; // attempts in flight
const ATTACK_MS = 6_000;
const PROBE_TIMEOUT_MS = 2_000;

export interface CapsScenarioResult {
  scenario: string;
  attempts: number;
  attackerHeld: number;
  refused: string;
  healthP50Ms: number;
  healthP99Ms: number;
  healthFailed: string;
  keysP99Ms: number;
  keysFailed: string;
  newSignIns: string;
}

type Plan = Omit<AttackPlan, 't' | 'wsUrl' | 'domain' | 'durationMs' | 'concurrency'>;
const SCENARIOS: Array<{ name: string; plan?: Plan }> = [
  { name: 'no attack (baseline)' },
  { name: 'one address, not signing in', plan: { addresses: 'one', signIn: false } },
  { name: 'one address, throwaway wallets', plan: { addresses: 'one', signIn: true } },
  { name: 'many addresses, not signing in', plan: { addresses: 'many', signIn: false } },
];

export async function runCapsBench(): Promise<{
  openFiles: number;
  warnLines: number;
  results: CapsScenarioResult[];
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'anoghost-caps-bench-'));
  const server = await startServer(dataDir);
  const attacker = fork('bench/caps/attacker.ts', [], { execArgv: ['--import', 'tsx'] });
  await request(attacker, undefined, 'ready');
  const results: CapsScenarioResult[] = [];
  try {
    const user = await connectSignedIn(server);
    for (const { name, plan } of SCENARIOS) {
      const attack = plan
        ? request(
            attacker,
            {
              t: 'attack',
              wsUrl: server.wsUrl,
              domain: server.domain,
              durationMs: ATTACK_MS,
              concurrency: CONCURRENCY,
              ...plan,
            },
            'report',
          )
        : new Promise((r) => setTimeout(r, ATTACK_MS)).then(() => undefined);
      await new Promise((r) => setTimeout(r, 500)); // let the attack ramp up
      const probes = await probe(server, user.client, ATTACK_MS - 1_000);
      const report = (await attack) as AttackReport | undefined;
      results.push(summarize(name, report, probes));
      await new Promise((r) => setTimeout(r, 1_000)); // the attacker's sockets drain
    }
    user.client.close();
  } finally {
    attacker.kill();
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
  const warnLines = server
    .output()
    .split('\n')
    .filter((l) => l.includes('connection cap reached')).length;
  return { openFiles: OPEN_FILES, warnLines, results };
}

async function probe(
  server: Server,
  user: Awaited<ReturnType<typeof connectSignedIn>>['client'],
  ms: number,
) {
  const health: number[] = [];
  const keys: number[] = [];
  const out = { health, healthFailed: 0, keys, keysFailed: 0, signIns: 0, signInsOk: 0 };
  const end = Date.now() + ms;
  const every = async (period: number, run: () => Promise<void>) => {
    while (Date.now() < end) await Promise.all([run(), new Promise((r) => setTimeout(r, period))]);
  };
  await Promise.all([
    every(50, async () => {
      const t = await timeHealth(server.port).catch(() => undefined);
      if (t === undefined) out.healthFailed += 1;
      else health.push(t);
    }),
    every(250, async () => {
      const t0 = performance.now();
      const reply = await user.request({ t: 'keys' }, PROBE_TIMEOUT_MS).catch(() => undefined);
      if (reply?.t === 'keys') keys.push(performance.now() - t0);
      else out.keysFailed += 1;
    }),
    every(500, async () => {
      out.signIns += 1;
      const signedIn = await Promise.race([
        connectSignedIn(server).catch(() => undefined),
        new Promise<undefined>((r) => setTimeout(r, PROBE_TIMEOUT_MS)),
      ]);
      if (signedIn) out.signInsOk += 1;
      signedIn?.client.close();
    }),
  ]);
  return out;
}

function timeHealth(port: number): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = get(
      { host: '127.0.0.1', port, path: '/v1/health', agent: false, timeout: PROBE_TIMEOUT_MS },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error('status')),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

function summarize(
  scenario: string,
  report: AttackReport | undefined,
  p: Awaited<ReturnType<typeof probe>>,
): CapsScenarioResult {
  const pct = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    const v = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return v === undefined ? Number.NaN : Math.round(v * 10) / 10;
  };
  const refused = Object.entries(report?.refused ?? {})
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  return {
    scenario,
    attempts: report?.attempts ?? 0,
    attackerHeld: report?.maxHeld ?? 0,
    refused: refused || '-',
    healthP50Ms: pct(p.health, 0.5),
    healthP99Ms: pct(p.health, 0.99),
    healthFailed: `${p.healthFailed}/${p.health.length + p.healthFailed}`,
    keysP99Ms: pct(p.keys, 0.99),
    keysFailed: `${p.keysFailed}/${p.keys.length + p.keysFailed}`,
    newSignIns: `${p.signInsOk}/${p.signIns}`,
  };
}

interface Server {
  wsUrl: string;
  domain: string;
  port: number;
  child: ChildProcess;
  output(): string;
}

/** `server/main.ts` under `ulimit -n OPEN_FILES`, as `npm start` runs it. */
function startServer(dataDir: string): Promise<Server> {
  const child = spawn(
    'sh',
    [
      '-c',
      `ulimit -n ${OPEN_FILES} && exec "$0" "$@"`,
      process.execPath,
      '--import',
      'tsx',
      'server/main.ts',
    ],
    {
      env: {
        ...process.env,
        ANOGHOST_PORT: '0',
        ANOGHOST_DATA_DIR: dataDir,
        ANOGHOST_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const collect = (chunk: Buffer) => {
      output += String(chunk);
      const url = /AnoGhost listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      const { host, port } = new URL(url);
      resolve({
        wsUrl: sessionSocketUrl(url),
        domain: host,
        port: Number(port),
        child,
        output: () => output,
      });
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}
