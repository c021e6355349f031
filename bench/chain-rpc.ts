/**
 * Benchmark: the embedded local chain's JSON-RPC + WebSocket overhead against calling LiteSVM
 * directly, in the same process and run (DESIGN.md "Testing": benchmarks report ratios to a
 * baseline). Measures N SOL transfers (direct `svm.sendTransaction` vs `sendTransaction` +
 * `signatureSubscribe` through `@solana/kit`, in memory and with the data-dir journal) and N
 * account reads (direct `svm.getAccount` vs `getAccountInfo`).
 * Run: `npx tsx bench/chain-rpc.ts [transfers] [reads]`.
 */
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type Address,
  type Blockhash,
  createSolanaRpc,
  generateKeyPairSigner,
  getBase64EncodedWireTransaction,
  getTransactionEncoder,
  type KeyPairSigner,
  lamports,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';
import { LiteSVM } from 'litesvm';
import { signTransactionWithBlockhash, startTestChain } from '../server/local-chain/testing/test-chain.ts';

const DEFAULT_TRANSFERS = 300;
const DEFAULT_READS = 2000;
const PAYER_LAMPORTS = 1_000_000_000_000n; // lamports

/** One measured series. */
export interface BenchSeries {
  readonly count: number;
  readonly totalMs: number;
  readonly perOpUs: number;
  readonly opsPerSec: number;
}

/** Results of {@link runChainRpcBench}; ratios are RPC time / direct time. */
export interface ChainRpcBenchResult {
  readonly transfers: {
    /** `svm.sendTransaction` on a bare LiteSVM. */
    direct: BenchSeries;
    /** The node's pipeline in process, no HTTP: signature check, preflight, execution, record. */
    nodePipeline: BenchSeries;
    /** `sendTransaction` through kit over HTTP, no confirmation. */
    rpcSend: BenchSeries;
    /** kit's sendAndConfirm (HTTP + signatureSubscribe), in memory and with the data-dir journal. */
    rpcMemory: BenchSeries;
    rpcDataDir: BenchSeries;
    ratioMemory: number;
    ratioDataDir: number;
  };
  /** `rpcFloor`: kit getHealth against a bare node:http server answering a constant: the transport floor. */
  readonly reads: { direct: BenchSeries; rpc: BenchSeries; rpcFloor: BenchSeries; ratio: number };
}

function summarize(count: number, totalMs: number): BenchSeries {
  return { count, totalMs, perOpUs: (totalMs * 1000) / count, opsPerSec: count / (totalMs / 1000) };
}

async function time(count: number, run: (index: number) => unknown): Promise<BenchSeries> {
  const start = performance.now();
  for (let index = 0; index < count; index += 1) await run(index);
  return summarize(count, performance.now() - start);
}

async function signTransfers(payer: KeyPairSigner, destination: Address, blockhash: string, count: number) {
  const transactions = [];
  for (let index = 0; index < count; index += 1) {
    const transfer = getTransferSolInstruction({
      source: payer,
      destination,
      amount: lamports(1_000_000n + BigInt(index)),
    });
    transactions.push(
      await signTransactionWithBlockhash(payer, [transfer], {
        blockhash: blockhash as Blockhash,
        lastValidBlockHeight: 1_000_000_000n,
      }),
    );
  }
  return transactions;
}

async function benchDirect(transfers: number, reads: number) {
  const svm = new LiteSVM();
  const payer = await generateKeyPairSigner();
  const destination = (await generateKeyPairSigner()).address;
  svm.airdrop(payer.address, lamports(PAYER_LAMPORTS));
  const transactions = await signTransfers(payer, destination, svm.latestBlockhash(), transfers);
  const sent = await time(transfers, (index) => svm.sendTransaction(transactions[index]!));
  const read = await time(reads, () => svm.getAccount(payer.address));
  return { sent, read };
}

async function benchRpc(transfers: number, reads: number, dataDir: string | undefined) {
  const { chain, rpc, sendAndConfirm } = await startTestChain({ dataDir });
  try {
    const payer = await generateKeyPairSigner();
    const destination = (await generateKeyPairSigner()).address;
    await rpc.requestAirdrop(payer.address, lamports(PAYER_LAMPORTS)).send();
    const { value: latest } = await rpc.getLatestBlockhash().send();
    const transactions = await signTransfers(payer, destination, latest.blockhash, 3 * transfers);
    const wires = transactions.map(
      (transaction) => getTransactionEncoder().encode(transaction) as Uint8Array,
    );
    const confirmed = await time(transfers, (index) =>
      sendAndConfirm(transactions[index]!, { commitment: 'confirmed' }),
    );
    const sent = await time(transfers, (index) =>
      rpc
        .sendTransaction(getBase64EncodedWireTransaction(transactions[transfers + index]!), {
          encoding: 'base64',
        })
        .send(),
    );
    const pipeline = await time(transfers, (index) =>
      chain.node.sendTransaction(wires[2 * transfers + index]!, { skipPreflight: false }),
    );
    const read = await time(reads, () => rpc.getAccountInfo(payer.address, { encoding: 'base64' }).send());
    return { confirmed, sent, pipeline, read };
  } finally {
    await chain.close();
  }
}

async function benchTransportFloor(reads: number): Promise<BenchSeries> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const body = '{"jsonrpc":"2.0","id":0,"result":"ok"}';
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  try {
    const rpc = createSolanaRpc(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return await time(reads, () => rpc.getHealth().send());
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

/** Runs the benchmark and returns its numbers. */
export async function runChainRpcBench(
  transfers = DEFAULT_TRANSFERS,
  reads = DEFAULT_READS,
): Promise<ChainRpcBenchResult> {
  const direct = await benchDirect(transfers, reads);
  const floor = await benchTransportFloor(reads);
  const memory = await benchRpc(transfers, reads, undefined);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anoghost-chain-bench-'));
  let onDisk: Awaited<ReturnType<typeof benchRpc>>;
  try {
    onDisk = await benchRpc(transfers, 10, path.join(tempDir, 'data'));
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
  return {
    transfers: {
      direct: direct.sent,
      nodePipeline: memory.pipeline,
      rpcSend: memory.sent,
      rpcMemory: memory.confirmed,
      rpcDataDir: onDisk.confirmed,
      ratioMemory: memory.confirmed.totalMs / direct.sent.totalMs,
      ratioDataDir: onDisk.confirmed.totalMs / direct.sent.totalMs,
    },
    reads: {
      direct: direct.read,
      rpc: memory.read,
      rpcFloor: floor,
      ratio: memory.read.totalMs / direct.read.totalMs,
    },
  };
}

function formatSeries(name: string, series: BenchSeries): string {
  return `${name.padEnd(44)} ${series.perOpUs.toFixed(1).padStart(10)} µs/op ${series.opsPerSec.toFixed(0).padStart(9)} op/s`;
}

async function main(): Promise<void> {
  const transfers = Number(process.argv[2] ?? DEFAULT_TRANSFERS);
  const reads = Number(process.argv[3] ?? DEFAULT_READS);
  const result = await runChainRpcBench(transfers, reads);
  const lines = [
    `local chain JSON-RPC overhead (${transfers} transfers, ${reads} reads)`,
    formatSeries('transfer: LiteSVM sendTransaction (direct)', result.transfers.direct),
    formatSeries('transfer: node pipeline in process (no HTTP)', result.transfers.nodePipeline),
    formatSeries('transfer: RPC sendTransaction (no confirm)', result.transfers.rpcSend),
    formatSeries('transfer: RPC send+confirm, in memory', result.transfers.rpcMemory),
    formatSeries('transfer: RPC send+confirm, data dir journal', result.transfers.rpcDataDir),
    `  ratio in memory ×${result.transfers.ratioMemory.toFixed(1)}, with journal ×${result.transfers.ratioDataDir.toFixed(1)}`,
    formatSeries('read: LiteSVM getAccount (direct)', result.reads.direct),
    formatSeries('read: RPC getAccountInfo base64', result.reads.rpc),
    formatSeries('read: kit over bare node:http (transport floor)', result.reads.rpcFloor),
    `  ratio ×${result.reads.ratio.toFixed(1)}`,
  ];
  console.log(lines.join('\n'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
