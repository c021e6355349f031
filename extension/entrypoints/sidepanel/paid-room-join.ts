/**
 * Entering a paid chat with a key this install holds (docs/extension.md "Paid chats (version 2)"): the room
 * is joined with the key's mint, and shown under the chat name kept from the envelope, with its
 * default message lifetime (the server knows neither). The room secret S, looked up here and only
 * here, seals the paid room's GroupInfo (docs/rooms-mls.md "Paid rooms"): the server gates who may
 * connect but cannot read the room or join its group.
 */
import type { AnoGhostClient, Room } from '../../../shared/client/index.ts';
import { wipe } from '../../../shared/crypto/wipe.ts';
import { loadPaidKey, paidRoomSecretOf } from '../../storage/paid-keys.ts';

export async function joinPaidChat(client: AnoGhostClient, mint: string): Promise<Room> {
  const [key, secret] = await Promise.all([loadPaidKey(mint), paidRoomSecretOf(mint)]);
  try {
    if (!secret)
      throw new Error('This key’s chat secret is not on this device, so the chat cannot be opened here.');
    const room = await client.joinPaidRoom(mint, secret);
    // The server knows neither: both come from the envelope.
    if (key) {
      room.name = key.name;
      room.msgTtl = key.msgTtl;
    }
    return room;
  } finally {
    wipe(secret);
  }
}
