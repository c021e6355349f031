/**
 * The page side of the Chromium message benchmark (bench/messages/messages-bench.ts): the same
 * shared/e2e code the extension runs, bundled by esbuild, with our crypto provider.
 */
import { getMlsCrypto } from '../../shared/e2e/mls-crypto.ts';
import { measureMessageRates } from './message-rates.ts';

async function runMessages(durationMs: number, chars: number) {
  return measureMessageRates(await getMlsCrypto(), durationMs, chars);
}

(globalThis as { runMessages?: typeof runMessages }).runMessages = runMessages;
