/**
 * Client E2E crypto throughput: messages/s for encrypt+sign and for verify+decrypt of ~1 KB text
 * messages through two real `SenderKeyGroup`s, with the native WebCrypto Ed25519 backend next to the
 * pure-JS noble backend (the baseline), in the same process and run.
 *
 * "sequential" awaits each message before starting the next (one chat, worst case); "pipelined"
 * keeps `PIPELINE_DEPTH` messages in flight, as a client draining a burst of frames may: decrypts
 * of different messages can overlap safely (sender-key-group.ts). Run: `npx tsx bench/client-crypto.ts`.
 */
import { pathToFileURL } from 'node:url';
import {
  createWebCryptoEd25519,
  type Ed25519Backend,
  NOBLE_ED25519,
} from '../shared/crypto/ed25519-signing.ts';
import { createMemberBundle } from '../shared/e2e/member-bundle.ts';
import { createTextMessage } from '../shared/e2e/message-plaintext.ts';
import { createSenderKeyGroup, type SenderKeyGroup } from '../shared/e2e/sender-key-group.ts';

const MESSAGE_CHARS = 1000; // ~1 KB of text (pads to the 1024-byte bucket)
const PIPELINE_DEPTH = 64; // messages in flight in the pipelined mode
const DEFAULT_DURATION_MS = 1500; // per measurement

export interface ClientCryptoResult {
  backend: 'webcrypto' | 'noble';
  mode: 'sequential' | 'pipelined';
  encryptPerSecond: number;
  decryptPerSecond: number;
}

/** Measures every backend × mode; returns the numbers (the main bench runner calls this). */
export async function runClientCryptoBench(
  options: { durationMs?: number } = {},
): Promise<ClientCryptoResult[]> {
  const durationMs = options.durationMs ?? DEFAULT_DURATION_MS;
  const backends = [NOBLE_ED25519, createWebCryptoEd25519(globalThis.crypto.subtle)];
  const results: ClientCryptoResult[] = [];
  for (const backend of backends) {
    for (const depth of [1, PIPELINE_DEPTH]) results.push(await measure(backend, depth, durationMs));
  }
  return results;
}

async function measure(
  backend: Ed25519Backend,
  depth: number,
  durationMs: number,
): Promise<ClientCryptoResult> {
  const { alice, bob } = pairGroups(backend);
  const body = 'x'.repeat(MESSAGE_CHARS);
  await bob.decrypt('alice', await alice.encrypt(createTextMessage(body))); // warm keys and JIT

  const cts: string[] = [];
  const encStart = performance.now();
  while (performance.now() - encStart < durationMs) {
    const batch = Array.from({ length: depth }, () => alice.encrypt(createTextMessage(body)));
    cts.push(...(await Promise.all(batch)));
  }
  const encSeconds = (performance.now() - encStart) / 1000;

  const decStart = performance.now();
  for (let i = 0; i < cts.length; i += depth) {
    const results = await Promise.all(cts.slice(i, i + depth).map((ct) => bob.decrypt('alice', ct)));
    if (!results.every((r) => r.ok)) throw new Error('bench: a message failed to decrypt');
  }
  const decSeconds = (performance.now() - decStart) / 1000;
  alice.close();
  bob.close();
  return {
    backend: backend.name,
    mode: depth === 1 ? 'sequential' : 'pipelined',
    encryptPerSecond: Math.round(cts.length / encSeconds),
    decryptPerSecond: Math.round(cts.length / decSeconds),
  };
}

function pairGroups(backend: Ed25519Backend): { alice: SenderKeyGroup; bob: SenderKeyGroup } {
  const a = createMemberBundle();
  const b = createMemberBundle();
  const alice = createSenderKeyGroup({ room: 'bench', memberId: 'alice', keys: a.keys, ed25519: backend });
  const bob = createSenderKeyGroup({ room: 'bench', memberId: 'bob', keys: b.keys, ed25519: backend });
  const toBob = alice.addMember('bob', b.bundle).signals[0]!;
  bob.addMember('alice', a.bundle);
  if (!bob.handleSignal('alice', toBob.ct).ok) throw new Error('bench: signal failed');
  return { alice, bob };
}

/** Prints the results as a table with ratios against the noble baseline. */
export function printClientCryptoTable(results: ClientCryptoResult[]): void {
  const baseline = (mode: string) => results.find((r) => r.backend === 'noble' && r.mode === mode)!;
  console.log(`client E2E crypto, ~${MESSAGE_CHARS} B text messages, msgs/s (ratio vs noble, same mode)`);
  console.log('backend    mode        encrypt+sign        verify+decrypt');
  for (const r of results) {
    const base = baseline(r.mode);
    const enc = `${r.encryptPerSecond} (${(r.encryptPerSecond / base.encryptPerSecond).toFixed(1)}x)`;
    const dec = `${r.decryptPerSecond} (${(r.decryptPerSecond / base.decryptPerSecond).toFixed(1)}x)`;
    console.log(`${r.backend.padEnd(10)} ${r.mode.padEnd(11)} ${enc.padEnd(19)} ${dec}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printClientCryptoTable(await runClientCryptoBench());
}
