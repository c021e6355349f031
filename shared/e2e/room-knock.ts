/**
 * Knocking on an approval room (docs/rooms-mls.md "Knock on an approval room"): whoever knows only
 * the roomId sends a KeyPackage made with its per-room identity (`ct` of a `send`), and joins with
 * the Welcome a member `signal`s once the server has ordered the Add. The group it gets lacks S
 * until the `secret` message, and owes an Update as soon as it has S (room-group.ts).
 */
import { type ClientState, emptyPskIndex, joinGroup } from 'ts-mls';
import { makeKeyPackageRef } from 'ts-mls/keyPackage.js';
import { equalBytesConstantTime } from '../crypto/constant-time.ts';
import { wipe } from '../crypto/wipe.ts';
import { ROOM_CLIENT_CONFIG } from './mls-config.ts';
import { forgetSigningKey, getMlsCrypto } from './mls-crypto.ts';
import { decodeMlsText, encodeMlsText } from './mls-messages.ts';
import { RoomGroup } from './room-group.ts';
import { fingerprintOf } from './room-identity.ts';
import { makeKeyPackage, type RoomGroupParams } from './room-join.ts';
import { checkHandle } from './room-secrets.ts';

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
    forgetSigningKey(privatePackage.signaturePrivateKey);
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
