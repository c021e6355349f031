/**
 * Paid-chat test support (PROTOCOL.md §4, version 2): signed-in parties with SOL, invitees with an
 * invite key and a ghost card, real envelopes (shared/crypto/invite-envelope.ts), one-time holders
 * (shared/crypto/holder-keys.ts), quotes, payments built and sent by test wallets, invitations
 * received, opened and accepted.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { x25519 } from '@noble/curves/ed25519.js';
import {
  type Address,
  address,
  appendTransactionMessageInstructions,
  compileTransaction,
  createNoopSigner,
  createSolanaRpc,
  createTransactionMessage,
  getAddressDecoder,
  getBase64EncodedWireTransaction,
  getCompiledTransactionMessageDecoder,
  getSignatureFromTransaction,
  getTransactionDecoder,
  type Instruction,
  pipe,
  type SignatureBytes,
  setTransactionMessageFeePayer,
  setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/kit';
import { getAddMemoInstruction } from '@solana-program/memo';
import { getTransferSolInstruction } from '@solana-program/system';
import { MEMO_PROGRAM_V3 } from '../../server/paid/payment.ts';
import { formatGhostCard } from '../../shared/crypto/ghost-card.ts';
import { deriveHolderAddress, type HolderPurpose } from '../../shared/crypto/holder-keys.ts';
import {
  type InvitePayload,
  openInviteEnvelope,
  sealInviteEnvelope,
} from '../../shared/crypto/invite-envelope.ts';
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';
import type { Frame } from './frame-client.ts';
import { connectSignedIn, type SignedIn } from './sign-in.ts';
import { airdrop, signWireTransaction } from './test-payments.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import type { TestKey } from './test-wallet.ts';

export type PaidServer = TestServer & { chainUrl: string };

export interface ClockedPaidServer extends PaidServer {
  /** Runs `work` with the server's clock `ms` ahead (quote and chat expiry), then puts it back. */
  withClockAhead<T>(ms: number, work: () => Promise<T>): Promise<T>;
}

/**
 * A test server with the embedded chain whose clock a test can move ahead. Its idle limit is an
 * hour: the session sweeper reads the same clock, and a jump past the default 90 s would close
 * sessions mid-request. Idle closing is tested in limits.test.ts.
 */
export async function startPaidServer(): Promise<ClockedPaidServer> {
  let offset = 0;
  const server = (await startTestServer(
    {},
    { now: () => Date.now() + offset, idleMs: 3600_000 },
  )) as PaidServer;
  return Object.assign(server, {
    async withClockAhead<T>(ms: number, work: () => Promise<T>): Promise<T> {
      offset = ms;
      try {
        return await work();
      } finally {
        offset = 0;
      }
    },
  });
}

export function rpcOf(server: PaidServer) {
  return createSolanaRpc(server.chainUrl);
}

export function treasuryOf(server: TestServer): Address {
  const bytes = JSON.parse(readFileSync(join(server.dataDir, 'treasury.json'), 'utf8')) as number[];
  return getAddressDecoder().decode(Uint8Array.from(bytes.slice(32)));
}

/** `who` sends a request frame and waits for its reply; chain work gets a longer default wait. */
export function request(who: SignedIn, frame: Record<string, unknown>, timeoutMs = 20_000): Promise<Frame> {
  return who.client.request(frame, timeoutMs);
}

/** A party as a paid chat knows it: signed in, with a per-install secret for its one-time holders. */
export interface Party extends SignedIn {
  install: Uint8Array;
  /** The X25519 invite key of the current ghost, and the card that shares it. */
  inviteSecret: Uint8Array;
  invitePublic: Uint8Array;
  card: string;
}

/** A signed-in party with an invite key and ghost card, funded when `funded`. */
export async function party(server: TestServer, funded = false, wallet?: TestKey): Promise<Party> {
  const signedIn = await connectSignedIn(server, { wallet });
  if (funded) await airdrop(server.url, signedIn.wallet.address);
  return withInviteKey(signedIn);
}

/** Gives a signed-in session an install secret and an invite key for its current ghost. */
export function withInviteKey(
  signedIn: SignedIn,
  install: Uint8Array = new Uint8Array(randomBytes(32)),
): Party {
  const inviteSecret = new Uint8Array(randomBytes(32));
  const invitePublic = x25519.getPublicKey(inviteSecret);
  return {
    ...signedIn,
    install,
    inviteSecret,
    invitePublic,
    card: formatGhostCard(String(signedIn.ghost.ghostId), invitePublic),
  };
}

/** The one-time holder a party's client derives for `purpose` and `id`. */
export function holderOf(who: Party, purpose: HolderPurpose, id: string): string {
  return deriveHolderAddress(who.install, purpose, id);
}

/** What the initiator's client seals for every invitee of a chat. */
export function chatPayload(name: string, ttl: number): InvitePayload {
  return {
    v: 2,
    secret: encodeB64u(new Uint8Array(randomBytes(32))),
    name,
    ttl,
    expiresAt: Date.now() + ttl * 1000,
  };
}

/** One envelope per live invitee, in the quote's order (`live` from the quote). */
export function envelopesFor(
  invitees: readonly Party[],
  live: readonly boolean[],
  payload: InvitePayload,
): string[] {
  return invitees
    .filter((_, i) => live[i])
    .map((invitee) => encodeB64u(sealInviteEnvelope(invitee.invitePublic, payload)));
}

/** The quote id a payment's memo names (the initiator's holder is derived from it). */
export function quoteIdOf(quote: Record<string, unknown>): string {
  return memoOf(String(quote.tx)).slice('anoghost:quote:'.length);
}

/** `who` signs the quoted payment in its wallet and redeems the quote with it (the `tx` path). */
export function payQuote(
  who: Party,
  quote: Frame,
  invites: string[],
  holder = holderOf(who, 'initiator', quoteIdOf(quote)),
): Promise<Frame> {
  return request(who, {
    t: 'redeem',
    quote: quote.quote,
    tx: signWireTransaction(String(quote.tx), who.wallet),
    holder,
    invites,
  });
}

/** A whole paid chat up to the redeem: `initiator` quotes the invitees' cards, pays and redeems. */
export async function openPaidChat(
  initiator: Party,
  invitees: readonly Party[],
  options: { name?: string; ttl?: number; extraGhostIds?: string[] } = {},
) {
  const ttl = options.ttl ?? 600;
  const quote = await request(initiator, {
    t: 'quote',
    ghostIds: [...invitees.map((i) => i.card), ...(options.extraGhostIds ?? [])],
    ttl,
  });
  if (quote.t !== 'quote') throw new Error(`quote refused: ${String(quote.code)} ${String(quote.message)}`);
  const payload = chatPayload(options.name ?? 'A chat', ttl);
  const invites = envelopesFor(invitees, quote.live as boolean[], payload);
  const holder = holderOf(initiator, 'initiator', quoteIdOf(quote));
  const minted = await payQuote(initiator, quote, invites, holder);
  return { quote, payload, invites, holder, minted };
}

/** The next `invite` pushed to `who`, its envelope opened with `who`'s invite key. */
export async function nextInvite(who: Party, timeoutMs = 10_000) {
  const frame = await who.client.next('invite', timeoutMs);
  const payload = openInviteEnvelope(who.inviteSecret, decodeB64u(String(frame.envelope))!);
  if (!payload) throw new Error('the envelope does not open with this invite key');
  return {
    invite: String(frame.invite),
    expiresAt: Number(frame.expiresAt),
    envelope: String(frame.envelope),
    payload,
  };
}

/** `who` accepts invitation `invite` with the holder its client derives for it. */
export async function acceptInvite(who: Party, invite: string) {
  const holder = holderOf(who, 'invitee', invite);
  const reply = await request(who, { t: 'accept', invite, holder });
  return { reply, holder, mint: String(reply.mint) };
}

/** How many transactions name the treasury: a refusal must leave it unchanged (no payment, no mint). */
export async function treasuryHistory(server: PaidServer): Promise<number> {
  return (await rpcOf(server).getSignaturesForAddress(treasuryOf(server)).send()).length;
}

/** The memo text inside the server's unsigned payment transaction. */
export function memoOf(quoteTx: string): string {
  const tx = getTransactionDecoder().decode(decodeB64u(quoteTx)!);
  const message = getCompiledTransactionMessageDecoder().decode(tx.messageBytes);
  if (!('instructions' in message)) throw new Error('unexpected message version');
  const memo = message.instructions.find(
    (ix) => message.staticAccounts[ix.programAddressIndex] === MEMO_PROGRAM_V3,
  );
  return new TextDecoder().decode(memo!.data as Uint8Array);
}

/** Builds, signs (as `wallet`) and returns a transaction with `instructions`, as base64url and base64. */
export async function signedTransaction(server: PaidServer, wallet: TestKey, instructions: Instruction[]) {
  const { value: blockhash } = await rpcOf(server).getLatestBlockhash().send();
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayer(address(wallet.address), m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
    (m) => appendTransactionMessageInstructions(instructions, m),
  );
  const compiled = compileTransaction(message);
  const signed = {
    ...compiled,
    signatures: {
      ...compiled.signatures,
      [wallet.address]: wallet.sign(new Uint8Array(compiled.messageBytes)) as SignatureBytes,
    },
  };
  const base64 = getBase64EncodedWireTransaction(signed);
  return {
    b64u: Buffer.from(base64, 'base64').toString('base64url'),
    base64,
    signature: getSignatureFromTransaction(signed),
  };
}

/** A payment like the quoted one, with parts changed, sent to the chain by the wallet itself. */
export function paymentInstructions(
  wallet: TestKey,
  to: Address,
  lamports: bigint,
  memo: string | undefined,
): Instruction[] {
  const source = createNoopSigner(address(wallet.address));
  const transfer = getTransferSolInstruction({ source, destination: to, amount: lamports });
  return memo === undefined
    ? [transfer]
    : [transfer, getAddMemoInstruction({ memo }, { programAddress: MEMO_PROGRAM_V3 })];
}

/** Sends a signed transaction through the chain's RPC and waits for it to land. */
export async function sendAndWait(server: PaidServer, base64: string, signature: string): Promise<void> {
  const rpc = rpcOf(server);
  await rpc.sendTransaction(base64 as never, { encoding: 'base64' }).send();
  for (let i = 0; i < 100; i++) {
    const { value } = await rpc.getSignatureStatuses([signature as never]).send();
    if (value[0]) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('transaction did not land');
}
