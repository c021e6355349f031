/**
 * How the load generator speaks to each server under test, all over the same `ws` client: open a
 * member connection joined to a room, the bytes of a send frame around its ct, and where the ct
 * starts in a relayed frame (found in the raw bytes, no JSON parsing on the hot path).
 *
 * - `ws`: `{"t":"join","room":…}` → `{"t":"joined"}`; then `{"t":"msg","ct":…}` relayed verbatim.
 * - `socket.io`: Engine.IO v4 / Socket.IO v5 over `/socket.io/?EIO=4&transport=websocket`:
 *   open `0{…}`, connect `40`, `420["join",room]` acked by `430[]`, events `42["msg",ct]`,
 *   ping `2` answered with `3`.
 * - `anoghost`: PROTOCOL.md §2 sign-in, §3 (version 2) `join` of a free room, `send` without an id.
 */
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { sessionSocketUrl } from '../../shared/protocol/endpoints.ts';
import { authFrame, createTestKey, signInMessage } from '../../tests/support/test-wallet.ts';

export type ServerKind = 'ws' | 'socket.io' | 'anoghost';

export interface Target {
  kind: ServerKind;
  /** http://host:port of the server under test. */
  url: string;
  /** AnoGhost's sign-in domain. */
  domain?: string;
}

/** A member connection: the `ws` client and its TCP socket (for write batching). */
export interface Member {
  ws: WebSocket;
  socket: Duplex;
}

export interface Wire {
  /** Opens one member connection and joins `room`; resolves once the server confirmed the join. */
  open(target: Target, room: string): Promise<Member>;
  /** The frame that sends a ct to `room`, split around the ct. */
  sendFrame(room: string): { before: string; after: string };
  /** Where the ct starts in a relayed message frame, or -1 for any other frame. */
  ctOffset(frame: Buffer): number;
  /** Answers a frame that is not a relayed message when the protocol needs it (pings). */
  answer(ws: WebSocket, frame: Buffer): void;
}

const OPEN_TIMEOUT_MS = 15_000;
const MSG = Buffer.from('"msg"');
const CT_KEY = Buffer.from('"ct":"');

/**
 * Client options shared by all three: no compression, no UTF-8 validation of received frames and a
 * zero mask (ws then skips XOR-ing), so the generator spends as little as possible per frame.
 */
function connect(url: string): WebSocket {
  return new WebSocket(url, {
    perMessageDeflate: false,
    skipUTF8Validation: true,
    generateMask: (mask) => mask.fill(0),
  });
}

/** Runs `step` on each text frame until it returns true (joined); rejects on close or timeout. */
function handshake(ws: WebSocket, step: (text: string) => boolean): Promise<Member> {
  return new Promise((resolve, reject) => {
    let socket: Duplex | undefined;
    ws.once('upgrade', (response) => {
      socket = response.socket;
    });
    const timer = setTimeout(() => fail(new Error('join timed out')), OPEN_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.terminate();
      reject(error);
    };
    ws.on('message', (data) => {
      try {
        if (!step(String(data))) return;
      } catch (error) {
        fail(error as Error);
        return;
      }
      clearTimeout(timer);
      ws.removeAllListeners('message');
      ws.removeAllListeners('close');
      if (socket) resolve({ ws, socket });
      else fail(new Error('no upgrade response'));
    });
    ws.on('error', (error) => fail(error));
    ws.on('close', (code) => fail(new Error(`closed with ${code} before joining`)));
  });
}

/** `{"t":"msg"` or `42["msg"`: the event name sits at byte `at`. */
function isMsgAt(frame: Buffer, at: number): boolean {
  return frame.length > at + 5 && frame.compare(MSG, 0, 5, at, at + 5) === 0;
}

const rawWs: Wire = {
  open(target, room) {
    const ws = connect(`${target.url.replace('http', 'ws')}/`);
    ws.on('open', () => ws.send(JSON.stringify({ t: 'join', room })));
    return handshake(ws, (text) => {
      if (text !== '{"t":"joined"}') throw new Error(`unexpected ${text.slice(0, 80)}`);
      return true;
    });
  },
  sendFrame: () => ({ before: '{"t":"msg","ct":"', after: '"}' }),
  ctOffset: (frame) => (isMsgAt(frame, 5) ? 17 : -1),
  answer() {},
};

const socketIo: Wire = {
  open(target, room) {
    const ws = connect(`${target.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    return handshake(ws, (text) => {
      if (text.startsWith('0{')) ws.send('40');
      else if (text.startsWith('40')) ws.send(`420${JSON.stringify(['join', room])}`);
      else if (text.startsWith('430')) return true;
      else if (text === '2') ws.send('3');
      else throw new Error(`unexpected ${text.slice(0, 80)}`);
      return false;
    });
  },
  sendFrame: () => ({ before: '42["msg","', after: '"]' }),
  ctOffset: (frame) => (isMsgAt(frame, 3) ? 10 : -1),
  answer(ws, frame) {
    if (frame.length === 1 && frame[0] === 0x32) ws.send('3'); // Engine.IO ping
  },
};

const anoghost: Wire = {
  open(target, room) {
    const wallet = createTestKey();
    const sessionKey = createTestKey();
    const signed = signInMessage(wallet, sessionKey, { domain: target.domain ?? '' });
    const ws = connect(sessionSocketUrl(target.url));
    return handshake(ws, (text) => {
      const frame = JSON.parse(text) as { t: string; nonce?: string; code?: string };
      if (frame.t === 'challenge')
        ws.send(JSON.stringify(authFrame(signed, sessionKey, String(frame.nonce))));
      else if (frame.t === 'ghost') ws.send(JSON.stringify({ t: 'join', id: 1, room }));
      else if (frame.t === 'joined') return true;
      else if (frame.t === 'error') throw new Error(`refused: ${frame.code}`);
      return false; // member events of earlier joiners
    });
  },
  sendFrame: (room) => ({ before: `{"t":"send","room":"${room}","ct":"`, after: '"}' }),
  // {"t":"msg","room":"<43>","from":"<12>","ct":"…: search past the fixed-length fields.
  ctOffset: (frame) => (isMsgAt(frame, 5) ? frame.indexOf(CT_KEY, 60) + CT_KEY.length : -1),
  answer() {},
};

export const WIRES: Record<ServerKind, Wire> = { ws: rawWs, 'socket.io': socketIo, anoghost };
