/**
 * Write batching per event-loop turn. Without it every frame sent costs one `writev` syscall, and
 * a relay sends one frame per member per message: under load that syscall was most of the server's
 * time (bench/relay). A socket written to is corked at its first write of the turn and uncorked once
 * the turn's I/O callbacks are done (`setImmediate`), so all its frames of the turn leave in one
 * `writev`. Order on each connection is unchanged; a frame waits at most until the end of the turn.
 */
import type { Duplex } from 'node:stream';

const corked = new Set<Duplex>();

function uncorkAll(): void {
  for (const socket of corked) socket.uncork();
  corked.clear();
}

/** Holds the socket's writes until the end of the current event-loop turn. */
export function batchWritesThisTurn(socket: Duplex): void {
  if (corked.has(socket)) return;
  if (corked.size === 0) setImmediate(uncorkAll);
  corked.add(socket);
  socket.cork();
}
