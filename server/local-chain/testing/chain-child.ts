/**
 * Entry of a forked local chain (forked-chain.ts): starts the chain the parent describes in
 * `ANOGHOST_TEST_CHAIN` (JSON options) and reports its URL over IPC. Stops on `stop` or SIGTERM.
 */
import { startLocalChain } from '../start-local-chain.ts';

async function main(): Promise<void> {
  const options = JSON.parse(process.env.ANOGHOST_TEST_CHAIN ?? '{}') as {
    dataDir?: string;
    snapshotIntervalMs?: number;
  };
  const chain = await startLocalChain(options);
  const stop = () => void chain.close().finally(() => process.exit(0));
  process.on('message', (message: { t?: string }) => {
    if (message.t === 'stop') stop();
  });
  process.once('SIGTERM', stop);
  process.send?.({ t: 'ready', rpcUrl: chain.rpcUrl });
}

main().catch((error: unknown) => {
  process.send?.({ t: 'failed', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
