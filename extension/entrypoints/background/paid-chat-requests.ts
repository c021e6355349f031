/**
 * The pages' paid-chat requests (docs/extension.md "Paid chats (version 2)"): the keys this install's
 * one-time holders hold (listed by the server for the signed-in wallet, named from the paid-keys
 * store), the invitations and their answers, and the initiator's holder and key around a redeem.
 * The install secret never leaves the background: pages get holder addresses only.
 */

import { deriveHolderAddress } from '../../../shared/crypto/holder-keys.ts';
import { wipe } from '../../../shared/crypto/wipe.ts';
import { MAX_KEY_HOLDERS } from '../../../shared/protocol/limits.ts';
import type { PageReply, PageRequest } from '../../messaging/page-requests.ts';
import { loadInstallSecret } from '../../storage/install-secret.ts';
import { loadPaidKeys, savePaidKey } from '../../storage/paid-keys.ts';
import type { ConnectionManager } from './connection-manager.ts';
import type { InvitationInbox } from './invitation-inbox.ts';

type PaidRequestType =
  | 'list-keys'
  | 'list-invitations'
  | 'accept-invitation'
  | 'decline-invitation'
  | 'initiator-holder'
  | 'keep-paid-key';
type PaidHandlers = { [T in PaidRequestType]: (request: PageRequest<T>) => Promise<PageReply<T>> };

export function createPaidChatHandlers(manager: ConnectionManager, inbox: InvitationInbox): PaidHandlers {
  return {
    'list-keys': async () => {
      const server = manager.status.server;
      const stored = (await loadPaidKeys()).filter((key) => key.server === server);
      const client = manager.requireClient();
      if (stored.length === 0) return [];
      // The latest-ending keys first when there are more holders than one request takes.
      const holders = [...new Set(stored.map((key) => key.holder))].slice(-MAX_KEY_HOLDERS);
      const held = await client.keys(holders);
      const names = new Map(stored.map((key) => [key.mint, key.name]));
      return held.map((key) => ({
        mint: key.mint,
        name: names.get(key.mint) ?? null,
        expiresAt: key.expiresAt,
      }));
    },
    'list-invitations': async () => {
      await inbox.ready;
      return inbox.list();
    },
    'accept-invitation': ({ invite }) => inbox.accept(manager.requireClient(), invite),
    'decline-invitation': async ({ invite }) => {
      await inbox.decline(manager.requireClient(), invite);
      return null;
    },
    'initiator-holder': async ({ quoteId }) => initiatorHolder(quoteId),
    'keep-paid-key': async ({ quoteId, mint, secret, name, expiresAt, msgTtl, resend }) => {
      await savePaidKey({
        server: manager.status.server,
        mint,
        holder: await initiatorHolder(quoteId),
        secret,
        name,
        expiresAt,
        msgTtl,
        role: 'initiator',
        resend,
      });
      return null;
    },
  };
}

async function initiatorHolder(quoteId: string): Promise<string> {
  const installSecret = await loadInstallSecret();
  try {
    return deriveHolderAddress(installSecret, 'initiator', quoteId);
  } finally {
    wipe(installSecret);
  }
}
