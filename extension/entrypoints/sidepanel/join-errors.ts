/**
 * Why a join or create failed, for the panel: the one server answer a person meets when the same
 * room is open in another AnoGhost window said plainly (the server refuses a second membership of
 * one session: "already in this room"), everything else as describeError says it.
 */
import { ProtocolError } from '../../../shared/client/index.ts';
import { describeError } from '../../ui/error-messages.ts';

export const ALREADY_OPEN_MESSAGE =
  'This chat is already open in another AnoGhost window (a side panel or chat tab): continue there, or leave it there to open it here.';

export function describeJoinError(error: unknown): string {
  if (
    error instanceof ProtocolError &&
    error.code === 'bad_request' &&
    /already in this room/.test(error.message)
  )
    return ALREADY_OPEN_MESSAGE;
  return describeError(error);
}
