/**
 * Brings up paid chats: the chain connection (embedded or configured), the treasury (loaded and
 * checked with the master key before the chain starts; funded by airdrop on localnet), the
 * master-derived keys, and the frame handlers. A chain that cannot be reached at start is not
 * fatal: paid frames answer `unavailable` until it can.
 */

import type { KeyPairSigner } from '@solana/kit';
import { type ChainConnection, connectChain } from '../chain/chain-connection.ts';
import { fundTreasuryOnLocalnet } from '../chain/treasury.ts';
import type { Config } from '../config/config.ts';
import { MasterKeys } from '../crypto/master-derivations.ts';
import type { GhostIds } from '../ghost/ghost-ids.ts';
import { errorName, type Logger } from '../log/logger.ts';
import { createPaidChain } from './paid-chain.ts';
import { createPaidHandlers } from './paid-handlers.ts';

export interface PaidChats extends ReturnType<typeof createPaidHandlers> {
  chain: ChainConnection;
  /** Where payments go (base58), announced in `/v1/health` so clients can pin it (PROTOCOL.md §1). */
  treasury: string;
  close(): Promise<void>;
}

export async function setUpPaidChats(
  config: Config,
  masterKey: Uint8Array,
  treasury: KeyPairSigner,
  ghostIds: GhostIds,
  now: () => number,
  logger: Logger,
): Promise<PaidChats> {
  const chain = await connectChain(config, logger);
  if (config.cluster === 'localnet') {
    await fundTreasuryOnLocalnet(chain.client, treasury).catch((error: unknown) =>
      logger.warn({ err: errorName(error) }, 'could not fund the treasury on localnet'),
    );
  }
  const master = new MasterKeys(masterKey);
  const paid = createPaidHandlers({
    ghostIds,
    master,
    treasury,
    chain: createPaidChain(chain.client),
    priceLamports: config.priceLamports,
    now,
  });
  return {
    ...paid,
    chain,
    treasury: treasury.address,
    async close() {
      master.wipe();
      await chain.close();
    },
  };
}
