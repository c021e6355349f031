/**
 * One invitation (PROTOCOL.md §4) and its sealed form, the only form anything stores: the
 * invitee's wallet, the envelope, its expiry and what accepting it mints (the payment and the
 * key's index in it, the chat's terms), sealed under the invitation key and bound to where it is
 * kept (crypto/invitation-keys.ts). Stores see only the two keyed names, the sealed text and the
 * expiry they need to forget it.
 */
import * as v from 'valibot';
import { decodeB64u, decodeUtf8, encodeB64u, encodeUtf8 } from '../../shared/encoding.ts';
import { InviteId } from '../../shared/protocol/fields.ts';
import type { InvitationKeys } from '../crypto/invitation-keys.ts';

/** The chat a payment opened, as its keys carry it. */
export interface ChatTerms {
  /** Unix ms, whole seconds. */
  expiresAt: number;
  msgTtl: number | null;
}

/** An invitation, opened. */
export interface Invitation {
  id: string;
  /** The invitee's wallet (32 bytes). */
  wallet: Uint8Array;
  /** The envelope, base64url, as the initiator's client sealed it. */
  envelope: string;
  expiresAt: number;
  /** The payment signature and the key's index in it: accepting mints that key. */
  payment: string;
  index: number;
  chat: ChatTerms;
}

/** An invitation as a store holds it. */
export interface StoredInvitation {
  /** The keyed hash of the invitee's wallet. */
  walletName: string;
  /** The keyed hash of the invitation id. */
  name: string;
  /** The sealed record, base64url. */
  sealed: string;
  expiresAt: number;
}

const Ms = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const Record = v.object({
  v: v.literal(2),
  id: InviteId,
  w: v.pipe(v.string(), v.length(43)),
  e: v.pipe(v.string(), v.maxLength(2048)),
  x: Ms,
  p: v.pipe(v.string(), v.maxLength(88)),
  i: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  c: Ms,
  m: v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
});

/** Seals `invitation` for a store. */
export function sealInvitation(keys: InvitationKeys, invitation: Invitation): StoredInvitation {
  const walletName = keys.walletName(invitation.wallet);
  const name = keys.inviteName(invitation.id);
  const record: v.InferOutput<typeof Record> = {
    v: 2,
    id: invitation.id,
    w: encodeB64u(invitation.wallet),
    e: invitation.envelope,
    x: invitation.expiresAt,
    p: invitation.payment,
    i: invitation.index,
    c: invitation.chat.expiresAt,
    m: invitation.chat.msgTtl,
  };
  const plaintext = encodeUtf8(JSON.stringify(record));
  const sealed = encodeB64u(keys.seal(plaintext, walletName, name));
  plaintext.fill(0);
  return { walletName, name, sealed, expiresAt: invitation.expiresAt };
}

/** Opens a stored invitation; `undefined` when it was not sealed here for these names. */
export function openInvitation(keys: InvitationKeys, stored: StoredInvitation): Invitation | undefined {
  const box = decodeB64u(stored.sealed);
  const plaintext = box && keys.open(box, stored.walletName, stored.name);
  const text = plaintext && decodeUtf8(plaintext);
  plaintext?.fill(0);
  if (text === undefined) return undefined;
  let parsed: v.SafeParseResult<typeof Record>;
  try {
    parsed = v.safeParse(Record, JSON.parse(text));
  } catch {
    return undefined;
  }
  if (!parsed.success) return undefined;
  const r = parsed.output;
  const wallet = decodeB64u(r.w);
  if (wallet?.length !== 32) return undefined;
  return {
    id: r.id,
    wallet,
    envelope: r.e,
    expiresAt: r.x,
    payment: r.p,
    index: r.i,
    chat: { expiresAt: r.c, msgTtl: r.m },
  };
}
