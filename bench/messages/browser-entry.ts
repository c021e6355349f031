/**
 * The page side of the Chromium message benchmark (bench/messages/messages-bench.ts): the same
 * shared/e2e code the extension runs, bundled by esbuild, measuring ~1 KB application messages
 * between two members, sequential, with our crypto provider.
 */
import { deriveRoomId, generateLinkSecret } from '../../shared/crypto/room-secret.ts';
import { createTextMessage } from '../../shared/e2e/message-plaintext.ts';
import { getMlsCrypto } from '../../shared/e2e/mls-crypto.ts';
import { newMember, TestOrderer } from '../../tests/support/mls-orderer.ts';

async function runMessages(durationMs: number, chars: number) {
  const crypto = await getMlsCrypto();
  const secret = generateLinkSecret();
  const room = new TestOrderer(deriveRoomId(secret), secret);
  const alice = newMember('alice', crypto);
  const bob = newMember('bob', crypto);
  await room.create(alice);
  await room.join(bob);
  await room.catchUp(alice);
  const body = 'x'.repeat(chars);
  await bob.group!.receive(await alice.group!.encrypt(createTextMessage(body)));
  const cts: string[] = [];
  const encStart = performance.now();
  while (performance.now() - encStart < durationMs)
    cts.push(await alice.group!.encrypt(createTextMessage(body)));
  const encSeconds = (performance.now() - encStart) / 1000;
  const decStart = performance.now();
  for (const ct of cts) {
    if ((await bob.group!.receive(ct)).kind !== 'message') throw new Error('a message failed to decrypt');
  }
  const decSeconds = (performance.now() - decStart) / 1000;
  return {
    messages: cts.length,
    encryptPerSecond: Math.round(cts.length / encSeconds),
    decryptPerSecond: Math.round(cts.length / decSeconds),
  };
}

(globalThis as { runMessages?: typeof runMessages }).runMessages = runMessages;
