/**
 * The IPC side of a server under test, the same for all three: announces its URL, reports its
 * CPU time on request (to tell a saturated server from a saturated generator), stops on request.
 */
export interface ServedOverIpc {
  url: string;
  domain?: string;
  close(): Promise<void>;
}

export function serveOverIpc(server: ServedOverIpc): void {
  process.on('message', (message: { t: string }) => {
    if (message.t === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ t: 'cpu', us: user + system, at: performance.now() });
    } else if (message.t === 'stop') {
      void server.close().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ t: 'ready', url: server.url, domain: server.domain });
}
