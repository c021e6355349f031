/**
 * The chain observer (issue #12): someone with only public JSON-RPC (getSignaturesForAddress,
 * getTransaction, getAccountInfo, getTokenAccountsByOwner) starts from the treasury, which every
 * quote names, and walks every transaction reachable from it, from every mint it created and from
 * every account those touch (a bounded breadth-first walk), before and after the invitees accept.
 * No invitee's wallet appears anywhere, in any encoding; the initiator's wallet appears only as
 * the payer of the payment (and of its own funding); each key sits with a one-time holder whose
 * whole history is that key's creation, so the payer cannot map a key to a wallet. The same holds
 * for the chain's files in the data dir (snapshot and journal).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase58, encodeB64u, encodeHex } from '../../shared/encoding.ts';
import {
  acceptInvite,
  nextInvite,
  openPaidChat,
  type PaidServer,
  type Party,
  party,
  treasuryOf,
  withInviteKey,
} from '../support/paid-harness.ts';
import { connectSignedIn } from '../support/sign-in.ts';
import { airdrop } from '../support/test-payments.ts';
import { startTestServer } from '../support/test-server.ts';

const TOKEN_2022 = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
const MAX_ADDRESSES = 500; // the walk's bounds: far more than this chain holds
const MAX_TRANSACTIONS = 2000;

let dataDir: string;
let server: PaidServer;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'anoghost-observer-'));
  server = (await startTestServer({ ANOGHOST_DATA_DIR: dataDir })) as PaidServer;
});
afterAll(async () => {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** One JSON-RPC call, as any observer would make it. */
async function rpc(method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(server.chainUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

interface SeenTransaction {
  signature: string;
  accountKeys: string[];
  feePayer: string;
  memos: string[];
  /** The JSON the node answered, and the raw transaction bytes. */
  text: string;
  wire: Uint8Array;
}

/** What a bounded walk from the treasury sees. */
interface Observation {
  addresses: Set<string>;
  transactions: Map<string, SeenTransaction>;
  /** Every answer as text, and every account's and transaction's raw bytes. */
  texts: string[];
  raw: Uint8Array[];
  /** Token-2022 mints created by treasury-paid transactions, with their holders. */
  keys: Map<string, { holder: string; creation: string }>;
}

async function observeFrom(start: string): Promise<Observation> {
  const seen: Observation = {
    addresses: new Set(),
    transactions: new Map(),
    texts: [],
    raw: [],
    keys: new Map(),
  };
  const queue = [start];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.addresses.has(next)) continue;
    if (seen.addresses.size >= MAX_ADDRESSES) throw new Error('the walk outgrew its bound');
    seen.addresses.add(next);
    const info = (await rpc('getAccountInfo', [next, { encoding: 'jsonParsed' }])) as { value: unknown };
    seen.texts.push(JSON.stringify(info));
    const raw = (await rpc('getAccountInfo', [next, { encoding: 'base64' }])) as {
      value: { data: [string, string] } | null;
    };
    if (raw.value) seen.raw.push(Buffer.from(raw.value.data[0], 'base64'));
    const tokens = (await rpc('getTokenAccountsByOwner', [
      next,
      { programId: TOKEN_2022 },
      { encoding: 'jsonParsed' },
    ])) as {
      value: { pubkey: string }[];
    };
    seen.texts.push(JSON.stringify(tokens));
    queue.push(...tokens.value.map((t) => t.pubkey));
    const signatures = (await rpc('getSignaturesForAddress', [next, { limit: 1000 }])) as {
      signature: string;
    }[];
    for (const { signature } of signatures) {
      if (seen.transactions.has(signature)) continue;
      if (seen.transactions.size >= MAX_TRANSACTIONS) throw new Error('the walk outgrew its bound');
      const tx = await readTransaction(signature);
      seen.transactions.set(signature, tx);
      seen.texts.push(tx.text);
      seen.raw.push(tx.wire);
      queue.push(...tx.accountKeys);
    }
  }
  for (const tx of seen.transactions.values()) {
    const parsed = JSON.parse(tx.text) as {
      meta: { postTokenBalances: { mint: string; owner: string; uiTokenAmount: { amount: string } }[] };
    };
    for (const balance of parsed.meta.postTokenBalances) {
      if (balance.uiTokenAmount.amount === '1' && !seen.keys.has(balance.mint)) {
        seen.keys.set(balance.mint, { holder: balance.owner, creation: tx.signature });
      }
    }
  }
  return seen;
}

async function readTransaction(signature: string): Promise<SeenTransaction> {
  const json = (await rpc('getTransaction', [
    signature,
    { encoding: 'jsonParsed', maxSupportedTransactionVersion: 0 },
  ])) as {
    transaction: {
      message: { accountKeys: { pubkey: string }[]; instructions: { program?: string; parsed?: unknown }[] };
    };
  };
  const base64 = (await rpc('getTransaction', [
    signature,
    { encoding: 'base64', maxSupportedTransactionVersion: 0 },
  ])) as { transaction: [string, string] };
  const accountKeys = json.transaction.message.accountKeys.map((k) => k.pubkey);
  return {
    signature,
    accountKeys,
    feePayer: accountKeys[0]!,
    memos: json.transaction.message.instructions
      .filter((i) => i.program === 'spl-memo')
      .map((i) => String(i.parsed)),
    text: JSON.stringify(json),
    wire: Buffer.from(base64.transaction[0], 'base64'),
  };
}

/** A wallet's 32 bytes in every form an answer or a file might carry them. */
function walletForms(address: string): string[] {
  const bytes = decodeBase58(address)!;
  return [
    address,
    encodeB64u(bytes),
    Buffer.from(bytes).toString('base64'),
    encodeHex(bytes),
    JSON.stringify(Array.from(bytes)),
    Array.from(bytes).join(', '),
  ];
}

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack).indexOf(Buffer.from(needle)) >= 0;
}

/** No invitee wallet anywhere: in any answer as text, or in any account's or transaction's bytes. */
function expectNoWallet(seen: Observation, wallets: readonly string[]) {
  const text = seen.texts.join('\n');
  for (const wallet of wallets) {
    for (const form of walletForms(wallet)) expect(text, `${wallet} as ${form}`).not.toContain(form);
    const bytes = decodeBase58(wallet)!;
    for (const raw of seen.raw) expect(containsBytes(raw, bytes), `${wallet} in raw bytes`).toBe(false);
    expect(seen.addresses.has(wallet)).toBe(false);
  }
}

/** The payer's wallet is in its funding and its payment, and in nothing the treasury did after. */
function expectPayerOnlyPaid(seen: Observation, payer: string, funding: string, treasury: string) {
  const involving = [...seen.transactions.values()].filter((tx) => tx.accountKeys.includes(payer));
  const payments = involving.filter((tx) => tx.memos.some((m) => m.startsWith('anoghost:quote:')));
  expect(payments).toHaveLength(1);
  expect(payments[0]!.feePayer).toBe(payer);
  expect(payments[0]!.accountKeys).toContain(treasury);
  expect(involving.map((tx) => tx.signature).sort()).toEqual([funding, payments[0]!.signature].sort());
  for (const tx of seen.transactions.values()) {
    if (tx.feePayer === treasury) expect(tx.accountKeys).not.toContain(payer);
  }
}

/** Every key sits with a one-time holder whose whole history is the key's creation. */
async function expectHoldersUnlinked(seen: Observation, wallets: readonly string[]) {
  const ghosts = new Set<string>();
  for (const [mint, { holder, creation }] of seen.keys) {
    expect(wallets).not.toContain(holder);
    const history = (await rpc('getSignaturesForAddress', [holder, {}])) as { signature: string }[];
    expect(history.map((h) => h.signature)).toEqual([creation]);
    const account = (await rpc('getAccountInfo', [holder, { encoding: 'base64' }])) as { value: unknown };
    expect(account.value).toBeNull(); // never funded: nothing links it to anyone
    const parsed = (await rpc('getAccountInfo', [mint, { encoding: 'jsonParsed' }])) as {
      value: {
        data: { parsed: { info: { extensions: { extension: string; state: Record<string, unknown> }[] } } };
      };
    };
    const metadata = parsed.value.data.parsed.info.extensions.find((e) => e.extension === 'tokenMetadata')!;
    expect(metadata.state.name).toBe('AnoGhost key');
    const fields = metadata.state.additionalMetadata as [string, string][];
    ghosts.add(fields.find(([k]) => k === 'ghost')![1]);
  }
  expect(ghosts.size).toBe(seen.keys.size); // sealed afresh per key: no two keys look alike
}

describe('what an observer of the chain learns', () => {
  it('finds no invitee wallet before or after accepting, and no link from a key to a wallet', async () => {
    const a = withInviteKey(await connectSignedIn(server));
    const funding = await airdrop(server.url, a.wallet.address);
    const invitees: Party[] = await Promise.all([party(server), party(server), party(server)]);
    const wallets = invitees.map((i) => i.wallet.address);
    const treasury = treasuryOf(server);
    const { minted, holder } = await openPaidChat(a, invitees, { name: 'Observed', ttl: 3600 });
    expect(minted).toMatchObject({ t: 'minted', invited: 3 });
    const invitations = await Promise.all(invitees.map((i) => nextInvite(i)));

    const before = await observeFrom(treasury);
    expect([...before.keys.keys()]).toEqual([minted.mine]); // only the initiator's key so far
    expect(before.keys.get(String(minted.mine))!.holder).toBe(holder);
    // The walk does see what is there: the payer, in text and in raw bytes (a control for the checks).
    expect(before.texts.join('\n')).toContain(a.wallet.address);
    expect(before.raw.some((r) => containsBytes(r, a.wallet.publicKey))).toBe(true);
    expect(before.transactions.size).toBeGreaterThanOrEqual(4); // treasury funding, funding, payment, key
    expectNoWallet(before, wallets);
    expectPayerOnlyPaid(before, a.wallet.address, funding, treasury);
    await expectHoldersUnlinked(before, [...wallets, a.wallet.address]);

    // Two accept, one declines; then walk again, from the treasury and from every key.
    const accepted = await Promise.all([0, 1].map((n) => acceptInvite(invitees[n]!, invitations[n]!.invite)));
    await invitees[2]!.client.request({ t: 'decline', invite: invitations[2]!.invite });
    const after = await observeFrom(treasury);
    expect([...after.keys.keys()].sort()).toEqual(
      [String(minted.mine), ...accepted.map((x) => x.mint)].sort(),
    );
    for (const x of accepted) expect(after.keys.get(x.mint)!.holder).toBe(x.holder);
    for (const mint of after.keys.keys()) {
      const fromKey = await observeFrom(mint);
      expect([...fromKey.addresses].every((x) => after.addresses.has(x))).toBe(true);
      expectNoWallet(fromKey, wallets);
    }
    expectNoWallet(after, wallets);
    expectPayerOnlyPaid(after, a.wallet.address, funding, treasury);
    await expectHoldersUnlinked(after, [...wallets, a.wallet.address]);

    for (const p of [a, ...invitees]) p.client.close();
    await server.stop();
    // The chain's files: the snapshot and the journal hold no invitee wallet in any form.
    const chainDir = join(dataDir, 'chain');
    const files = readdirSync(chainDir).filter((f) => f.startsWith('local-chain.') && !f.endsWith('.lock'));
    expect(files).toEqual(expect.arrayContaining(['local-chain.json']));
    const written = files.map((f) => readFileSync(join(chainDir, f)));
    const text = written.map((b) => b.toString('utf8')).join('\n');
    expect(text).toContain(a.wallet.address); // the payment is on chain, as it must be
    for (const wallet of wallets) {
      for (const form of walletForms(wallet))
        expect(text, `${wallet} as ${form} in the chain files`).not.toContain(form);
      for (const bytes of written) expect(containsBytes(bytes, decodeBase58(wallet)!)).toBe(false);
    }
    server = (await startTestServer({ ANOGHOST_DATA_DIR: dataDir })) as PaidServer; // for afterAll
  }, 120_000);
});
