/** Tries to move an NFT key to another wallet, signed by its holder; returns the chain's refusal. */
import { type Address, address, createNoopSigner } from '@solana/kit';
import {
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getTransferCheckedInstruction,
  TOKEN_2022_PROGRAM_ADDRESS,
} from '@solana-program/token-2022';
import { type PaidServer, rpcOf, signedTransaction } from './paid-harness.ts';
import type { TestKey } from './test-wallet.ts';

export async function transferKey(
  server: PaidServer,
  holder: TestKey,
  mint: Address,
  to: string,
): Promise<string> {
  const owner = createNoopSigner(address(holder.address));
  const tokenProgram = TOKEN_2022_PROGRAM_ADDRESS;
  const [source] = await findAssociatedTokenPda({ owner: owner.address, mint, tokenProgram });
  const [destination] = await findAssociatedTokenPda({ owner: address(to), mint, tokenProgram });
  const tx = await signedTransaction(server, holder, [
    getCreateAssociatedTokenIdempotentInstruction({
      payer: owner,
      ata: destination,
      owner: address(to),
      mint,
      tokenProgram,
    }),
    getTransferCheckedInstruction(
      { source, mint, destination, authority: owner, amount: 1n, decimals: 0 },
      { programAddress: tokenProgram },
    ),
  ]);
  try {
    await rpcOf(server)
      .sendTransaction(tx.base64 as never, { encoding: 'base64' })
      .send();
    return 'accepted';
  } catch (error) {
    const e = error as Error & { context?: unknown; cause?: unknown };
    return JSON.stringify({ message: e.message, context: e.context, cause: String(e.cause) }, (_k, v) =>
      typeof v === 'bigint' ? Number(v) : v,
    );
  }
}
