/** Where a server serves the session (PROTOCOL.md §1). */

export const SESSION_SOCKET_PATH = '/v1/ws';

/** The session WebSocket URL of a server origin: `http://host:port` → `ws://host:port/v1/ws`. */
export function sessionSocketUrl(serverOrigin: string): string {
  return `${serverOrigin.replace(/^http/, 'ws')}${SESSION_SOCKET_PATH}`;
}
