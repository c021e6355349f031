/**
 * Paid rooms on MLS through the client library (PROTOCOL.md §3–§4 v2): the room secret S comes
 * only from the invitation envelope, so the key admits a connection at the server while S alone
 * opens the room's GroupInfo. Members with the key and S chat; a client with the key but another
 * secret (all the server could offer) cannot join the group, and the room is unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoomStateError } from '../../shared/client/client-errors.ts';
import { decodeB64u } from '../../shared/encoding.ts';
import { connectTestClient, nextEvent, type TestClient } from '../support/client-harness.ts';
import {
  acceptInvite,
  type ClockedPaidServer,
  nextInvite,
  openPaidChat,
  party,
  startPaidServer,
} from '../support/paid-harness.ts';
import { framesContaining, waitForFullRoom } from '../support/room-harness.ts';

let server: ClockedPaidServer;
const open: TestClient[] = [];
beforeAll(async () => {
  server = await startPaidServer();
});
afterAll(async () => {
  for (const c of open) c.client.close();
  await server.stop();
});

describe('paid rooms on MLS with the secret from the invitation', () => {
  it('key holders with S chat; the key with any other secret cannot join the group; S never on the wire', async () => {
    const a = await party(server, true);
    const b = await party(server);
    const { minted, payload } = await openPaidChat(a, [b], { name: 'Plans', ttl: 3600 });
    const invitation = await nextInvite(b);
    const { mint } = await acceptInvite(b, invitation.invite);
    const secret = decodeB64u(invitation.payload.secret)!;

    const ca = await connectTestClient(server, { walletKey: a.wallet });
    const cb = await connectTestClient(server, { walletKey: b.wallet });
    open.push(ca, cb);
    const ra = await ca.client.joinPaidRoom(String(minted.mine), decodeB64u(payload.secret)!);
    const rb = await cb.client.joinPaidRoom(mint, secret);
    expect(ra.kind).toBe('paid');
    expect(rb.handle).toBe(ra.handle);
    await waitForFullRoom([ra, rb]);
    const got = nextEvent(rb, 'message');
    await ra.sendText('hello, paid room');
    expect((await got).body).toBe('hello, paid room');
    expect(ra.shareCode()).toBeUndefined();

    // B's key again, from another connection of B's wallet, with a wrong secret: the server admits
    // the connection (the key is B's) but the GroupInfo does not open, so the group is untouched.
    const before = ra.groupState()!;
    const cb2 = await connectTestClient(server, { walletKey: b.wallet });
    open.push(cb2);
    const wrong = new Uint8Array(32).fill(7);
    const error = await cb2.client.joinPaidRoom(mint, wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RoomStateError);
    expect(String((error as Error).message)).toMatch(/group_unreadable/);
    expect(cb2.client.rooms()).toEqual([]);
    expect(ra.groupState()!.authenticator).toBe(before.authenticator);
    await expect(cb2.client.joinPaidRoom(mint, new Uint8Array(5))).rejects.toBeInstanceOf(RoomStateError);

    expect(framesContaining([ca, cb, cb2], payload.secret)).toEqual([]);
    expect(framesContaining([ca, cb], 'hello, paid room')).toEqual([]);
  });
});
