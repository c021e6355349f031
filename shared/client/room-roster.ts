/**
 * Who is in a room as the UI shows it (docs/client-rooms.md "Members"): each MLS leaf with its
 * fingerprint, its nickname (a `profile` message) or else a stable per-room ghost name derived from
 * the fingerprint, whether we marked its key verified, and whether it looks like a verified member
 * with another key (it took a verified member's nickname: shown loudly). Everything is keyed by
 * fingerprint, which belongs to the member's per-room identity key, so nicknames and verified
 * marks survive the member's reconnects (a new leaf, the same key) and our own.
 */
import type { RoomMember } from '../e2e/room-members.ts';

/** One member of a room, for display. */
export interface MemberView {
  /** The server's member id of the connection behind the leaf (changes on every reconnect). */
  member: string;
  /** Five groups of five digits: compare it out of band before marking the member verified. */
  fingerprint: string;
  /** What to call the member: its nickname, else its ghost name. */
  name: string;
  nickname: string | null;
  /** Stable per room and key: "Quiet Lynx 042". */
  ghostName: string;
  verified: boolean;
  /** Uses the nickname of a member we verified, with another key. */
  keyChanged: boolean;
  isSelf: boolean;
}

// biome-ignore format: a word list
const ADJECTIVES = [
  'Quiet', 'Misty', 'Pale', 'Silver', 'Hidden', 'Drifting', 'Hollow', 'Velvet',
  'Faint', 'Distant', 'Gentle', 'Lunar', 'Amber', 'Frosty', 'Shady', 'Silent',
] as const;
// biome-ignore format: a word list
const CREATURES = [
  'Lynx', 'Owl', 'Fox', 'Heron', 'Moth', 'Otter', 'Raven', 'Wren',
  'Hare', 'Marten', 'Stoat', 'Crane', 'Finch', 'Badger', 'Newt', 'Swift',
] as const;

/** A stable name for a fingerprint: two words and three digits, the same on every member's screen. */
export function ghostNameOf(fingerprint: string): string {
  const digits = fingerprint.replace(/\D/g, '');
  const a = Number(digits.slice(0, 4)) % ADJECTIVES.length;
  const c = Number(digits.slice(4, 8)) % CREATURES.length;
  return `${ADJECTIVES[a]} ${CREATURES[c]} ${digits.slice(8, 11)}`;
}

/** Nicknames and verified marks of one room, by fingerprint; see the module header. */
export class RoomRoster {
  readonly #nicknames = new Map<string, string>();
  readonly #verified = new Set<string>();

  /** Records a member's nickname (from its `profile`); false when nothing changed. */
  setNickname(fingerprint: string, nickname: string): boolean {
    if (this.#nicknames.get(fingerprint) === nickname) return false;
    this.#nicknames.set(fingerprint, nickname);
    return true;
  }

  nicknameOf(fingerprint: string): string | null {
    return this.#nicknames.get(fingerprint) ?? null;
  }

  /** What the UI calls the holder of this key. */
  nameOf(fingerprint: string): string {
    return this.#nicknames.get(fingerprint) ?? ghostNameOf(fingerprint);
  }

  /** Marks (or unmarks) a key as verified; false when nothing changed. */
  setVerified(fingerprint: string, verified: boolean): boolean {
    if (this.#verified.has(fingerprint) === verified) return false;
    if (verified) this.#verified.add(fingerprint);
    else this.#verified.delete(fingerprint);
    return true;
  }

  isVerified(fingerprint: string): boolean {
    return this.#verified.has(fingerprint);
  }

  /** The members of the current MLS epoch, for display. */
  view(members: readonly RoomMember[]): MemberView[] {
    const verifiedNames = new Map<string, string>(); // nickname → the verified key's fingerprint
    for (const fingerprint of this.#verified) {
      const nickname = this.#nicknames.get(fingerprint);
      if (nickname !== undefined) verifiedNames.set(nickname, fingerprint);
    }
    return members.map((m) => {
      const nickname = this.nicknameOf(m.fingerprint);
      const verifiedKey = nickname === null ? undefined : verifiedNames.get(nickname);
      const ghostName = ghostNameOf(m.fingerprint);
      return {
        member: m.memberId,
        fingerprint: m.fingerprint,
        name: nickname ?? ghostName,
        nickname,
        ghostName,
        verified: this.#verified.has(m.fingerprint),
        keyChanged: verifiedKey !== undefined && verifiedKey !== m.fingerprint,
        isSelf: m.isSelf,
      };
    });
  }

  /** Forgets everything (the room closed). */
  clear(): void {
    this.#nicknames.clear();
    this.#verified.clear();
  }
}
