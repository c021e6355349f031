/**
 * The local chain's faucet for `requestAirdrop`: a keypair derived from the genesis hash (nothing
 * secret: it is a local chain), funded at genesis. Airdrops are real signed transfers submitted
 * like any other transaction, so they have records, statuses and notifications. A memo with a
 * counter keeps two identical airdrops in one slot from sharing a signature.
 */
import { createHash } from 'node:crypto';
import {
  type Address,
  appendTransactionMessageInstructions,
  createKeyPairSignerFromPrivateKeyBytes,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  type KeyPairSigner,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit';
import { getTransferSolInstruction } from '@solana-program/system';

/** Lamports the faucet holds at genesis (500 million SOL). */
export const FAUCET_GENESIS_LAMPORTS = 500_000_000_000_000_000n; // lamports
const MEMO_PROGRAM_ADDRESS = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr' as Address;

/** Derives the faucet signer of the chain with this genesis hash. */
export async function createFaucetSigner(genesisHash: string): Promise<KeyPairSigner> {
  const seed = createHash('sha256').update(`anoghost/local-chain/faucet/v1:${genesisHash}`).digest();
  return createKeyPairSignerFromPrivateKeyBytes(new Uint8Array(seed));
}

/** Builds the signed base64 airdrop transfer. */
export async function buildAirdropTransaction(input: {
  faucet: KeyPairSigner;
  recipient: Address;
  lamports: bigint;
  blockhash: string;
  lastValidBlockHeight: bigint;
  counter: number;
}): Promise<string> {
  const memo = {
    programAddress: MEMO_PROGRAM_ADDRESS,
    accounts: [],
    data: new TextEncoder().encode(`airdrop ${input.counter}`),
  };
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (draft) => setTransactionMessageFeePayerSigner(input.faucet, draft),
    (draft) =>
      setTransactionMessageLifetimeUsingBlockhash(
        { blockhash: input.blockhash as never, lastValidBlockHeight: input.lastValidBlockHeight },
        draft,
      ),
    (draft) =>
      appendTransactionMessageInstructions(
        [
          getTransferSolInstruction({
            source: input.faucet,
            destination: input.recipient,
            amount: input.lamports,
          }),
          memo,
        ],
        draft,
      ),
  );
  return getBase64EncodedWireTransaction(await signTransactionMessageWithSigners(message));
}
