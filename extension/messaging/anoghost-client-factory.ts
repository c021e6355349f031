/**
 * The protocol client is the headless library `shared/client/` (PROTOCOL.md §2–§4); this file is
 * the extension's only way to make one: the browser's WebSocket as transport and stored session
 * credentials (never a wallet: the wallet signs before any socket opens, see session-sign-in.ts).
 * Injected into the background and the side panel, so tests and other builds can swap it.
 */
import { AnoGhostClient, type SessionCredentials } from '../../shared/client/index.ts';

export interface ClientFactoryOptions {
  serverUrl: string;
  credentials: SessionCredentials;
  /**
   * The install's secret (storage/install-secret.ts), for a client that joins rooms (the side
   * panel): per-room identity keys derive from it, so fingerprints stay stable.
   */
  installSecret?: Uint8Array;
}

export type CreateAnoGhostClient = (options: ClientFactoryOptions) => AnoGhostClient;

export const createBrowserAnoGhostClient: CreateAnoGhostClient = ({
  serverUrl,
  credentials,
  installSecret,
}) =>
  new AnoGhostClient({
    serverUrl,
    credentials,
    createWebSocket: (url) => new WebSocket(url),
    ...(installSecret ? { installSecret } : {}),
  });
