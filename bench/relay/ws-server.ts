/**
 * Baseline (a): a minimal room broadcast on raw `ws`. The first frame joins a room by name; every
 * later frame goes, as the same bytes, to the room's other members. No parsing, no envelope.
 */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { serveOverIpc } from './server-ipc.ts';

const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 65_536 });

wss.on('connection', (ws) => {
  let members: Set<WebSocket> | undefined;
  let name = '';
  ws.on('message', (data: Buffer) => {
    if (members) {
      for (const peer of members) if (peer !== ws) peer.send(data, { binary: false });
      return;
    }
    name = (JSON.parse(String(data)) as { room: string }).room;
    members = rooms.get(name) ?? new Set();
    rooms.set(name, members);
    members.add(ws);
    ws.send('{"t":"joined"}');
  });
  ws.on('close', () => {
    members?.delete(ws);
    if (members?.size === 0) rooms.delete(name);
  });
});

wss.on('listening', () => {
  const { port } = wss.address() as AddressInfo;
  serveOverIpc({
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => wss.close(() => resolve())),
  });
});
