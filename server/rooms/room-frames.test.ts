import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ServerFrame } from '../../shared/protocol/server-frames.ts';
import type { EncodedFrame } from '../session/encoded-frame.ts';
import {
  closedBytes,
  commitFrameBytes,
  frameBytes,
  joinRefused,
  memberJoinBytes,
  memberLeaveBytes,
  msgFrameBytes,
  roomsUnavailable,
  staleEpoch,
} from './room-frames.ts';

const ROOM = 'r'.repeat(43);
const MEMBER = 'm0123456789_';
const CT = 'AbC-_9'.repeat(10);

const text = (bytes: EncodedFrame) => new TextDecoder().decode(bytes);

/** What a client gets: the bytes' text, parsed with the schema it validates every frame with. */
const received = (bytes: EncodedFrame) => v.parse(ServerFrame, JSON.parse(text(bytes)));

describe('room frames', () => {
  it('builds msg bytes by hand as exactly the text JSON.stringify makes', () => {
    const frame = { t: 'msg', room: ROOM, from: MEMBER, ct: CT, ts: 1_700_000_000_123 } as const;
    expect(text(msgFrameBytes(ROOM, MEMBER, CT, frame.ts))).toBe(text(frameBytes(frame)));
    expect(received(msgFrameBytes(ROOM, MEMBER, CT, frame.ts))).toEqual(frame);
  });

  it('builds relayed commit bytes by hand as exactly the text JSON.stringify makes', () => {
    const frame = { t: 'commit', room: ROOM, from: MEMBER, epoch: 41, commit: CT } as const;
    expect(text(commitFrameBytes(ROOM, MEMBER, 41, CT))).toBe(text(frameBytes(frame)));
    expect(received(commitFrameBytes(ROOM, MEMBER, 41, CT))).toEqual(frame);
  });

  it('fans out frames the client schema accepts', () => {
    expect(received(memberJoinBytes(ROOM, MEMBER))).toEqual({
      t: 'member',
      room: ROOM,
      member: MEMBER,
      event: 'join',
    });
    expect(received(memberLeaveBytes(ROOM, MEMBER))).toEqual({
      t: 'member',
      room: ROOM,
      member: MEMBER,
      event: 'leave',
    });
    expect(received(closedBytes(ROOM, 'expired'))).toEqual({ t: 'closed', room: ROOM, reason: 'expired' });
  });

  it('names refusals with their protocol codes', () => {
    expect(joinRefused('expired').code).toBe('expired');
    expect(joinRefused('room_full').code).toBe('room_full');
    expect(staleEpoch(7)).toMatchObject({ code: 'stale_epoch', epoch: 7 });
    const cause = new Error('down');
    expect(roomsUnavailable(cause)).toMatchObject({ code: 'unavailable', cause });
  });
});
