/**
 * Reads the treasury a server announces in `GET /v1/health` (PROTOCOL.md §1): where its payments
 * go. The extension pins it per server on first use (storage/server-pins.ts).
 */
import * as v from 'valibot';
import { decodeAddress } from '../../shared/encoding.ts';
import { ServerUnreachableError } from './server-probe.ts';

const HEALTH_TIMEOUT_MS = 10_000;

const Health = v.object({ treasury: v.optional(v.string()) });

export type FetchTreasury = (serverUrl: string) => Promise<string>;

/** The treasury address of the server at `serverUrl`; throws an error a person can read. */
export const fetchTreasury: FetchTreasury = async (serverUrl) => {
  let body: unknown;
  try {
    const res = await fetch(`${serverUrl}/v1/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    body = await res.json();
  } catch (error) {
    throw new ServerUnreachableError(`The AnoGhost server at ${serverUrl} is unreachable.`, { cause: error });
  }
  const health = v.safeParse(Health, body);
  const treasury = health.success ? health.output.treasury : undefined;
  if (treasury === undefined)
    throw new Error(`The server at ${serverUrl} takes no payments: it names no treasury.`);
  if (!decodeAddress(treasury))
    throw new Error(`The server at ${serverUrl} names a treasury that is not a Solana address.`);
  return treasury;
};
