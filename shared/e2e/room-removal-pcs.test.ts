/**
 * The properties issue #11 relies on ts-mls for, pinned with an attacker of our own: a removed
 * member cannot read what follows its Remove (the bug ts-mls 1.6.2 had), and an Update heals a
 * copied state. The attacker holds a full copy of a member's state (RoomGroup.copyStateForTests)
 * and every relayed commit; it tries to follow the next epoch exactly as MLS would let it: open the
 * commit with the old epoch's keys, decrypt any path secret with any private key it holds, and
 * check the key schedule it derives against the commit's confirmation tag. Each test also runs the
 * same attacker against a commit built without an UpdatePath (what 1.6.2 sent for a lone Remove),
 * and there the attacker must win: so these tests fail on an implementation with that bug.
 */
import {
  type ClientState,
  createApplicationMessage,
  emptyPskIndex,
  makePskIndex,
  type PrivateMessage,
  type Proposal,
  processPrivateMessage,
} from 'ts-mls';
import { applyProposals, nextEpochContext } from 'ts-mls/clientState.js';
import { encode } from 'ts-mls/codec/tlsEncoder.js';
import { decryptWithLabel } from 'ts-mls/crypto/hpke.js';
import {
  createConfirmationTag,
  createContentCommitSignature,
  verifyConfirmationTag,
} from 'ts-mls/framedContent.js';
import { groupContextEncoder } from 'ts-mls/groupContext.js';
import { initializeEpoch } from 'ts-mls/keySchedule.js';
import { protect, unprotectPrivateMessage } from 'ts-mls/messageProtection.js';
import { removeLeafNode } from 'ts-mls/ratchetTree.js';
import { treeHashRoot } from 'ts-mls/treeHash.js';
import { applyUpdatePath } from 'ts-mls/updatePath.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { broadcast, roomOfMembers, type TestMember } from '../../tests/support/mls-orderer.ts';
import { createTextMessage } from './message-plaintext.ts';
import { ROOM_KEY_RETENTION } from './mls-config.ts';
import { getMlsCrypto, type MlsCrypto } from './mls-crypto.ts';
import { decodeMlsText, encodeMlsText } from './mls-messages.ts';
import { RoomGroup } from './room-group.ts';

let crypto: MlsCrypto;
beforeAll(async () => {
  crypto = await getMlsCrypto();
});

const roomOf = roomOfMembers;

function privateMessageOf(ct: string): PrivateMessage {
  const message = decodeMlsText(ct);
  if (message?.wireformat !== 'mls_private_message') throw new Error('not a PrivateMessage');
  return message.privateMessage;
}

/** Opens a commit (or message) of the stolen state's epoch, as any member of that epoch can. */
async function openWith(stolen: ClientState, ct: string) {
  return unprotectPrivateMessage(
    stolen.keySchedule.senderDataSecret,
    privateMessageOf(ct),
    stolen.secretTree,
    stolen.ratchetTree,
    stolen.groupContext,
    ROOM_KEY_RETENTION,
    crypto.impl,
  );
}

/**
 * The attacker: from a copy of a state of epoch e and the commit that ends e, can it derive epoch
 * e + 1? True when the key schedule it derives passes the commit's confirmation tag.
 */
async function attackerFollows(stolen: ClientState, commitCt: string): Promise<boolean> {
  const { content, auth } = (await openWith(stolen, commitCt)).content;
  if (content.contentType !== 'commit' || auth.contentType !== 'commit') throw new Error('not a commit');
  let tree = stolen.ratchetTree;
  for (const p of content.commit.proposals) {
    if (p.proposalOrRefType === 'proposal' && p.proposal.proposalType === 'remove') {
      tree = removeLeafNode(tree, p.proposal.remove.removed as never);
    }
  }
  let commitSecret: Uint8Array = new Uint8Array(32); // what a commit without an UpdatePath gives everyone
  const path = content.commit.path;
  if (path) {
    if (content.sender.senderType !== 'member') throw new Error('member commits only');
    tree = await applyUpdatePath(tree, content.sender.leafIndex as never, path, crypto.impl.hash);
    const nextContext = {
      ...stolen.groupContext,
      treeHash: await treeHashRoot(tree, crypto.impl.hash),
      epoch: stolen.groupContext.epoch + 1n,
    };
    const context = encode(groupContextEncoder)(nextContext);
    // Every private key the copy holds, against every path secret the commit carries.
    for (const privateKey of Object.values(stolen.privatePath.privateKeys)) {
      const key = await crypto.impl.hpke.importPrivateKey(privateKey);
      for (const node of path.nodes) {
        for (const ct of node.encryptedPathSecret) {
          const opened = await decryptWithLabel(
            key,
            'UpdatePathNode',
            context,
            ct.kemOutput,
            ct.ciphertext,
            crypto.impl.hpke,
          ).catch(() => undefined);
          if (opened) return true; // a path secret: it can derive the commit secret
        }
      }
    }
    commitSecret = crypto.impl.rng.randomBytes(32); // it has no path secret: it can only guess
  }
  const next = await nextEpochContext(
    stolen.groupContext,
    'mls_private_message',
    content,
    auth.signature,
    await treeHashRoot(tree, crypto.impl.hash),
    stolen.confirmationTag,
    crypto.impl.hash,
  );
  const secrets = await initializeEpoch(
    stolen.keySchedule.initSecret,
    commitSecret,
    next,
    new Uint8Array(32),
    crypto.impl.kdf,
  );
  return verifyConfirmationTag(
    secrets.keySchedule.confirmationKey,
    auth.confirmationTag,
    next.confirmedTranscriptHash,
    crypto.impl.hash,
  );
}

/**
 * A commit as a broken implementation would make it: the same proposals, no UpdatePath (ts-mls
 * 1.6.2 sent a lone Remove this way). Built from a copy of the committer's state.
 */
async function commitWithoutPath(state: ClientState, proposals: Proposal[]): Promise<string> {
  const refs = proposals.map((proposal) => ({ proposalOrRefType: 'proposal' as const, proposal }));
  const leafIndex = state.privatePath.leafIndex;
  const applied = await applyProposals(
    state,
    refs,
    leafIndex as never,
    makePskIndex(state, {}),
    true,
    crypto.impl,
  );
  const { signature, framedContent } = await createContentCommitSignature(
    state.groupContext,
    'mls_private_message',
    { proposals: refs, path: undefined },
    { senderType: 'member', leafIndex },
    new Uint8Array(),
    state.signaturePrivateKey,
    crypto.impl.signature,
  );
  const next = await nextEpochContext(
    state.groupContext,
    'mls_private_message',
    framedContent,
    signature,
    await treeHashRoot(applied.tree, crypto.impl.hash),
    state.confirmationTag,
    crypto.impl.hash,
  );
  const secrets = await initializeEpoch(
    state.keySchedule.initSecret,
    new Uint8Array(32),
    next,
    applied.pskSecret,
    crypto.impl.kdf,
  );
  const confirmationTag = await createConfirmationTag(
    secrets.keySchedule.confirmationKey,
    next.confirmedTranscriptHash,
    crypto.impl.hash,
  );
  const { privateMessage } = await protect(
    state.keySchedule.senderDataSecret,
    new Uint8Array(),
    state.groupContext,
    state.secretTree,
    { ...framedContent, auth: { contentType: 'commit', signature, confirmationTag } } as never,
    leafIndex,
    state.clientConfig.paddingConfig,
    crypto.impl,
  );
  return encodeMlsText({ wireformat: 'mls_private_message', privateMessage });
}

describe('a removed member', () => {
  it('cannot decrypt anything after the Remove commit, which carries an UpdatePath', async () => {
    const { room, members } = await roomOf('alice', 'bob', 'carol');
    const [alice, bob, carol] = members as [TestMember, TestMember, TestMember];
    const stolen = RoomGroup.copyStateForTests(carol.group!); // carol keeps everything she had
    const carolCopy = RoomGroup.cloneForTests(carol.group!);

    const removal = await alice.group!.removeLeaves([carol.group!.leafIndex]);
    // The commit, opened by a member of the old epoch: one Remove, and an UpdatePath.
    const { content } = (await openWith(stolen, removal.frame.commit)).content;
    expect(content.contentType).toBe('commit');
    if (content.contentType !== 'commit') return;
    expect(content.commit.proposals).toMatchObject([{ proposal: { proposalType: 'remove' } }]);
    expect(content.commit.path).toBeDefined();

    expect(await room.settle(alice, removal)).toBe('committed');
    await room.catchUp(bob);
    expect(await attackerFollows(stolen, removal.frame.commit)).toBe(false);
    // Through the library: the copy learns it was removed, and nothing of the next epoch opens.
    expect(await carolCopy.applyCommit(removal.frame.commit, removal.frame.epoch, alice.memberId)).toEqual({
      ok: false,
      error: 'removed',
    });
    const after = await alice.group!.encrypt(createTextMessage('carol must not read this'));
    expect(await bob.group!.receive(after)).toMatchObject({ kind: 'message' });
    expect(await carolCopy.receive(after)).toEqual({ kind: 'error', error: 'closed' });
    const staleCopy = RoomGroup.cloneForTests(carol.group!); // never applied the Remove
    expect(await staleCopy.receive(after)).toEqual({ kind: 'error', error: 'future_epoch' });
    await expect(openWith(stolen, after)).rejects.toThrow();
    // ts-mls itself, handed the stolen state pointed at a remaining leaf, cannot process the commit.
    const repointed = { ...stolen, privatePath: { ...stolen.privatePath, leafIndex: bob.group!.leafIndex } };
    await expect(
      processPrivateMessage(repointed, privateMessageOf(removal.frame.commit), emptyPskIndex, crypto.impl),
    ).rejects.toThrow();
    for (const m of members) m.group!.close();
  });

  it('would read on if the Remove carried no UpdatePath (the attacker above is strong enough)', async () => {
    const { members } = await roomOf('alice', 'bob', 'carol');
    const [alice, , carol] = members as [TestMember, TestMember, TestMember];
    const stolen = RoomGroup.copyStateForTests(carol.group!);
    const broken = await commitWithoutPath(RoomGroup.copyStateForTests(alice.group!), [
      { proposalType: 'remove', remove: { removed: carol.group!.leafIndex } },
    ]);
    expect(await attackerFollows(stolen, broken)).toBe(true);
    for (const m of members) m.group!.close();
  });
});

describe('post-compromise security', () => {
  it('an Update by the leaked member heals a copy of its state', async () => {
    const { room, members } = await roomOf('alice', 'bob', 'carol');
    const [alice, bob, carol] = members as [TestMember, TestMember, TestMember];
    const stolen = RoomGroup.copyStateForTests(bob.group!);
    const bobCopy = RoomGroup.cloneForTests(bob.group!);
    // Before the Update the copy reads everything, as bob does.
    const before = await broadcast(alice, [bob], createTextMessage('before'));
    expect(before[0]).toMatchObject({ kind: 'message' });
    expect(await bobCopy.receive(await alice.group!.encrypt(createTextMessage('seen')))).toMatchObject({
      kind: 'message',
    });

    const update = await bob.group!.update();
    expect(await room.settle(bob, update)).toBe('committed');
    await room.catchUpAll([alice, carol]);
    expect(await attackerFollows(stolen, update.frame.commit)).toBe(false);
    expect(await bobCopy.applyCommit(update.frame.commit, update.frame.epoch, bob.memberId)).toEqual({
      ok: false,
      error: 'invalid',
    });
    const after = await alice.group!.encrypt(createTextMessage('healed'));
    expect(await carol.group!.receive(after)).toMatchObject({ kind: 'message' });
    expect(await bob.group!.receive(after)).toMatchObject({ kind: 'message' });
    expect(await bobCopy.receive(after)).toEqual({ kind: 'error', error: 'future_epoch' });
    for (const m of members) m.group!.close();
  });

  it('an Update by another member does not heal it: only the leaked member’s own commit does', async () => {
    const { room, members } = await roomOf('alice', 'bob', 'carol');
    const [alice, bob, carol] = members as [TestMember, TestMember, TestMember];
    const stolen = RoomGroup.copyStateForTests(bob.group!);
    const update = await alice.group!.update();
    expect(await room.settle(alice, update)).toBe('committed');
    await room.catchUpAll([bob, carol]);
    // alice's path secrets are encrypted to bob's old leaf key, which the copy holds.
    expect(await attackerFollows(stolen, update.frame.commit)).toBe(true);
    for (const m of members) m.group!.close();
  });

  it('an Update without an UpdatePath would not heal (the attacker above is strong enough)', async () => {
    const { members } = await roomOf('alice', 'bob');
    const [, bob] = members as [TestMember, TestMember];
    const stolen = RoomGroup.copyStateForTests(bob.group!);
    const broken = await commitWithoutPath(RoomGroup.copyStateForTests(bob.group!), []);
    expect(await attackerFollows(stolen, broken)).toBe(true);
    for (const m of members) m.group!.close();
  });
});

describe('the attacker’s own check', () => {
  it('reads an application message of the epoch it holds (so its failures above are real)', async () => {
    const { members } = await roomOf('alice', 'bob');
    const [alice, bob] = members as [TestMember, TestMember];
    const stolen = RoomGroup.copyStateForTests(bob.group!);
    const aliceState = RoomGroup.copyStateForTests(alice.group!);
    const sent = await createApplicationMessage(aliceState, new Uint8Array(256), crypto.impl);
    const ct = encodeMlsText({ wireformat: 'mls_private_message', privateMessage: sent.privateMessage });
    const opened = await openWith(stolen, ct);
    expect(opened.content.content.contentType).toBe('application');
    for (const m of members) m.group!.close();
  });
});
