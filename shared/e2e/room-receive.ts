/**
 * What arrives as a `msg` in a room (PROTOCOL.md §3 "In a room"): an MLS application message
 * (a PrivateMessage of the current epoch or of one still retained) or a knock (a KeyPackage in the
 * clear, docs/rooms-mls.md "Knock on an approval room"). Both are checked here before the group
 * uses them; every failure is a kind, never a throw, since anything can arrive from the network.
 *
 * Application messages are opened with ts-mls's `unprotectPrivateMessage` directly (not
 * `processPrivateMessage`) because we need the sender's leaf, and so that a commit or proposal
 * that arrives as a `msg` is refused instead of applied.
 */
import type { ClientState, KeyPackage, PrivateMessage } from 'ts-mls';
import { verifyKeyPackage } from 'ts-mls/keyPackage.js';
import { verifyLeafNodeSignatureKeyPackage } from 'ts-mls/leafNode.js';
import { unprotectPrivateMessage } from 'ts-mls/messageProtection.js';
import { equalBytesConstantTime } from '../crypto/constant-time.ts';
import { decodeRoomMessage, type RoomMessage } from './message-plaintext.ts';
import { memberIdOf, ROOM_KEY_RETENTION } from './mls-config.ts';
import { type MlsCrypto, ROOM_CIPHERSUITE } from './mls-crypto.ts';
import { decodeMlsText } from './mls-messages.ts';
import { fingerprintOf } from './room-identity.ts';
import { memberAt, type RoomMember } from './room-members.ts';

/** Why a received `ct` gave nothing. */
export type ReceiveError =
  | 'malformed' // not an MLSMessage we accept (b64u, framing, wire format)
  | 'wrong_group' // a message of another group
  | 'not_application' // a commit or proposal: commits come through `applyCommit`
  | 'future_epoch' // an epoch we have not reached: we missed a commit (rejoin)
  | 'expired_epoch' // an epoch we no longer keep keys for
  | 'undecryptable' // does not authenticate, a key already used, or too far ahead
  | 'invalid_plaintext' // decrypts, but not to a valid room message
  | 'invalid_secret' // a `secret` message whose S does not belong to this room
  | 'invalid_knock' // a KeyPackage that does not verify, or not for this room's suite
  | 'closed'; // the group is closed

/** A knock: someone who knows only the roomId asks to be added (approve with `group.add`). */
export interface KnockRequest {
  /** The member id the KeyPackage names; compare it with the `msg` frame's `from`. */
  memberId: string;
  fingerprint: string;
  signaturePublicKey: Uint8Array;
  /** The verified KeyPackage, for `RoomGroup.add` only. */
  readonly keyPackage: KeyPackage;
}

/** What a received `ct` was. */
export type Received =
  | { kind: 'message'; message: RoomMessage; sender: RoomMember }
  | { kind: 'knock'; knock: KnockRequest }
  | { kind: 'error'; error: ReceiveError };

/**
 * Reads the `ct` of a `msg` against `state`: a knock, or an application message with its sender.
 * When keys were used, `state` is the group's new state and `consumed` what to zero (even when the
 * plaintext then turns out invalid: the message's key is spent either way).
 */
export async function receiveCiphertext(
  state: ClientState,
  ct: string,
  crypto: MlsCrypto,
): Promise<{ received: Received; state?: ClientState; consumed: Uint8Array[] }> {
  const error = (kind: ReceiveError) => ({ received: { kind: 'error' as const, error: kind }, consumed: [] });
  const message = decodeMlsText(ct);
  if (message?.wireformat === 'mls_key_package') {
    const knock = await readKnock(message.keyPackage, crypto);
    return knock ? { received: { kind: 'knock', knock }, consumed: [] } : error('invalid_knock');
  }
  if (message?.wireformat !== 'mls_private_message') return error(message ? 'not_application' : 'malformed');
  const result = await openApplicationMessage(state, message.privateMessage, crypto);
  if (!result.ok) return error(result.error);
  const { opened } = result;
  const decoded = decodeRoomMessage(opened.plaintext);
  const sender = memberAt(opened.tree, opened.senderLeafIndex, state.privatePath.leafIndex);
  const received: Received =
    decoded.ok && sender
      ? { kind: 'message', message: decoded.message, sender }
      : { kind: 'error', error: 'invalid_plaintext' };
  return { received, state: opened.state, consumed: opened.consumed };
}

/** An application message opened: the new state, what it consumed, who sent it, the plaintext. */
export interface OpenedMessage {
  state: ClientState;
  consumed: Uint8Array[];
  senderLeafIndex: number;
  /** The ratchet tree of the message's epoch (to name the sender). */
  tree: ClientState['ratchetTree'];
  plaintext: Uint8Array;
}

/** Opens an application PrivateMessage of the current or a retained epoch. */
export async function openApplicationMessage(
  state: ClientState,
  message: PrivateMessage,
  crypto: MlsCrypto,
): Promise<{ ok: true; opened: OpenedMessage } | { ok: false; error: ReceiveError }> {
  if (message.contentType !== 'application') return { ok: false, error: 'not_application' };
  if (!equalBytesConstantTime(message.groupId, state.groupContext.groupId))
    return { ok: false, error: 'wrong_group' };
  const current = state.groupContext.epoch;
  if (message.epoch > current) return { ok: false, error: 'future_epoch' };
  const past = message.epoch < current ? state.historicalReceiverData.get(message.epoch) : undefined;
  if (message.epoch < current && !past) return { ok: false, error: 'expired_epoch' };
  const epochData = past ?? {
    senderDataSecret: state.keySchedule.senderDataSecret,
    secretTree: state.secretTree,
    ratchetTree: state.ratchetTree,
    groupContext: state.groupContext,
  };
  try {
    const result = await unprotectPrivateMessage(
      epochData.senderDataSecret,
      message,
      epochData.secretTree,
      epochData.ratchetTree,
      epochData.groupContext,
      ROOM_KEY_RETENTION,
      crypto.impl,
    );
    const { content } = result.content;
    if (content.contentType !== 'application' || content.sender.senderType !== 'member') {
      return { ok: false, error: 'not_application' };
    }
    const next: ClientState = past
      ? {
          ...state,
          historicalReceiverData: new Map(state.historicalReceiverData).set(message.epoch, {
            ...past,
            secretTree: result.tree,
          }),
        }
      : { ...state, secretTree: result.tree };
    return {
      ok: true,
      opened: {
        state: next,
        consumed: result.consumed,
        senderLeafIndex: content.sender.leafIndex,
        tree: epochData.ratchetTree,
        plaintext: content.applicationData,
      },
    };
  } catch {
    return { ok: false, error: 'undecryptable' };
  }
}

/** Verifies a knock's KeyPackage: our suite, signatures, a credential of ours, a lifetime that holds. */
export async function readKnock(
  keyPackage: KeyPackage,
  crypto: MlsCrypto,
  nowMs: number = Date.now(),
): Promise<KnockRequest | undefined> {
  const leaf = keyPackage.leafNode;
  if (keyPackage.cipherSuite !== ROOM_CIPHERSUITE || keyPackage.version !== 'mls10') return undefined;
  if (leaf.leafNodeSource !== 'key_package') return undefined;
  const memberId = memberIdOf(leaf.credential);
  if (memberId === undefined || leaf.signaturePublicKey.length !== 32) return undefined;
  const now = BigInt(Math.floor(nowMs / 1000));
  if (leaf.lifetime.notBefore > now || leaf.lifetime.notAfter < now) return undefined;
  if (equalBytesConstantTime(keyPackage.initKey, leaf.hpkePublicKey)) return undefined;
  try {
    const signature = crypto.impl.signature;
    if (!(await verifyKeyPackage(keyPackage, signature))) return undefined;
    if (!(await verifyLeafNodeSignatureKeyPackage(leaf, signature))) return undefined;
  } catch {
    return undefined;
  }
  const signaturePublicKey = leaf.signaturePublicKey.slice();
  return { memberId, fingerprint: fingerprintOf(signaturePublicKey), signaturePublicKey, keyPackage };
}
