/**
 * The paid keys this install holds (docs/extension.md "Storage"), in `storage.local`: per key its
 * mint, its one-time holder (derived from the install secret, install-secret.ts), the room secret
 * S and the chat name from the envelope, the chat's end and message lifetime; for a chat we
 * started, also what "send the invitations again" redeems with. So the chat can be re-entered,
 * and its keys listed (`keys` with the holders), for as long as the key lives; an entry past its
 * chat's end is dropped on the next read. Every read is validated; entries that do not parse are
 * dropped.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { ROOM_SECRET_LENGTH } from '../../shared/crypto/invite-envelope.ts';
import { decodeAddress, decodeB64u } from '../../shared/encoding.ts';

const PAID_KEYS_KEY = 'anoghost/paid-keys';
export const MAX_STORED_KEYS = 256;
const MAX_SECONDS = 30 * 24 * 60 * 60;

const Address = v.pipe(
  v.string(),
  v.check((text) => decodeAddress(text) !== undefined, 'not a Solana address'),
);
const B64u = (max: number) => v.pipe(v.string(), v.maxLength(max), v.regex(/^[A-Za-z0-9_-]*$/));

/** What a redeem again needs: the quote, the signed payment, the envelopes in the quote's order. */
export const ResendRecord = v.object({
  quote: v.pipe(v.string(), v.maxLength(4096)),
  tx: B64u(4096),
  invites: v.pipe(v.array(B64u(2048)), v.maxLength(32)),
});
export type ResendRecord = v.InferOutput<typeof ResendRecord>;

export const PaidKey = v.object({
  /** The server origin the key belongs to. */
  server: v.pipe(v.string(), v.maxLength(512)),
  mint: Address,
  holder: Address,
  /** The room secret S (b64u, 32 bytes). */
  secret: v.pipe(
    v.string(),
    v.check((s) => decodeB64u(s)?.length === ROOM_SECRET_LENGTH, 'secret must be 32 bytes'),
  ),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** When the chat ends (Unix ms). */
  expiresAt: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  msgTtl: v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(MAX_SECONDS))),
  role: v.picklist(['initiator', 'invitee']),
  resend: v.optional(ResendRecord),
});
export type PaidKey = v.InferOutput<typeof PaidKey>;

/** The stored keys that parse and whose chat has not ended, soonest to end first. */
export async function loadPaidKeys(now = Date.now()): Promise<PaidKey[]> {
  const stored = await browser.storage.local.get(PAID_KEYS_KEY);
  const list = v.safeParse(v.array(v.unknown()), stored[PAID_KEYS_KEY]);
  if (!list.success) return [];
  const keys: PaidKey[] = [];
  for (const entry of list.output) {
    const parsed = v.safeParse(PaidKey, entry);
    if (parsed.success && parsed.output.expiresAt > now) keys.push(parsed.output);
  }
  return keys.sort((a, b) => a.expiresAt - b.expiresAt);
}

/** The stored key of `mint` (on any server), if it lives. */
export async function loadPaidKey(mint: string, now = Date.now()): Promise<PaidKey | undefined> {
  return (await loadPaidKeys(now)).find((key) => key.mint === mint);
}

/**
 * Keeps `key` (replacing the entry of the same mint) and drops ended ones; past
 * `MAX_STORED_KEYS`, the ones ending soonest go first.
 */
export async function savePaidKey(key: PaidKey, now = Date.now()): Promise<void> {
  const checked = v.parse(PaidKey, key);
  const others = (await loadPaidKeys(now)).filter((k) => k.mint !== checked.mint);
  const kept = [...others, checked].sort((a, b) => a.expiresAt - b.expiresAt).slice(-MAX_STORED_KEYS);
  await browser.storage.local.set({ [PAID_KEYS_KEY]: kept });
}

/**
 * THE place a paid room's secret S is looked up (mint → S, 32 bytes), `undefined` for a key this
 * install does not hold. Today's rooms (version 1 sender keys) do not take it; the MLS rooms
 * (branch r11-client2) seal a paid room's GroupInfo under it, and the integrator passes this to
 * their `joinPaidRoom(mint, secret)` (extension/entrypoints/sidepanel/paid-room-join.ts).
 */
export async function paidRoomSecretOf(mint: string, now = Date.now()): Promise<Uint8Array | undefined> {
  const key = await loadPaidKey(mint, now);
  return key && decodeB64u(key.secret);
}
