/**
 * Member records of a `SenderKeyGroup`: admitting bundles (proof, key checks, duplicates), the
 * pairwise keys to each member, and sealing our sender chain to one member.
 */
import { equalBytesConstantTime } from '../crypto/constant-time.ts';
import type { Ed25519Backend, Ed25519Verifier } from '../crypto/ed25519-signing.ts';
import type { MemberKeys, MemberPublicKeys } from '../crypto/member-keys.ts';
import { derivePairwiseKeys, type PairwiseContext, sealPairwise } from '../crypto/pairwise-seal.ts';
import type { SendingChain } from '../crypto/sender-chain.ts';
import { wipe } from '../crypto/wipe.ts';
import { encodeB64u } from '../encoding.ts';
import { encodeChainDistribution } from './chain-distribution.ts';
import { type BundleRejection, parseMemberBundle } from './member-bundle.ts';
import { PeerChains } from './peer-chains.ts';

/** Why `addMember(s)` did not accept a member. */
export type MemberRejection = BundleRejection | 'is_self' | 'duplicate_member' | 'duplicate_keys';

export type AddMemberResult =
  | { member: string; accepted: true }
  | { member: string; accepted: false; reason: MemberRejection };

/** Everything we hold about one other member. */
export interface MemberRecord {
  keys: MemberPublicKeys;
  /** Seals our signals to this member (context: us → them). */
  sendKey: Uint8Array;
  sendContext: PairwiseContext;
  /** Opens this member's signals to us (context: them → us). */
  receiveKey: Uint8Array;
  receiveContext: PairwiseContext;
  /** Imported once per bundle; verifies every message from this member. */
  verifier: Promise<Ed25519Verifier>;
  chains: PeerChains;
  wipe(): void;
}

/** What `admitMembers` needs from the group. */
export interface AdmitContext {
  room: string;
  self: { memberId: string; keys: MemberKeys };
  members: Map<string, MemberRecord>;
  linkSecret: Uint8Array | undefined;
  backend: Promise<Ed25519Backend>;
  graceMs: number;
}

/** Checks each bundle and adds the accepted members to `ctx.members`. */
export function admitMembers(
  candidates: readonly { member: string; bundle: string }[],
  ctx: AdmitContext,
): AddMemberResult[] {
  return candidates.map(({ member, bundle }): AddMemberResult => {
    const rejection = admitMember(member, bundle, ctx);
    return rejection ? { member, accepted: false, reason: rejection } : { member, accepted: true };
  });
}

function admitMember(member: string, bundle: string, ctx: AdmitContext): MemberRejection | undefined {
  if (member === ctx.self.memberId) return 'is_self';
  if (ctx.members.has(member)) return 'duplicate_member';
  const parsed = parseMemberBundle(bundle, ctx.linkSecret);
  if (!parsed.ok) return parsed.reason;
  const { keys } = parsed;
  const known = [ctx.self.keys, ...[...ctx.members.values()].map((m) => m.keys)];
  if (
    known.some(
      (k) =>
        equalBytesConstantTime(k.agreementPublic, keys.agreementPublic) ||
        equalBytesConstantTime(k.signingPublic, keys.signingPublic),
    )
  ) {
    return 'duplicate_keys';
  }
  const sendContext: PairwiseContext = {
    room: ctx.room,
    senderId: ctx.self.memberId,
    recipientId: member,
    senderPublic: ctx.self.keys.agreementPublic,
    recipientPublic: keys.agreementPublic,
  };
  const receiveContext: PairwiseContext = {
    room: ctx.room,
    senderId: member,
    recipientId: ctx.self.memberId,
    senderPublic: keys.agreementPublic,
    recipientPublic: ctx.self.keys.agreementPublic,
  };
  let pairwise: { sendKey: Uint8Array; receiveKey: Uint8Array };
  try {
    pairwise = derivePairwiseKeys(
      ctx.self.keys.agreementSecret,
      keys.agreementPublic,
      sendContext,
      receiveContext,
    );
  } catch {
    return 'invalid_keys'; // low-order or malformed X25519 key
  }
  const verifier = ctx.backend.then((b) => b.createVerifier(keys.signingPublic));
  verifier.catch(() => {}); // surfaced as bad_signature on decrypt
  const chains = new PeerChains(ctx.graceMs);
  ctx.members.set(member, {
    keys,
    ...pairwise,
    sendContext,
    receiveContext,
    verifier,
    chains,
    wipe() {
      wipe(pairwise.sendKey, pairwise.receiveKey);
      chains.wipe();
    },
  });
  return undefined;
}

/** Seals our current chain (at its next index) to one member; returns the signal `ct`. */
export function sealChainFor(record: MemberRecord, chain: SendingChain): string {
  const chainKey = chain.exportChainKey();
  const payload = encodeChainDistribution({ chainId: chain.chainId, startIndex: chain.nextIndex, chainKey });
  try {
    return encodeB64u(sealPairwise(record.sendKey, record.sendContext, payload));
  } finally {
    wipe(chainKey, payload);
  }
}
