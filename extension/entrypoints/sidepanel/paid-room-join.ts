/**
 * Entering a paid chat with a key this install holds (docs/extension.md "Paid chats (version 2)"): the room
 * is joined with the key's mint, and shown under the chat name kept from the envelope, with its
 * default message lifetime (the server knows neither). The room secret S is looked up here, the one place: today's rooms (sender
 * keys) do not take it; with the MLS rooms (branch r11-client2) it seals the paid room's
 * GroupInfo, and the integrator passes it on as marked below.
 */
import type { AnoGhostClient, Room } from '../../../shared/client/index.ts';
import { wipe } from '../../../shared/crypto/wipe.ts';
import { loadPaidKey, paidRoomSecretOf } from '../../storage/paid-keys.ts';

export async function joinPaidChat(client: AnoGhostClient, mint: string): Promise<Room> {
  const [key, secret] = await Promise.all([loadPaidKey(mint), paidRoomSecretOf(mint)]);
  try {
    // INTEGRATION with r11-client2 (MLS rooms): `client.joinPaidRoom(mint, secret)`.
    const room = await client.joinPaidRoom(mint);
    // The server knows neither: both come from the envelope (a rejoin resets them to its nulls).
    if (key) {
      room.name = key.name;
      room.msgTtl = key.msgTtl;
    }
    return room;
  } finally {
    wipe(secret);
  }
}
