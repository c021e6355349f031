/** Paid-chat test support: signed-in parties with SOL, quotes, payments built and sent by test wallets. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { decodeB64u } from '../../shared/encoding.ts';
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

/** A signed-in party, funded when `funded`. */
export async function party(server: TestServer, funded = false): Promise<SignedIn> {
  const signedIn = await connectSignedIn(server);
  if (funded) await airdrop(server.url, signedIn.wallet.address);
  return signedIn;
}

/** `who` sends a request frame and waits for its reply; chain work gets a longer default wait. */
export function request(who: SignedIn, frame: Record<string, unknown>, timeoutMs = 20_000): Promise<Frame> {
  return who.client.request(frame, timeoutMs);
}

/** `who` signs the quoted payment in its wallet and redeems the quote with it (the `tx` path). */
export function payQuote(who: SignedIn, quote: Frame): Promise<Frame> {
  return request(who, {
    t: 'redeem',
    quote: quote.quote,
    tx: signWireTransaction(String(quote.tx), who.wallet),
  });
}

/** The mint of a key in a `minted` reply that is not the initiator's (`mine`). */
export function inviteeKey(minted: Frame): string {
  return (minted.keys as { mint: string }[]).find((k) => k.mint !== minted.mine)!.mint;
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
