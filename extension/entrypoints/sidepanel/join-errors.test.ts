import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../shared/client/index.ts';
import { ALREADY_OPEN_MESSAGE, describeJoinError } from './join-errors.ts';

describe('join errors', () => {
  it('says a room open in another window plainly, never the raw server text', () => {
    const message = describeJoinError(new ProtocolError('bad_request', 'already in this room'));
    expect(message).toBe(ALREADY_OPEN_MESSAGE);
    expect(message).not.toContain('The server said');
  });
  it('leaves other errors to describeError', () => {
    expect(describeJoinError(new ProtocolError('room_full', 'full'))).toBe('The room is full.');
  });
});
