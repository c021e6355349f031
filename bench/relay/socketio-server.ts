/**
 * Baseline (b): the original prototype's stack, a Socket.IO room broadcast, websocket transport
 * only: `join` (acked) puts the socket in a room, `msg` goes to the room's other members.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { serveOverIpc } from './server-ipc.ts';

const http = createServer();
const io = new Server(http, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });

io.on('connection', (socket) => {
  let room = '';
  socket.on('join', (name: string, ack: () => void) => {
    room = name;
    void socket.join(name);
    ack();
  });
  socket.on('msg', (ct: string) => {
    socket.to(room).emit('msg', ct);
  });
});

http.listen(0, '127.0.0.1', () => {
  const { port } = http.address() as AddressInfo;
  serveOverIpc({
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => io.close(() => resolve())),
  });
});
