/**
 * The invitation inbox with real envelopes and stand-ins for storage and the client: what opens
 * is kept, what does not (another key, a card whose secret ended, a tampered envelope, an ended
 * chat, a declined id) is dropped quietly; accept derives the holder and keeps the key; decline is
 * remembered.
 */
import { describe, expect, it, vi } from 'vitest';
import { ProtocolError } from '../../../shared/client/index.ts';
import { deriveHolderAddress } from '../../../shared/crypto/holder-keys.ts';
import {
  encodeInviteEnvelope,
  type InvitePayload,
  sealInviteEnvelope,
} from '../../../shared/crypto/invite-envelope.ts';
import { generateInviteKeyPair } from '../../../shared/crypto/invite-keys.ts';
import { decodeB64u, encodeB64u } from '../../../shared/encoding.ts';
import type { PaidKey } from '../../storage/paid-keys.ts';
import type { StoredInvitation } from '../../storage/pending-invitations.ts';
import { InvitationGoneError, InvitationInbox } from './invitation-inbox.ts';

const NOW = 1_800_000_000_000;
const INSTALL_SECRET = new Uint8Array(32).fill(7);
const ID = (c: string) => c.repeat(22);
const MINT = '11111111111111111111111111111112';
const PAYLOAD: InvitePayload = {
  v: 2,
  secret: encodeB64u(new Uint8Array(32).fill(3)),
  name: 'Plans',
  ttl: 86_400,
  expiresAt: NOW + 86_400_000,
};

function setUp(options: { secrets?: Uint8Array[]; declined?: string[]; pending?: StoredInvitation[] } = {}) {
  const mine = generateInviteKeyPair();
  const secrets = options.secrets ?? [mine.secretKey];
  const kept: PaidKey[] = [];
  const declined = new Map<string, number>((options.declined ?? []).map((id) => [id, NOW + 1]));
  const changes: unknown[] = [];
  const saved: StoredInvitation[][] = [];
  const inbox = new InvitationInbox({
    secrets: () => secrets.map((s) => s.slice()),
    loadPending: async () => options.pending ?? [],
    savePending: async (entries) => void saved.push(entries),
    loadDeclined: async () => new Set(declined.keys()),
    rememberDeclined: async (id, end) => void declined.set(id, end),
    loadInstallSecret: async () => INSTALL_SECRET.slice(),
    keepKey: async (key) => void kept.push(key),
    server: () => 'http://127.0.0.1:8787',
    onChange: (list) => changes.push(list),
    now: () => NOW,
  });
  const client = {
    invitations: vi.fn(async () => [] as { invite: string; envelope: string; expiresAt: number }[]),
    accept: vi.fn(async () => MINT),
    decline: vi.fn(async () => {}),
  };
  const invitation = (id: string, payload = PAYLOAD, key = mine.publicKey) => ({
    invite: id,
    envelope: encodeInviteEnvelope(sealInviteEnvelope(key, payload)),
    expiresAt: NOW + 3_600_000,
  });
  return { inbox, client, invitation, kept, declined, changes, saved };
}

describe('invitation inbox', () => {
  it('opens an invitation sealed to one of our cards and shows what it says, once', async () => {
    const { inbox, invitation, changes, saved } = setUp();
    const pushed = invitation(ID('a'));
    expect(await inbox.receive(pushed)).toBe(true);
    expect(await inbox.receive(pushed)).toBe(true);
    expect(inbox.list()).toEqual([
      {
        invite: ID('a'),
        name: 'Plans',
        ttl: 86_400,
        msgTtl: null,
        chatExpiresAt: PAYLOAD.expiresAt,
        expiresAt: NOW + 3_600_000,
      },
    ]);
    expect(changes).toHaveLength(1);
    expect(saved.at(-1)?.[0]?.payload).toEqual(PAYLOAD);
  });

  it('drops quietly an envelope for another key, or for a card whose secret has ended', async () => {
    const other = generateInviteKeyPair();
    const { inbox, invitation } = setUp();
    expect(await inbox.receive(invitation(ID('a'), PAYLOAD, other.publicKey))).toBe(false);
    const ended = setUp({ secrets: [] });
    expect(await ended.inbox.receive(ended.invitation(ID('b')))).toBe(false);
    expect(inbox.list()).toEqual([]);
  });

  it('drops a tampered envelope, a malformed one, and one for a chat or invitation that ended', async () => {
    const { inbox, invitation } = setUp();
    const good = invitation(ID('a'));
    const bytes = decodeB64u(good.envelope)!;
    for (const at of [0, 40, bytes.length - 1]) {
      const flipped = bytes.slice();
      flipped[at]! ^= 1;
      expect(await inbox.receive({ ...good, envelope: encodeB64u(flipped) })).toBe(false);
    }
    expect(await inbox.receive({ ...good, envelope: encodeB64u(bytes.subarray(0, 200)) })).toBe(false);
    expect(await inbox.receive({ ...good, envelope: '***' })).toBe(false);
    expect(await inbox.receive(invitation(ID('b'), { ...PAYLOAD, expiresAt: NOW - 1 }))).toBe(false);
    expect(await inbox.receive({ ...invitation(ID('c')), expiresAt: NOW })).toBe(false);
    expect(inbox.list()).toEqual([]);
  });

  it('drops an invitation this install declined', async () => {
    const { inbox, invitation } = setUp({ declined: [ID('a')] });
    expect(await inbox.receive(invitation(ID('a')))).toBe(false);
  });

  it('accepts with the holder derived from the install secret and keeps the key with S and the name', async () => {
    const { inbox, invitation, client, kept } = setUp();
    await inbox.receive(invitation(ID('a')));
    expect(await inbox.accept(client, ID('a'))).toBe(MINT);
    const holder = deriveHolderAddress(INSTALL_SECRET, 'invitee', ID('a'));
    expect(client.accept).toHaveBeenCalledWith(ID('a'), holder);
    expect(kept).toEqual([
      {
        server: 'http://127.0.0.1:8787',
        mint: MINT,
        holder,
        secret: PAYLOAD.secret,
        name: 'Plans',
        expiresAt: PAYLOAD.expiresAt,
        msgTtl: null,
        role: 'invitee',
      },
    ]);
    expect(inbox.list()).toEqual([]);
  });

  it('forgets an invitation answered elsewhere, and keeps one whose mint failed', async () => {
    const { inbox, invitation, client } = setUp();
    await inbox.receive(invitation(ID('a')));
    await inbox.receive(invitation(ID('b')));
    client.accept.mockRejectedValueOnce(new ProtocolError('unavailable', 'chain down'));
    await expect(inbox.accept(client, ID('a'))).rejects.toThrow(ProtocolError);
    client.accept.mockRejectedValueOnce(new ProtocolError('invite_expired', 'answered'));
    await expect(inbox.accept(client, ID('b'))).rejects.toThrow(InvitationGoneError);
    expect(inbox.list().map((i) => i.invite)).toEqual([ID('a')]);
    await expect(inbox.accept(client, ID('z'))).rejects.toThrow(InvitationGoneError);
  });

  it('declines, remembers it until the invitation ends, and does not take it back', async () => {
    const { inbox, invitation, client, declined } = setUp();
    const pushed = invitation(ID('a'));
    await inbox.receive(pushed);
    await inbox.decline(client, ID('a'));
    expect(client.decline).toHaveBeenCalledWith(ID('a'));
    expect(declined.get(ID('a'))).toBe(pushed.expiresAt);
    expect(await inbox.receive(pushed)).toBe(false);
    expect(inbox.list()).toEqual([]);
  });

  it('after a sign-in, takes in listed invitations and forgets pending ones no longer listed', async () => {
    const { inbox, invitation, client } = setUp();
    await inbox.receive(invitation(ID('a')));
    client.invitations.mockResolvedValueOnce([invitation(ID('b'))]);
    await inbox.sync(client);
    expect(inbox.list().map((i) => i.invite)).toEqual([ID('b')]);
  });

  it('shows the invitations an earlier service worker kept, and can accept them without the card', async () => {
    const pending = [{ invite: ID('a'), expiresAt: NOW + 1_000, payload: PAYLOAD }];
    const { inbox, client } = setUp({ secrets: [], pending });
    await inbox.ready;
    expect(inbox.list().map((i) => i.invite)).toEqual([ID('a')]);
    expect(await inbox.accept(client, ID('a'))).toBe(MINT);
  });
});
