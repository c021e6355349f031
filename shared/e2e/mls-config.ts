/**
 * How every room's MLS client is configured (docs/rooms-mls.md "Members and credentials", "Key
 * retention"): basic credentials naming the server's member id, key retention for out-of-order
 * delivery, ts-mls's padding (our plaintext pads to buckets already), and the proposals a commit
 * may carry.
 */
import {
  type AuthenticationService,
  type Capabilities,
  type ClientConfig,
  type Credential,
  defaultCapabilities,
  defaultKeyPackageEqualityConfig,
  defaultLifetimeConfig,
  defaultPaddingConfig,
  type IncomingMessageCallback,
  type Lifetime,
} from 'ts-mls';
import { decodeUtf8, encodeUtf8 } from '../encoding.ts';
import { MAX_MEMBER_ID_CHARS } from '../protocol/limits.ts';

/** A well-formed server member id: base64url, 1 … 32 characters (the server makes 12). */
const MEMBER_ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_MEMBER_ID_CHARS}}$`);
const KEY_PACKAGE_CLOCK_SKEW_SECONDS = 60 * 60;
const KEY_PACKAGE_LIFETIME_SECONDS = 24 * 60 * 60; // a knock is answered in minutes
// Members add and remove; joiners bring external_init (and a remove when they resync). Nothing
// else: no PSKs, no reinit, no group-context changes that could add an external sender.
const ALLOWED_PROPOSALS: ReadonlySet<unknown> = new Set(['add', 'remove', 'external_init']);

/**
 * Key retention (docs/rooms-mls.md "Key retention"): ts-mls keeps 10 skipped message keys per
 * sender, so 30 messages delivered in reverse opened only 11; 100 open all of them.
 */
export const ROOM_KEY_RETENTION = {
  retainKeysForGenerations: 100,
  retainKeysForEpochs: 4,
  maximumForwardRatchetSteps: 2000,
} as const;

/** True for a member id the server could have issued (the credential's only content). */
export function isMemberId(value: string): boolean {
  return MEMBER_ID_PATTERN.test(value);
}

/** The credential of a leaf: `basic`, identity = UTF-8 of the member id. */
export function credentialFor(memberId: string): Credential {
  if (!isMemberId(memberId)) throw new TypeError('"memberId" is not a well-formed member id');
  return { credentialType: 'basic', identity: encodeUtf8(memberId) };
}

/** The member id a credential names, or `undefined` when it is not one of ours. */
export function memberIdOf(credential: Credential): string | undefined {
  if (credential.credentialType !== 'basic') return undefined;
  const text = decodeUtf8(credential.identity);
  return text !== undefined && isMemberId(text) ? text : undefined;
}

/**
 * The authentication service: a credential is valid when it is `basic` and names a well-formed
 * member id. Nothing else identifies a member; the fingerprint of the signature key is the identity.
 */
export const ROOM_AUTHENTICATION: AuthenticationService = {
  async validateCredential(credential) {
    return memberIdOf(credential) !== undefined;
  },
};

/** The ClientConfig of every room group. */
export const ROOM_CLIENT_CONFIG: ClientConfig = {
  keyRetentionConfig: { ...ROOM_KEY_RETENTION },
  // Leaves from KeyPackages stay in the tree for the room's life (up to 30 days): lifetimes are
  // checked when a KeyPackage is added (a knock), not on every tree a joiner receives.
  lifetimeConfig: { ...defaultLifetimeConfig, validateLifetimeOnReceive: false },
  keyPackageEqualityConfig: defaultKeyPackageEqualityConfig,
  paddingConfig: defaultPaddingConfig,
  authService: ROOM_AUTHENTICATION,
};

/** Leaf capabilities: ts-mls's defaults (every suite it knows, basic and x509, GREASE values). */
export function roomCapabilities(): Capabilities {
  return defaultCapabilities();
}

/** A KeyPackage lifetime: from an hour ago (clock skew) to a day from now, in Unix seconds. */
export function keyPackageLifetime(nowMs: number = Date.now()): Lifetime {
  const now = BigInt(Math.floor(nowMs / 1000));
  return {
    notBefore: now - BigInt(KEY_PACKAGE_CLOCK_SKEW_SECONDS),
    notAfter: now + BigInt(KEY_PACKAGE_LIFETIME_SECONDS),
  };
}

/** Accepts a commit only when every proposal in it is an add, a remove or an external_init. */
export const acceptRoomCommit: IncomingMessageCallback = (incoming) =>
  incoming.kind === 'commit' &&
  incoming.proposals.every((p) => ALLOWED_PROPOSALS.has(p.proposal.proposalType))
    ? 'accept'
    : 'reject';
