/**
 * MLS application messages between two members, sequential: encrypts/s, then decrypts/s of what
 * was encrypted. No Node APIs, so the same code runs in Node (bench/mls.ts) and bundled in
 * Chromium (bench/messages/browser-entry.ts).
 */
import { deriveRoomId, generateLinkSecret } from '../../shared/crypto/room-secret.ts';
import { createTextMessage } from '../../shared/e2e/message-plaintext.ts';
import type { MlsCrypto } from '../../shared/e2e/mls-crypto.ts';
import { newMember, TestOrderer } from '../../tests/support/mls-orderer.ts';

export interface MessageRates {
  messages: number;
  encryptPerSecond: number;
  decryptPerSecond: number;
}

/** Encrypts ~`chars`-character texts for `durationMs`, then decrypts them all on the other member. */
export async function measureMessageRates(
  crypto: MlsCrypto,
  durationMs: number,
  chars: number,
): Promise<MessageRates> {
  const secret = generateLinkSecret();
  const room = new TestOrderer(deriveRoomId(secret), secret);
  const aliceMember = newMember('alice', crypto);
  const bobMember = newMember('bob', crypto);
  await room.create(aliceMember);
  await room.join(bobMember);
  await room.catchUp(aliceMember);
  const alice = aliceMember.group!;
  const bob = bobMember.group!;
  const body = 'x'.repeat(chars);
  await bob.receive(await alice.encrypt(createTextMessage(body))); // warm keys and JIT
  const cts: string[] = [];
  const encStart = performance.now();
  while (performance.now() - encStart < durationMs) cts.push(await alice.encrypt(createTextMessage(body)));
  const encSeconds = (performance.now() - encStart) / 1000;
  const decStart = performance.now();
  for (const ct of cts) {
    if ((await bob.receive(ct)).kind !== 'message') throw new Error('bench: a message failed to decrypt');
  }
  const decSeconds = (performance.now() - decStart) / 1000;
  alice.close();
  bob.close();
  return {
    messages: cts.length,
    encryptPerSecond: Math.round(cts.length / encSeconds),
    decryptPerSecond: Math.round(cts.length / decSeconds),
  };
}
