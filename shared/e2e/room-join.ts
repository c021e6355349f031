/**
 * Entering a room's MLS group (docs/rooms-mls.md "Joining, knocking, leaving"):
 * - `createRoomGroup`: the first joiner (the server answered `groupInfo: null`) makes the group and
 *   the epoch-0 frame;
 * - `joinRoomGroup`: whoever knows S opens the sealed GroupInfo and makes an external commit,
 *   signed by the join key (a resync when a leaf with our signature key is still in the tree);
 * - `createKnock`: whoever knows only the roomId sends a KeyPackage and waits for a Welcome.
 * Every leaf signs with the per-room identity key (`identitySeed`, room-identity.ts) and names the
 * connection's member id in a basic credential. Each function copies the seed and the secret it is
 * given; the caller keeps and wipes its own.
 */
import {
  type ClientState,
  createGroup,
  emptyPskIndex,
  generateKeyPackageWithKey,
  joinGroup,
  joinGroupExternal,
  type KeyPackage,
  type PrivateKeyPackage,
} from 'ts-mls';
import { ratchetTreeFromExtension } from 'ts-mls/groupInfo.js';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { abytes } from '../crypto/bytes-assertions.ts';
import { equalBytesConstantTime } from '../crypto/constant-time.ts';
import { deriveEd25519PublicKey } from '../crypto/ed25519-signing.ts';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { wipe } from '../crypto/wipe.ts';
import { decodeB64u } from '../encoding.ts';
import { openGroupInfo } from './group-info-seal.ts';
import { credentialFor, keyPackageLifetime, ROOM_CLIENT_CONFIG, roomCapabilities } from './mls-config.ts';
import { getMlsCrypto, type MlsCrypto, ROOM_CIPHERSUITE } from './mls-crypto.ts';
import { decodeMlsBytes, decodeMlsText, encodeMlsText } from './mls-messages.ts';
import { wipeRetiredStates } from './mls-state-wipe.ts';
import { buildCommitFrame, buildGenesisFrame, type GenesisFrameFields } from './room-commit-frame.ts';
import { type PendingCommit, RoomGroup, RoomGroupError } from './room-group.ts';
import { fingerprintOf, IDENTITY_SEED_LENGTH } from './room-identity.ts';
import { checkHandle, ROOM_SECRET_LENGTH } from './room-secrets.ts';

const GROUP_ID_LENGTH = 16; // bytes, random

/** Who joins which room. */
export interface RoomGroupParams {
  /** The room handle of every frame (`joined.room`). */
  handle: string;
  /** The room secret S (32 bytes). */
  secret: Uint8Array;
  /** This install's identity seed for the room (`deriveIdentitySeed`). */
  identitySeed: Uint8Array;
  /** This connection's member id in the room (`joined.member`). */
  memberId: string;
  /** The crypto provider; ours by default (`getDefaultMlsCrypto` only for tests and benchmarks). */
  crypto?: MlsCrypto;
}

/** Why a sealed GroupInfo gave no join. */
export type JoinError =
  | 'malformed' // not b64u, or not a GroupInfo inside
  | 'unreadable' // does not open with this S and handle: altered, or sealed for another room
  | 'wrong_epoch' // its MLS epoch is not the frame's epoch − 1
  | 'invalid'; // ts-mls refused it (signature, tree, extensions)

export type JoinResult = { ok: true; pending: PendingCommit } | { ok: false; error: JoinError };

/** Why a Welcome gave no group. */
export type WelcomeError = 'malformed' | 'not_for_us' | 'invalid' | 'closed';

/** A knock sent, waiting for its Welcome. */
export interface OutgoingKnock {
  /** The `ct` of the `send` frame: b64u(MLSMessage(KeyPackage)). */
  readonly ct: string;
  /** Our fingerprint, as members see it in the request. */
  readonly fingerprint: string;
  /** Joins with the Welcome a member `signal`ed; the group lacks S until the `secret` message. */
  acceptWelcome(
    welcomeCt: string,
  ): Promise<{ ok: true; group: RoomGroup } | { ok: false; error: WelcomeError }>;
  /** Gives up: zeroes the KeyPackage's private keys. */
  close(): void;
}

/** Creates the group as the room's first member: the group and the epoch-0 frame's fields. */
export async function createRoomGroup(
  params: RoomGroupParams,
): Promise<{ group: RoomGroup; frame: GenesisFrameFields }> {
  const { handle, secret, memberId, crypto } = await readParams(params);
  const { publicPackage, privatePackage } = await makeKeyPackage(params.identitySeed, memberId, crypto);
  const groupId = generateRandomBytes(GROUP_ID_LENGTH);
  const state = await createGroup(
    groupId,
    publicPackage,
    privatePackage,
    [],
    crypto.impl,
    ROOM_CLIENT_CONFIG,
  );
  wipe(privatePackage.initPrivateKey); // never used: nobody sends us a Welcome for this package
  const frame = await buildGenesisFrame({ handle, secret, crypto, next: state });
  return { group: new RoomGroup({ handle, memberId, crypto, state, secret }), frame };
}

/**
 * Opens the room's sealed GroupInfo (the `groupInfo` of `joined` or `group`, with its `epoch`) and
 * makes an external commit. Send `pending.frame`; `adopt()` after `committed` gives the group;
 * after `stale_epoch`, `discard()`, ask `group` and try again. Never throws on bad input.
 */
export async function joinRoomGroup(
  params: RoomGroupParams,
  sealedGroupInfo: string,
  frameEpoch: number,
): Promise<JoinResult> {
  const { handle, secret, memberId, crypto } = await readParams(params);
  const fail = (error: JoinError): JoinResult => {
    wipe(secret);
    return { ok: false, error };
  };
  const sealed = typeof sealedGroupInfo === 'string' ? decodeB64u(sealedGroupInfo) : undefined;
  if (!sealed) return fail('malformed');
  const opened = openGroupInfo(secret, handle, sealed);
  if (!opened) return fail('unreadable');
  const message = decodeMlsBytes(opened);
  if (message?.wireformat !== 'mls_group_info') return fail('malformed');
  const { groupInfo } = message;
  if (!Number.isSafeInteger(frameEpoch) || groupInfo.groupContext.epoch + 1n !== BigInt(frameEpoch)) {
    return fail('wrong_epoch');
  }
  if (groupInfo.groupContext.cipherSuite !== ROOM_CIPHERSUITE) return fail('invalid');
  const keyPackage = await makeKeyPackage(params.identitySeed, memberId, crypto);
  const ownKey = keyPackage.publicPackage.leafNode.signaturePublicKey;
  let joined: Awaited<ReturnType<typeof joinGroupExternal>>;
  try {
    // Resync when a leaf with our key is still there (we reconnected): one install, one leaf.
    const resync = ratchetTreeFromExtension(groupInfo)?.some(
      (node) => node?.nodeType === 'leaf' && equalBytesConstantTime(node.leaf.signaturePublicKey, ownKey),
    );
    joined = await joinGroupExternal(
      groupInfo,
      keyPackage.publicPackage,
      keyPackage.privatePackage,
      resync === true,
      crypto.impl,
      undefined,
      ROOM_CLIENT_CONFIG,
    );
  } catch {
    wipe(keyPackage.privatePackage.signaturePrivateKey, keyPackage.privatePackage.hpkePrivateKey);
    return fail('invalid');
  } finally {
    wipe(keyPackage.privatePackage.initPrivateKey);
  }
  const state = joined.newState;
  const frame = await buildCommitFrame({
    handle,
    secret,
    crypto,
    next: state,
    commit: { wireformat: 'mls_public_message', publicMessage: joined.publicMessage, version: 'mls10' },
    signer: { kind: 'join', epoch: frameEpoch },
  });
  let settled = false;
  const settle = () => {
    if (settled) throw new RoomGroupError('settled', 'this join was already adopted or discarded');
    settled = true;
  };
  return {
    ok: true,
    pending: {
      frame,
      adopt: async () => {
        settle();
        return new RoomGroup({ handle, memberId, crypto, state, secret });
      },
      discard: async () => {
        if (settled) return;
        settled = true;
        wipeRetiredStates([state]);
        wipe(secret);
      },
    },
  };
}

/** Makes a knock for an approval room: the KeyPackage to `send`, and the way in once approved. */
export async function createKnock(params: Omit<RoomGroupParams, 'secret'>): Promise<OutgoingKnock> {
  const handle = checkHandle(params.handle);
  const crypto = params.crypto ?? (await getMlsCrypto());
  const { publicPackage, privatePackage } = await makeKeyPackage(
    params.identitySeed,
    params.memberId,
    crypto,
  );
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    wipe(privatePackage.initPrivateKey, privatePackage.hpkePrivateKey, privatePackage.signaturePrivateKey);
  };
  return {
    ct: encodeMlsText({ wireformat: 'mls_key_package', keyPackage: publicPackage }),
    fingerprint: fingerprintOf(publicPackage.leafNode.signaturePublicKey),
    async acceptWelcome(welcomeCt) {
      if (closed) return { ok: false, error: 'closed' };
      const message = decodeMlsText(welcomeCt);
      if (message?.wireformat !== 'mls_welcome') return { ok: false, error: 'malformed' };
      const ref = await makeKeyPackageRef(publicPackage, crypto.impl.hash);
      if (!message.welcome.secrets.some((s) => equalBytesConstantTime(s.newMember, ref))) {
        return { ok: false, error: 'not_for_us' };
      }
      let state: ClientState;
      try {
        state = await joinGroup(
          message.welcome,
          publicPackage,
          privatePackage,
          emptyPskIndex,
          crypto.impl,
          undefined,
          undefined,
          ROOM_CLIENT_CONFIG,
        );
      } catch {
        return { ok: false, error: 'invalid' };
      }
      closed = true;
      wipe(privatePackage.initPrivateKey); // the state keeps the leaf and signature keys
      return {
        ok: true,
        group: new RoomGroup({
          handle,
          memberId: params.memberId,
          crypto,
          state,
          secret: undefined,
          admittedByKnock: true,
        }),
      };
    },
    close,
  };
}

async function readParams(params: RoomGroupParams) {
  return {
    handle: checkHandle(params.handle),
    secret: abytes(params.secret, ROOM_SECRET_LENGTH, 'secret').slice(),
    memberId: params.memberId,
    crypto: params.crypto ?? (await getMlsCrypto()),
  };
}

/** A KeyPackage whose leaf signs with (a copy of) the identity seed and names `memberId`. */
async function makeKeyPackage(
  identitySeed: Uint8Array,
  memberId: string,
  crypto: MlsCrypto,
): Promise<{ publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }> {
  const signKey = abytes(identitySeed, IDENTITY_SEED_LENGTH, 'identitySeed').slice();
  const publicKey = deriveEd25519PublicKey(signKey);
  return generateKeyPackageWithKey(
    credentialFor(memberId),
    roomCapabilities(),
    keyPackageLifetime(),
    [],
    { signKey, publicKey },
    crypto.impl,
  );
}
