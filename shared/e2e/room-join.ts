/**
 * Entering a room's MLS group (docs/rooms-mls.md "Joining, knocking, leaving"):
 * - `createRoomGroup`: the first joiner (the server answered `groupInfo: null`) makes the group and
 *   the epoch-0 frame;
 * - `joinRoomGroup`: whoever knows S opens the sealed GroupInfo and makes an external commit,
 *   signed by the join key (a resync when a leaf with our signature key is still in the tree);
 * (whoever knows only the roomId knocks instead: room-knock.ts).
 * Every leaf signs with the per-room identity key (`identitySeed`, room-identity.ts) and names the
 * connection's member id in a basic credential. Each function copies the seed and the secret it is
 * given; the caller keeps and wipes its own.
 */
import {
  createGroup,
  generateKeyPackageWithKey,
  joinGroupExternal,
  type KeyPackage,
  type PrivateKeyPackage,
} from 'ts-mls';
import { ratchetTreeFromExtension } from 'ts-mls/groupInfo.js';
import { abytes } from '../crypto/bytes-assertions.ts';
import { equalBytesConstantTime } from '../crypto/constant-time.ts';
import { deriveEd25519PublicKey } from '../crypto/ed25519-signing.ts';
import { generateRandomBytes } from '../crypto/random-bytes.ts';
import { wipe } from '../crypto/wipe.ts';
import { decodeB64u } from '../encoding.ts';
import { openGroupInfo } from './group-info-seal.ts';
import { credentialFor, keyPackageLifetime, ROOM_CLIENT_CONFIG, roomCapabilities } from './mls-config.ts';
import { forgetSigningKey, getMlsCrypto, type MlsCrypto, ROOM_CIPHERSUITE } from './mls-crypto.ts';
import { decodeMlsBytes } from './mls-messages.ts';
import { wipeRetiredStates } from './mls-state-wipe.ts';
import { buildCommitFrame, buildGenesisFrame, type GenesisFrameFields } from './room-commit-frame.ts';
import { type PendingCommit, RoomGroup, RoomGroupError } from './room-group.ts';
import { IDENTITY_SEED_LENGTH } from './room-identity.ts';
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
    forgetSigningKey(keyPackage.privatePackage.signaturePrivateKey);
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
        forgetSigningKey(state.signaturePrivateKey);
        wipeRetiredStates([state]);
        wipe(secret);
      },
    },
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
export async function makeKeyPackage(
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
