/**
 * Brings up paid chats: the chain connection (embedded or configured), the treasury (loaded and
 * checked with the master key before the chain starts; funded by airdrop on localnet), the
 * master-derived keys, the invitations over the given store (memory, or Redis when scaled out) and
 * the frame handlers. A chain that cannot be reached at start is not
 * fatal: paid frames answer `unavailable` until it can.
 */

import type { KeyPairSigner } from '@solana/kit';
import { type ChainConnection, connectChain } from '../chain/chain-connection.ts';
import { fundTreasuryOnLocalnet } from '../chain/treasury.ts';
import type { Config } from '../config/config.ts';
import type { InvitationKeys } from '../crypto/invitation-keys.ts';
import { MasterKeys } from '../crypto/master-derivations.ts';
import type { GhostIds } from '../ghost/ghost-ids.ts';
import { errorName, type Logger } from '../log/logger.ts';
import type { SessionRegistry } from '../session/session-registry.ts';
import type { InvitationStore } from './invitation-store.ts';
import { Invitations } from './invitations.ts';
import { createPaidChain } from './paid-chain.ts';
import { createPaidHandlers } from './paid-handlers.ts';

export interface PaidChats extends ReturnType<typeof createPaidHandlers> {
  chain: ChainConnection;
  /** Where payments go (base58), announced in `/v1/health` so clients can pin it (PROTOCOL.md §1). */
  treasury: string;
  close(): Promise<void>;
}

/** What paid chats share with the rest of the server. */
export interface PaidChatServices {
  config: Config;
  masterKey: Uint8Array;
  /** Loaded and checked against the data dir's key check before the chain starts. */
  treasury: KeyPairSigner;
  ghostIds: GhostIds;
  registry: SessionRegistry;
  invitationKeys: InvitationKeys;
  invitationStore: InvitationStore;
  now: () => number;
  logger: Logger;
}

export async function setUpPaidChats(services: PaidChatServices): Promise<PaidChats> {
  const { config, logger, now, treasury } = services;
  const chain = await connectChain(config, logger);
  if (config.cluster === 'localnet') {
    await fundTreasuryOnLocalnet(chain.client, treasury).catch((error: unknown) =>
      logger.warn({ err: errorName(error) }, 'could not fund the treasury on localnet'),
    );
  }
  const master = new MasterKeys(services.masterKey);
  const invitations = new Invitations(
    services.invitationKeys,
    services.invitationStore,
    services.registry,
    logger,
    now,
  );
  const paid = createPaidHandlers(
    {
      ghostIds: services.ghostIds,
      master,
      invitationKeys: services.invitationKeys,
      treasury,
      chain: createPaidChain(chain.client),
      priceLamports: config.priceLamports,
      now,
    },
    invitations,
  );
  return {
    ...paid,
    chain,
    treasury: treasury.address,
    async close() {
      await invitations.close();
      master.wipe();
      await chain.close();
    },
  };
}
