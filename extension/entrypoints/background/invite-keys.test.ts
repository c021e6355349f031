/** The invite keys behind ghost cards: one per ghostId, kept until its window ends, then wiped. */
import { describe, expect, it } from 'vitest';
import { parseGhostCard } from '../../../shared/crypto/ghost-card.ts';
import { inviteKeyOf } from '../../../shared/crypto/invite-keys.ts';
import type { StoredInviteSecret } from '../../storage/invite-secrets.ts';
import { InviteKeyRing } from './invite-keys.ts';

const ghost = (ghostId: string, liveUntil: number) => ({ ghostId, issuedAt: 0, rotatesAt: 0, liveUntil });

function ring(now: { value: number }, restored: StoredInviteSecret[] = []) {
  const saved: StoredInviteSecret[][] = [];
  const keys = new InviteKeyRing({
    load: async () => restored,
    save: async (entries) => void saved.push(entries),
    now: () => now.value,
  });
  return { keys, saved };
}

describe('invite key ring', () => {
  it('makes one invite key per ghostId and a card that carries it', async () => {
    const now = { value: 0 };
    const { keys, saved } = ring(now);
    await keys.ready;
    const card = keys.cardFor(ghost('ghostA', 1_000));
    const parsed = parseGhostCard(card);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.ghostId).toBe('ghostA');
    expect(keys.cardFor(ghost('ghostA', 1_000))).toBe(card);
    const other = keys.cardFor(ghost('ghostB', 2_000));
    expect(other).not.toBe(card);
    const [newest, oldest] = keys.secrets();
    expect(inviteKeyOf(oldest!)).toEqual(parsed.inviteKey);
    expect(inviteKeyOf(newest!)).not.toEqual(parsed.inviteKey);
    expect(saved.at(-1)?.map((entry) => entry.ghostId)).toEqual(['ghostA', 'ghostB']);
  });

  it('wipes a secret when its ghostId window ends, in memory and in session storage', async () => {
    const now = { value: 0 };
    const { keys, saved } = ring(now);
    keys.cardFor(ghost('ghostA', 1_000));
    keys.cardFor(ghost('ghostB', 2_000));
    now.value = 1_000;
    expect(keys.secrets()).toHaveLength(1);
    expect(saved.at(-1)?.map((entry) => entry.ghostId)).toEqual(['ghostB']);
    keys.clear();
    expect(keys.secrets()).toEqual([]);
    expect(saved.at(-1)).toEqual([]);
  });

  it('restores the secrets of an earlier service worker, except ended ones', async () => {
    const now = { value: 500 };
    const { keys: first } = ring(now);
    const card = first.cardFor(ghost('ghostA', 1_000));
    const [secret] = first.secrets();
    const { encodeB64u } = await import('../../../shared/encoding.ts');
    const { keys } = ring(now, [
      { ghostId: 'ghostA', secret: encodeB64u(secret!), liveUntil: 1_000 },
      { ghostId: 'ghostOld', secret: encodeB64u(secret!), liveUntil: 400 },
    ]);
    await keys.ready;
    expect(keys.cardFor(ghost('ghostA', 1_000))).toBe(card);
    expect(keys.secrets()).toHaveLength(1);
  });
});
