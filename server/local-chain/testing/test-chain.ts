/**
 * Test support for the local chain's tests and benchmark: a chain on port 0, kit RPC clients
 * pointed at it, funded signers, and send-and-confirm through the real endpoints.
 */
import {
  type Address,
  appendTransactionMessageInstructions,
  type Blockhash,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  createTransactionMessage,
  generateKeyPairSigner,
  getSignatureFromTransaction,
  type Instruction,
  type KeyPairSigner,
  lamports,
  pipe,
  type RpcDevnet,
  type RpcSubscriptionsDevnet,
  type SolanaRpcApi,
  type SolanaRpcSubscriptionsApi,
  sendAndConfirmTransactionFactory,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type TransactionSigner,
} from '@solana/kit';
import { type LocalChain, type LocalChainOptions, startLocalChain } from '../start-local-chain.ts';

/** A chain plus kit clients for it. */
export interface TestChain {
  readonly chain: LocalChain;
  readonly rpc: RpcDevnet<SolanaRpcApi>;
  readonly rpcSubscriptions: RpcSubscriptionsDevnet<SolanaRpcSubscriptionsApi>;
  readonly sendAndConfirm: ReturnType<typeof sendAndConfirmTransactionFactory>;
}

/** Starts a chain on 127.0.0.1:0 and connects kit to it. */
export async function startTestChain(options: LocalChainOptions = {}): Promise<TestChain> {
  const chain = await startLocalChain(options);
  // A local chain has the test-cluster methods (requestAirdrop): type it as devnet.
  const rpc = createSolanaRpc(chain.rpcUrl) as RpcDevnet<SolanaRpcApi>;
  const rpcSubscriptions = createSolanaRpcSubscriptions(
    chain.wsUrl,
  ) as RpcSubscriptionsDevnet<SolanaRpcSubscriptionsApi>;
  const sendAndConfirm = sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions });
  return { chain, rpc, rpcSubscriptions, sendAndConfirm };
}

/** A new signer funded by requestAirdrop, waiting until the airdrop is visible. */
export async function createFundedSigner(test: TestChain, amount = 10_000_000_000n): Promise<KeyPairSigner> {
  const signer = await generateKeyPairSigner();
  await test.rpc.requestAirdrop(signer.address, lamports(amount)).send();
  return signer;
}

/** A signed transaction with a blockhash lifetime, as sendAndConfirm takes it. */
export type SignedTransaction = Parameters<TestChain['sendAndConfirm']>[0];

/** Builds and signs a v0 transaction with the given blockhash lifetime (no RPC call). */
export async function signTransactionWithBlockhash(
  payer: TransactionSigner,
  instructions: Instruction[],
  lifetime: { blockhash: Blockhash; lastValidBlockHeight: bigint },
): Promise<SignedTransaction> {
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (draft) => setTransactionMessageFeePayerSigner(payer, draft),
    (draft) => setTransactionMessageLifetimeUsingBlockhash(lifetime, draft),
    (draft) => appendTransactionMessageInstructions(instructions, draft),
  );
  return (await signTransactionMessageWithSigners(message)) as SignedTransaction;
}

/** Builds and signs a v0 transaction with the chain's latest blockhash. */
export async function buildSignedTransaction(
  test: TestChain,
  payer: TransactionSigner,
  instructions: Instruction[],
): Promise<SignedTransaction> {
  const { value: latest } = await test.rpc.getLatestBlockhash().send();
  return signTransactionWithBlockhash(payer, instructions, latest);
}

/** Sends and confirms (signatureSubscribe) a transaction through the endpoints; its signature. */
export async function sendInstructions(
  test: TestChain,
  payer: TransactionSigner,
  instructions: Instruction[],
) {
  const transaction = await buildSignedTransaction(test, payer, instructions);
  await test.sendAndConfirm(transaction, { commitment: 'confirmed' });
  return getSignatureFromTransaction(transaction);
}

/** A raw JSON-RPC answer as the tests read it. */
export interface JsonRpcAnswer {
  jsonrpc: '2.0';
  id: number | string | null;
  result?: unknown;
  error?: { code: number; message: string; data?: { err: unknown; logs: string[] } };
}

/** Posts a raw JSON-RPC body and returns the parsed answer (an array for a batch). */
export async function postJsonRpc<TAnswer = JsonRpcAnswer>(test: TestChain, body: string): Promise<TAnswer> {
  const response = await fetch(test.chain.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return (await response.json()) as TAnswer;
}

/** A throwaway address. */
export async function generateAddress(): Promise<Address> {
  return (await generateKeyPairSigner()).address;
}
