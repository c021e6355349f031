/**
 * A deep, independent copy of an MLS state (ts-mls's own state encoding, RFC 9420 structures):
 * what an attacker who copied a member's memory holds. Tests use it to pin post-compromise and
 * removal properties; nothing else copies a state (group state never leaves memory).
 */
import { type ClientState, decodeGroupState, encodeGroupState } from 'ts-mls';

/** Encodes and decodes `state`, so the copy shares no array with it. */
export function cloneClientState(state: ClientState): ClientState {
  const decoded = decodeGroupState(encodeGroupState(state), 0);
  if (!decoded) throw new Error('ts-mls could not decode the state it encoded');
  return { ...decoded[0], clientConfig: state.clientConfig };
}

/** The size of a state's encoding in bytes: a lower bound of what it takes in memory. */
export function encodedStateSize(state: ClientState): number {
  return encodeGroupState(state).length;
}
