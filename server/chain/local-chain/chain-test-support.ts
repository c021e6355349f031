/**
 * Test support for the local chain's tests and benchmark: a chain on port 0, kit RPC clients
 * pointed at it, funded signers, and send-and-confirm through the real endpoints.
 */
import {
  type Address,
  appendTransactionMessageInstructions,
  createSolanaRpc,
  createSolanaRpcSubscriptions,
  createTransactionMessage,
  generateKeyPairSigner,
  getSignatureFromTransaction,
  type Instruction,
  type KeyPairSigner,
  lamports,
  pipe,
  sendAndConfirmTransactionFactory,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type TransactionSigner,
} from '@solana/kit';
import { type LocalChain, type LocalChainOptions, startLocalChain } from './start-local-chain.ts';

/** A chain plus kit clients for it. */
export interface TestChain {
  readonly chain: LocalChain;
  readonly rpc: ReturnType<typeof createSolanaRpc>;
  readonly rpcSubscriptions: ReturnType<typeof createSolanaRpcSubscriptions>;
  readonly sendAndConfirm: ReturnType<typeof sendAndConfirmTransactionFactory>;
}

/** Starts a chain on 127.0.0.1:0 and connects kit to it. */
export async function startTestChain(options: LocalChainOptions = {}): Promise<TestChain> {
  const chain = await startLocalChain(options);
  const rpc = createSolanaRpc(chain.rpcUrl);
  const rpcSubscriptions = createSolanaRpcSubscriptions(chain.wsUrl);
  const sendAndConfirm = sendAndConfirmTransactionFactory({ rpc, rpcSubscriptions } as never);
  return { chain, rpc, rpcSubscriptions, sendAndConfirm };
}

/** A new signer funded by requestAirdrop, waiting until the airdrop is visible. */
export async function createFundedSigner(test: TestChain, amount = 10_000_000_000n): Promise<KeyPairSigner> {
  const signer = await generateKeyPairSigner();
  await test.rpc.requestAirdrop(signer.address, lamports(amount)).send();
  return signer;
}

/** Builds and signs a v0 transaction with the chain's latest blockhash. */
export async function buildSignedTransaction(
  test: TestChain,
  payer: TransactionSigner,
  instructions: Instruction[],
) {
  const { value: latest } = await test.rpc.getLatestBlockhash().send();
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (draft) => setTransactionMessageFeePayerSigner(payer, draft),
    (draft) => setTransactionMessageLifetimeUsingBlockhash(latest, draft),
    (draft) => appendTransactionMessageInstructions(instructions, draft),
  );
  return signTransactionMessageWithSigners(message);
}

/** Sends and confirms (signatureSubscribe) a transaction through the endpoints; its signature. */
export async function sendInstructions(
  test: TestChain,
  payer: TransactionSigner,
  instructions: Instruction[],
) {
  const transaction = await buildSignedTransaction(test, payer, instructions);
  await test.sendAndConfirm(transaction as never, { commitment: 'confirmed' });
  return getSignatureFromTransaction(transaction);
}

/** Posts a raw JSON-RPC body and returns the parsed answer. */
export async function postJsonRpc(test: TestChain, body: string): Promise<unknown> {
  const response = await fetch(test.chain.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return response.json();
}

/** A throwaway address. */
export async function generateAddress(): Promise<Address> {
  return (await generateKeyPairSigner()).address;
}
