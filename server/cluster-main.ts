/**
 * `npm run cluster [-- N]`: a Redis-backed setup of N instances (default 3) for local use. Starts a
 * redis-server on a free port unless `ANOGHOST_REDIS_URL` is set, one shared local chain, and N
 * `server/main.ts` processes on ports 8787, 8788, … sharing the master key, the treasury key and
 * the chain (data in ./.anoghost-cluster). Stops everything on Ctrl-C. Put a load balancer in
 * front of the ports (docs/nginx-cluster.conf).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { encodeHex } from '../shared/encoding.ts';
import { loadTreasury } from './chain/treasury.ts';
import { loadMasterKey, prepareDataDir } from './config/data-dir.ts';
import { KeyCheck } from './config/key-check.ts';
import { findLocalChainState, localChainDir, startLocalChain } from './local-chain/start-local-chain.ts';

const DEFAULT_INSTANCES = 3;
const MAX_INSTANCES = 16;
const BASE_PORT = 8787;
const REDIS_PORT = 6390;
const ROOT = './.anoghost-cluster';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? DEFAULT_INSTANCES);
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTANCES) {
    console.error(`usage: npm run cluster -- <instances, 1…${MAX_INSTANCES}>`);
    process.exit(1);
  }
  await prepareDataDir(ROOT);
  // The cluster's one master key and treasury, kept in its data dir as a single server keeps its
  // own (checked the same way: key-check.ts); every instance gets them from here.
  const chainDir = localChainDir(ROOT);
  const keyCheck = await KeyCheck.open(ROOT, findLocalChainState(chainDir));
  const masterKey = encodeHex(await loadMasterKey(ROOT, undefined, keyCheck));
  await loadTreasury(ROOT, undefined, keyCheck);
  keyCheck.save();
  const children: ChildProcess[] = [];
  let redisUrl = process.env.ANOGHOST_REDIS_URL;
  if (!redisUrl) {
    const redis = spawn(
      'redis-server',
      ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    redis.once('error', () => {
      console.error('cannot start redis-server: install it, or set ANOGHOST_REDIS_URL');
      process.exit(1);
    });
    children.push(redis);
    redisUrl = `redis://127.0.0.1:${REDIS_PORT}`;
    await new Promise((r) => setTimeout(r, 300));
  }
  const chain = await startLocalChain({ dataDir: chainDir });
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      stdio: 'inherit',
      env: {
        ...process.env,
        ANOGHOST_PORT: String(BASE_PORT + i),
        ANOGHOST_DATA_DIR: join(ROOT, `instance-${i}`),
        ANOGHOST_REDIS_URL: redisUrl,
        ANOGHOST_MASTER_KEY: masterKey,
        ANOGHOST_TREASURY_KEY: join(ROOT, 'treasury.json'),
        SOLANA_RPC_URL: chain.rpcUrl,
        ANOGHOST_CLUSTER: 'localnet',
      },
    });
    children.push(child);
  }
  process.stdout.write(
    `AnoGhost cluster: ${count} instances on ports ${BASE_PORT}…${BASE_PORT + count - 1}\n`,
  );
  const stop = () => {
    for (const child of children) child.kill('SIGTERM');
    void chain.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`AnoGhost cluster cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
