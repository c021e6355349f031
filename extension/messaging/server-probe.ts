/**
 * Reads the server's challenge (PROTOCOL.md §2) without signing in: the domain and cluster the
 * sign-in message must name. The wallet signs before a signed-in connection opens, so a person
 * reading the wallet's prompt never runs into the server's 10-second sign-in deadline.
 */
import { parseServerFrame } from '../../shared/client/frame-codec.ts';
import { sessionSocketUrl } from '../../shared/protocol/endpoints.ts';

export interface ServerInfo {
  domain: string;
  cluster: string;
}

/** A server that did not answer, with a message a person can act on. */
export class ServerUnreachableError extends Error {
  override name = 'ServerUnreachableError';
}

export type ProbeServer = (serverUrl: string, timeoutMs: number) => Promise<ServerInfo>;

export const probeServer: ProbeServer = (serverUrl, timeoutMs) =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(sessionSocketUrl(serverUrl));
    const fail = () => {
      clearTimeout(timer);
      socket.close();
      reject(new ServerUnreachableError(`The AnoGhost server at ${serverUrl} is unreachable.`));
    };
    const timer = setTimeout(fail, timeoutMs);
    socket.addEventListener('error', fail);
    socket.addEventListener('message', (event) => {
      const parsed = parseServerFrame(event.data);
      if (!parsed.ok || parsed.frame.t !== 'challenge') return;
      clearTimeout(timer);
      socket.close(1000);
      resolve({ domain: parsed.frame.domain, cluster: parsed.frame.cluster });
    });
  });
