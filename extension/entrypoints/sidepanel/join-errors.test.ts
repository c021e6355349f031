import { describe, expect, it } from 'vitest';
import { ProtocolError, RoomStateError } from '../../../shared/client/index.ts';
import { ALREADY_OPEN_MAYBE_MESSAGE, ALREADY_OPEN_MESSAGE, describeJoinError } from './join-errors.ts';

describe('join errors', () => {
  it('says a room open in another window plainly, never the raw server text', () => {
    const message = describeJoinError(new ProtocolError('bad_request', 'already in this room'));
    expect(message).toBe(ALREADY_OPEN_MESSAGE);
    expect(message).not.toContain('The server said');
  });
  it('explains a second window of this install refused by the group', () => {
    expect(describeJoinError(new RoomStateError('the room closed: group_invalid'))).toBe(
      ALREADY_OPEN_MAYBE_MESSAGE,
    );
  });
  it('leaves other errors to describeError', () => {
    expect(describeJoinError(new ProtocolError('room_full', 'full'))).toBe('The room is full.');
  });
});
