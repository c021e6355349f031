import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { commitAuthMessage } from '../crypto/commit-auth.ts';
import { checkCommit } from './commit-checks.ts';

const b64u = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const KEY = b64u(randomBytes(32));
const AUTH = b64u(randomBytes(64));
const ROOM = 'r'.repeat(43);

function frame(fields: Partial<ClientFrameOf<'commit'>> = {}): ClientFrameOf<'commit'> {
  return {
    t: 'commit',
    room: ROOM,
    epoch: 3,
    commit: 'AQID',
    groupInfo: 'Z2k',
    nextKey: KEY,
    auth: AUTH,
    ...fields,
  };
}

const codeOf = (f: ClientFrameOf<'commit'>) => {
  try {
    checkCommit(f);
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('commit shape and sizes (PROTOCOL.md §3, §5)', () => {
  const cases: Array<[string, ClientFrameOf<'commit'>, string]> = [
    ['a valid commit', frame(), 'ok'],
    ['a valid epoch-0 frame', frame({ epoch: 0, commit: null, auth: undefined, joinKey: KEY }), 'ok'],
    ['an epoch-0 frame with auth (ignored)', frame({ epoch: 0, commit: null, joinKey: KEY }), 'ok'],
    ['an epoch-0 frame with a commit', frame({ epoch: 0, joinKey: KEY }), 'bad_request'],
    ['an epoch-0 frame without joinKey', frame({ epoch: 0, commit: null }), 'bad_request'],
    ['commit: null after epoch 0', frame({ commit: null }), 'bad_request'],
    ['joinKey after epoch 0', frame({ joinKey: KEY }), 'bad_request'],
    ['no auth after epoch 0', frame({ auth: undefined }), 'bad_request'],
    ['a non-canonical nextKey', frame({ nextKey: `${'A'.repeat(42)}B` }), 'bad_request'],
    ['a non-canonical commit (2 spare chars)', frame({ commit: 'AQ' }), 'ok'],
    ['a non-canonical commit', frame({ commit: 'AR' }), 'bad_request'],
    ['a non-canonical groupInfo', frame({ groupInfo: 'Z2l' }), 'bad_request'],
    ['a commit of 64 KiB', frame({ commit: b64u(Buffer.alloc(64 * 1024)) }), 'ok'],
    ['a commit of 64 KiB + 1', frame({ commit: b64u(Buffer.alloc(64 * 1024 + 1)) }), 'too_large'],
    ['a groupInfo of 128 KiB', frame({ groupInfo: b64u(Buffer.alloc(128 * 1024)) }), 'ok'],
    ['a groupInfo of 128 KiB + 1', frame({ groupInfo: b64u(Buffer.alloc(128 * 1024 + 1)) }), 'too_large'],
    [
      'shape before size',
      frame({ commit: b64u(Buffer.alloc(64 * 1024 + 1)), auth: undefined }),
      'bad_request',
    ],
  ];
  for (const [name, f, code] of cases) {
    it(`answers ${name}: ${code}`, () => expect(codeOf(f)).toBe(code));
  }

  it('decodes the payload only for auth, into exactly the bytes PROTOCOL.md signs', () => {
    const commit = randomBytes(100);
    const groupInfo = randomBytes(300);
    const nextKey = randomBytes(32);
    const checked = checkCommit(
      frame({ commit: b64u(commit), groupInfo: b64u(groupInfo), nextKey: b64u(nextKey) }),
    );
    expect(checked.authMessage()).toEqual(commitAuthMessage(ROOM, 3, commit, groupInfo, nextKey));
    expect(Buffer.from(checked.auth!)).toEqual(Buffer.from(AUTH, 'base64url'));
    expect(checkCommit(frame({ epoch: 0, commit: null, joinKey: KEY })).auth).toBeUndefined();
  });
});
