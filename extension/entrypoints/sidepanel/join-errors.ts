/**
 * Why a join or create failed, for the panel: the one server answer a person meets when the same
 * room is open in another AnoGhost window said plainly (the server refuses a second membership of
 * one session, "already in this room"; the group refuses a second leaf with this install's key,
 * `group_invalid`), everything else as describeError says it.
 */
import { ProtocolError, RoomStateError } from '../../../shared/client/index.ts';
import { describeError } from '../../ui/error-messages.ts';

export const ALREADY_OPEN_MESSAGE =
  'This chat is already open in another AnoGhost window (a side panel or chat tab): continue there, or leave it there to open it here.';

export const ALREADY_OPEN_MAYBE_MESSAGE =
  'Could not enter this room: it may be open in another AnoGhost window of this browser (one browser is one member). Continue there, or leave it there first.';

export function describeJoinError(error: unknown): string {
  if (
    error instanceof ProtocolError &&
    error.code === 'bad_request' &&
    /already in this room/.test(error.message)
  )
    return ALREADY_OPEN_MESSAGE;
  // One install has one key per room: a second window of it cannot enter the room's group.
  if (error instanceof RoomStateError && /group_invalid/.test(error.message))
    return ALREADY_OPEN_MAYBE_MESSAGE;
  return describeError(error);
}
