/**
 * `npm run bench`: every benchmark, each against a baseline measured in the same run, printed as
 * tables with ratios and saved to bench/results/latest.json. `npm run bench -- sessions` runs one;
 * `chain-stall` takes minutes (CHAIN_STALL_AIRDROPS, CHAIN_STALL_BASELINE: bench/chain-stall/).
 * `--minutes N` shortens the soak, `--sessions N` caps the soak's and the reconnect storm's sessions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runCapsBench } from './caps/caps-bench.ts';
import { runChainRpcBench } from './chain-rpc.ts';
import { printChainStallTable, runChainStallBench } from './chain-stall/chain-stall-bench.ts';
import { printMessagesTable, runMessagesBench } from './messages/messages-bench.ts';
import { printMlsTables, runMlsBench } from './mls.ts';
import { runPaidBench } from './paid/paid-bench.ts';
import { printClusterTable, runClusterBench } from './relay/cluster-bench.ts';
import { printRelayTable, runRelayBench } from './relay/relay-bench.ts';
import { printRooms256Table, runRooms256Bench } from './rooms256/rooms256-bench.ts';
import { runGhostMicroBench } from './sessions/ghost-micro.ts';
import { runSessionsBench } from './sessions/sessions-bench.ts';
import { printSoakTable, runSoakBench } from './soak/soak-bench.ts';
import { printReconnectTable, runReconnectBench } from './storm/reconnect-bench.ts';

interface BenchOptions {
  minutes?: number;
  sessions?: number;
}

type Bench = (options: BenchOptions) => Promise<unknown>;

const BENCHES: Record<string, Bench> = {
  sessions: async () => {
    const micro = await runGhostMicroBench();
    console.log('\nsign-in and ghost paths, in process (no sockets)');
    console.table([micro]);
    const sessions = await runSessionsBench();
    console.log('\nconcurrent signed-in sessions, one instance (server and 2 load clients share 2 cores)');
    console.table(sessions);
    return { micro, sessions };
  },
  paid: async () => {
    const paid = await runPaidBench();
    console.log('\npaid chat v2 on the embedded chain, through the real server (median of 7), ms');
    console.table([paid]);
    const rpc = await runChainRpcBench();
    const us = (x: { perOpUs: number }) => Math.round(x.perOpUs);
    console.log('\nlocal chain: JSON-RPC vs LiteSVM called directly, µs per operation');
    console.table([
      {
        op: 'transfer',
        direct: us(rpc.transfers.direct),
        viaRpc: us(rpc.transfers.rpcMemory),
        ratio: rpc.transfers.ratioMemory.toFixed(1),
      },
      {
        op: 'read account',
        direct: us(rpc.reads.direct),
        viaRpc: us(rpc.reads.rpc),
        ratio: rpc.reads.ratio.toFixed(1),
      },
    ]);
    return { paid, rpc };
  },
  relay: async () => {
    const relay = await runRelayBench();
    console.log(
      `\nroom relay: ${relay.load.rooms} rooms × ${relay.load.members} members, ${relay.load.ctChars}-char ct, ` +
        'one load generator (servers, one at a time, and the generator share 2 cores)',
    );
    printRelayTable(relay);
    return relay;
  },
  cluster: async () => {
    const cluster = await runClusterBench();
    console.log(
      '\nroom relay scaled out: 100 rooms × 5 members, members spread over the instances (all processes share the cores)',
    );
    printClusterTable(cluster);
    return cluster;
  },
  caps: async () => {
    const caps = await runCapsBench();
    console.log(
      `\nconnection caps: the server under ulimit -n ${caps.openFiles}, an attacker keeping 400 WebSocket ` +
        'attempts in flight for 6 s; probes from another address (new HTTP connection, keys, new sign-in)',
    );
    console.table(caps.results);
    console.log(`cap warn lines logged: ${caps.warnLines}`);
    return caps;
  },
  'chain-stall': async () => {
    const rows = await runChainStallBench();
    console.log(
      '\nmessage latency of a signed-in pair while the embedded chain grows by airdrops (server, its chain and the clients share 2 cores)',
    );
    printChainStallTable(rows);
    return rows;
  },
  rooms256: async () => {
    const result = await runRooms256Bench();
    console.log('');
    printRooms256Table(result);
    return result;
  },
  messages: async () => {
    const rows = await runMessagesBench();
    console.log('');
    printMessagesTable(rows);
    return rows;
  },
  mls: async () => {
    const results = await runMlsBench();
    console.log('');
    printMlsTables(results);
    return results;
  },
  soak: async (options) => {
    console.log(
      '\nsoak: the most sessions the fd limit allows, in rooms of 5, steady traffic (server and 2 load processes share 2 cores)',
    );
    const soak = await runSoakBench(options);
    printSoakTable(soak);
    return soak;
  },
  reconnect: async (options) => {
    console.log(
      '\nreconnect storm: kill -9 the server under signed-in client-library sessions, restart it (server and 2 client processes share 2 cores)',
    );
    const storm = await runReconnectBench(options);
    printReconnectTable(storm);
    return storm;
  },
};

async function main(): Promise<void> {
  const { values, positionals: only } = parseArgs({
    allowPositionals: true,
    options: { minutes: { type: 'string' }, sessions: { type: 'string' } },
  });
  const options: BenchOptions = {
    ...(values.minutes === undefined ? {} : { minutes: wholeNumber('--minutes', values.minutes) }),
    ...(values.sessions === undefined ? {} : { sessions: wholeNumber('--sessions', values.sessions) }),
  };
  const names = only.length > 0 ? only : Object.keys(BENCHES);
  console.log(
    `AnoGhost benchmarks on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
  );
  const results: Record<string, unknown> = {};
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    results[name] = await bench(options);
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/latest.json', `${JSON.stringify(results, null, 2)}\n`);
}

function wholeNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`${flag} must be a whole number ≥ 1, got "${value}"`);
  return n;
}

await main();
