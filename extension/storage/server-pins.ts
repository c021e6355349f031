/**
 * What the person confirmed for each server (DESIGN.md "Extension": the extension trusts no
 * server): the Solana chain it signs in on, kept at the first sign-in, and the treasury payments
 * go to, kept at the first payment. In `storage.local` with the server's origin, so a server that
 * later names another chain or treasury is refused loudly, until the person forgets the server's
 * pins in the options page and confirms anew.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { decodeAddress } from '../../shared/encoding.ts';
import { CHAIN_NAMES } from '../../shared/sign-in/sign-in-challenge.ts';

const PINS_KEY = 'anoghost/server-pins';

const SolanaAddress = v.pipe(
  v.string(),
  v.check((text) => decodeAddress(text) !== undefined, 'not a Solana address'),
);
const ServerPins = v.object({
  chain: v.optional(v.picklist(CHAIN_NAMES)),
  treasury: v.optional(SolanaAddress),
});
export type ServerPins = v.InferOutput<typeof ServerPins>;

/** Pins by server origin; an entry that does not parse is dropped (and so confirmed anew). */
const PinTable = v.record(v.string(), v.unknown());

async function loadTable(): Promise<Record<string, unknown>> {
  const stored = await browser.storage.local.get(PINS_KEY);
  const table = v.safeParse(PinTable, stored[PINS_KEY]);
  return table.success ? table.output : {};
}

/** What was confirmed for `origin` (nothing yet: `{}`). */
export async function loadServerPins(origin: string): Promise<ServerPins> {
  const entry = v.safeParse(ServerPins, (await loadTable())[origin]);
  return entry.success ? entry.output : {};
}

/** Keeps `pins` for `origin`, next to what was already confirmed. */
export async function pinServer(origin: string, pins: ServerPins): Promise<void> {
  const table = await loadTable();
  const entry = { ...(await loadServerPins(origin)), ...pins };
  await browser.storage.local.set({ [PINS_KEY]: { ...table, [origin]: entry } });
}

/** Forgets what was confirmed for `origin`: the next sign-in and payment confirm anew. */
export async function forgetServerPins(origin: string): Promise<void> {
  const table = await loadTable();
  delete table[origin];
  await browser.storage.local.set({ [PINS_KEY]: table });
}

/** Calls `listener` whenever any server's pins change (the options page shows them live). */
export function watchServerPins(listener: () => void): () => void {
  const onChanged = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && PINS_KEY in changes) listener();
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
