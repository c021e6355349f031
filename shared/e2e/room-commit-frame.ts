/**
 * The fields of a `commit` frame (PROTOCOL.md §3) for a new group state: the MLS commit, the new
 * GroupInfo sealed under S, the new epoch's handshake public key as `nextKey`, and `auth` signed by
 * the current epoch's handshake key (members) or by the join key (external commits and the
 * epoch-0 frame). docs/rooms-mls.md "Epochs": the frame's `epoch` is the MLS epoch of the state the
 * commit was made from, plus one.
 */
import { type ClientState, createGroupInfoWithExternalPubAndRatchetTree, type MLSMessage } from 'ts-mls';
import { wipe } from '../crypto/wipe.ts';
import { encodeB64u } from '../encoding.ts';
import { signCommitAuth } from './commit-auth.ts';
import { sealGroupInfo } from './group-info-seal.ts';
import type { MlsCrypto } from './mls-crypto.ts';
import { encodeMlsBytes } from './mls-messages.ts';
import { deriveHandshakeKey, deriveJoinKey } from './room-secrets.ts';

/** The fields of a `commit` frame, b64u as the frame carries them (add `t`, `id` and `room`). */
export interface CommitFrameFields {
  epoch: number;
  commit: string;
  groupInfo: string;
  nextKey: string;
  auth: string;
}

/** The epoch-0 frame that publishes a new group: no commit, and the room's `joinKey`. */
export interface GenesisFrameFields {
  epoch: 0;
  commit: null;
  groupInfo: string;
  nextKey: string;
  /** Signed by the join key; the server may accept the epoch-0 frame unsigned (PROTOCOL.md §3). */
  auth: string;
  joinKey: string;
}

/** Who signs `auth`: the handshake key of `base`'s epoch, or the room's join key. */
export type CommitSigner = { kind: 'handshake'; base: ClientState } | { kind: 'join'; epoch: number };

interface FrameInput {
  handle: string;
  secret: Uint8Array;
  crypto: MlsCrypto;
  next: ClientState;
  commit: MLSMessage | null;
  signer: CommitSigner;
}

/** Builds the signed frame fields for a commit that leads to `next`. */
export async function buildCommitFrame(
  input: FrameInput & { commit: MLSMessage },
): Promise<CommitFrameFields> {
  const { epoch, commitBytes, groupInfo, nextKey, auth } = await buildFrame(input);
  return { epoch, commit: encodeB64u(commitBytes!), groupInfo, nextKey, auth };
}

/** Builds the epoch-0 frame for a group just created (`next` at MLS epoch 0). */
export async function buildGenesisFrame(
  input: Omit<FrameInput, 'commit' | 'signer'>,
): Promise<GenesisFrameFields> {
  const { groupInfo, nextKey, auth } = await buildFrame({
    ...input,
    commit: null,
    signer: { kind: 'join', epoch: 0 },
  });
  const joinKey = deriveJoinKey(input.secret, input.handle);
  wipe(joinKey.seed);
  return { epoch: 0, commit: null, groupInfo, nextKey, auth, joinKey: encodeB64u(joinKey.publicKey) };
}

/** The sealed GroupInfo of a state: what the server stores and joiners open. */
export async function sealStateGroupInfo(
  state: ClientState,
  handle: string,
  secret: Uint8Array,
  crypto: MlsCrypto,
): Promise<Uint8Array> {
  const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(state, [], crypto.impl);
  return sealGroupInfo(secret, handle, encodeMlsBytes({ wireformat: 'mls_group_info', groupInfo }));
}

async function buildFrame(input: FrameInput) {
  const { handle, secret, crypto, next, signer } = input;
  const commitBytes = input.commit ? encodeMlsBytes(input.commit) : null;
  const sealed = await sealStateGroupInfo(next, handle, secret, crypto);
  const nextKey = await deriveHandshakeKey(next.keySchedule.exporterSecret, handle, crypto);
  wipe(nextKey.seed);
  const signing =
    signer.kind === 'join'
      ? deriveJoinKey(secret, handle)
      : await deriveHandshakeKey(signer.base.keySchedule.exporterSecret, handle, crypto);
  const epoch = signer.kind === 'join' ? signer.epoch : Number(signer.base.groupContext.epoch) + 1;
  try {
    const fields = { handle, epoch, commit: commitBytes, groupInfo: sealed, nextKey: nextKey.publicKey };
    const auth = await signCommitAuth(fields, signing.seed);
    return {
      epoch,
      commitBytes,
      groupInfo: encodeB64u(sealed),
      nextKey: encodeB64u(nextKey.publicKey),
      auth: encodeB64u(auth),
    };
  } finally {
    wipe(signing.seed);
  }
}
