/**
 * One valid frame of every client frame type (shared/protocol/client-frames.ts), the seeds the
 * fuzzer mutates. Values that depend on the connection (the room it joined, another member, its
 * own ghostId, the server's domain) are placeholders, filled in just before sending, so the
 * generated frames depend on the seed alone.
 */
import { encodeB64u, encodeBase58 } from '../../shared/encoding.ts';
import type { ClientFrame } from '../../shared/protocol/client-frames.ts';
import { buildSignInMessage } from '../../shared/sign-in/sign-in-message.ts';
import type { FuzzValue } from './fuzz-json.ts';
import type { Prng } from './prng.ts';

/** What a connection knows that frames may name. */
export interface FrameContext {
  /** A room this connection is a member of (43 characters). */
  room: string;
  /** Another member of that room, or a made-up id. */
  member: string;
  /** This connection's current ghostId. */
  ghostId: string;
  domain: string;
}

const PLACEHOLDERS: Record<keyof FrameContext, string> = {
  room: '%%ROOM%%',
  member: '%%MEMBER%%',
  ghostId: '%%GHOST%%',
  domain: '%%DOMAIN%%',
};
const PLACEHOLDER_PATTERN = /%%(ROOM|MEMBER|GHOST|DOMAIN)%%/g;
const BY_TOKEN: Record<string, keyof FrameContext> = {
  ROOM: 'room',
  MEMBER: 'member',
  GHOST: 'ghostId',
  DOMAIN: 'domain',
};

/** Puts the connection's values in place of the placeholders. */
export function fillPlaceholders(text: string, context: FrameContext): string {
  return text.replace(PLACEHOLDER_PATTERN, (_, token: string) => context[BY_TOKEN[token]!]);
}

export type FrameType = ClientFrame['t'];
type FrameObject = { [key: string]: FuzzValue };

const B64U = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** A mint address that is not one of this server's keys (the System Program). */
const SOME_ADDRESS = '11111111111111111111111111111111';

const b64u = (prng: Prng, bytes: number) => encodeB64u(prng.bytes(bytes));
const requestId = (prng: Prng): FuzzValue =>
  prng.chance(0.5) ? prng.int(0, 1_000_000) : `f${prng.int(0, 1e6)}`;

/** A valid frame of every type: `join` twice (a free room by id, a paid room by key). */
const BUILDERS: Record<FrameType, (prng: Prng) => FrameObject> = {
  auth: (prng) => ({
    t: 'auth',
    message: buildSignInMessage({
      domain: PLACEHOLDERS.domain,
      address: encodeBase58(prng.bytes(32)),
      sessionKey: encodeBase58(prng.bytes(32)),
      uri: `http://${PLACEHOLDERS.domain}`,
      chainId: 'localnet',
      nonce: prng.string(16, 'abcdefghijkmnopqrstuvwxyz0123456789'),
      issuedAt: '2026-01-01T00:00:00.000Z',
      expirationTime: '2026-01-02T00:00:00.000Z',
    }),
    signature: b64u(prng, 64),
    proof: b64u(prng, 64),
  }),
  rotate: (prng) => ({ t: 'rotate', id: requestId(prng) }),
  check: (prng) => ({
    t: 'check',
    id: requestId(prng),
    ghostIds: [PLACEHOLDERS.ghostId, b64u(prng, 69), prng.string(prng.int(1, 40), B64U)],
  }),
  ping: (prng) => ({ t: 'ping', id: requestId(prng) }),
  pong: () => ({ t: 'pong' }),
  join: (prng) => {
    const frame: FrameObject = { t: 'join', id: requestId(prng) };
    if (prng.chance(0.3)) frame.admission = prng.pick(['open', 'approval']);
    if (prng.chance(0.2)) frame.key = SOME_ADDRESS;
    else frame.room = prng.chance(0.3) ? PLACEHOLDERS.room : b64u(prng, 32);
    if (prng.chance(0.5)) frame.ttl = prng.int(60, 30 * 24 * 3600);
    if (prng.chance(0.5)) frame.msgTtl = prng.int(1, 3600);
    return frame;
  },
  send: (prng) => {
    const frame: FrameObject = { t: 'send', room: PLACEHOLDERS.room, ct: b64u(prng, prng.int(1, 256)) };
    if (prng.chance(0.5)) frame.id = requestId(prng);
    return frame;
  },
  signal: (prng) => ({ t: 'signal', room: PLACEHOLDERS.room, to: PLACEHOLDERS.member, ct: b64u(prng, 64) }),
  commit: (prng) => {
    const first = prng.chance(0.2);
    return {
      t: 'commit',
      id: requestId(prng),
      room: PLACEHOLDERS.room,
      epoch: first ? 0 : prng.int(0, 5),
      commit: first ? null : b64u(prng, prng.int(16, 512)),
      groupInfo: b64u(prng, prng.int(16, 1024)),
      nextKey: b64u(prng, 32),
      ...(first ? { joinKey: b64u(prng, 32) } : { auth: b64u(prng, 64) }),
    };
  },
  group: (prng) => ({ t: 'group', id: requestId(prng), room: PLACEHOLDERS.room }),
  leave: (prng) => ({ t: 'leave', id: requestId(prng), room: PLACEHOLDERS.room }),
  quote: (prng) => ({
    t: 'quote',
    id: requestId(prng),
    ghostIds: prng.chance(0.5)
      ? [PLACEHOLDERS.ghostId]
      : [b64u(prng, 69), `${b64u(prng, 69)}.${b64u(prng, 32)}`],
    ttl: prng.int(60, 86_400),
  }),
  redeem: (prng) => ({
    t: 'redeem',
    id: requestId(prng),
    quote: b64u(prng, prng.int(16, 300)),
    ...(prng.chance(0.5)
      ? { tx: b64u(prng, prng.int(100, 600)) }
      : { signature: encodeBase58(prng.bytes(64)) }),
    holder: encodeBase58(prng.bytes(32)),
    invites: Array.from({ length: prng.int(0, 3) }, () => b64u(prng, prng.int(328, 600))),
  }),
  keys: (prng) => ({
    t: 'keys',
    id: requestId(prng),
    holders: Array.from({ length: prng.int(0, 4) }, () => encodeBase58(prng.bytes(32))),
  }),
  invites: (prng) => ({ t: 'invites', id: requestId(prng) }),
  accept: (prng) => ({
    t: 'accept',
    id: requestId(prng),
    invite: b64u(prng, 16),
    holder: encodeBase58(prng.bytes(32)),
  }),
  decline: (prng) => ({ t: 'decline', id: requestId(prng), invite: b64u(prng, 16) }),
};

export const FRAME_TYPES = Object.keys(BUILDERS) as FrameType[];

/** A valid frame of `type` (valid once its placeholders are filled). */
export function validFrame(type: FrameType, prng: Prng): FrameObject {
  return BUILDERS[type](prng);
}
