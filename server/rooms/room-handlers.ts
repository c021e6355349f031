/**
 * Frame handlers for rooms (PROTOCOL.md §3): join a free room, send, signal, typing, leave. They
 * validate what the schema leaves to the server (sizes of `ct` and `bundle`, answered with
 * `too_large`) and call the room core, which relays here and to other instances. The server never
 * parses `ct` or `bundle`. Paid-room joins (`join` with `key`) are delegated to `joinPaid`, which
 * opens the key and uses the same core.
 */
import { b64uDecodedLength } from '../../shared/encoding.ts';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { MAX_BUNDLE_BYTES, MAX_CT_CHARS } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { FrameHandlers, Session } from '../session/session.ts';
import type { RoomSettings } from './room.ts';
import { joinedFrame } from './room-frames.ts';
import type { RoomService } from './room-service.ts';

/** Resolves the room a paid `join` (with `key`) names, or refuses it. */
export type PaidJoin = (session: Session, frame: ClientFrameOf<'join'>) => Promise<RoomSettings>;

export interface RoomHandlerDeps {
  rooms: RoomService;
  now: () => number;
  secondMs: number;
  /** Resolves a paid room from an NFT key; absent when paid chats are not configured. */
  joinPaid?: PaidJoin;
}

/** The room frames' handlers, over one room core. */
export function createRoomHandlers(deps: RoomHandlerDeps): FrameHandlers {
  const { rooms, now } = deps;
  return {
    join: async (session, frame) => {
      if (b64uDecodedLength(frame.bundle.length) > MAX_BUNDLE_BYTES) {
        throw new ProtocolError('too_large', `bundle must be at most ${MAX_BUNDLE_BYTES} bytes`);
      }
      let settings: RoomSettings;
      if (frame.room !== undefined) {
        settings = {
          key: `free:${frame.room}`,
          handle: frame.room,
          kind: 'free',
          expiresAt: frame.ttl === undefined ? null : now() + frame.ttl * deps.secondMs,
          msgTtl: frame.msgTtl ?? null,
          name: null,
        };
      } else {
        if (!deps.joinPaid)
          throw new ProtocolError('unavailable', 'paid chats are not available on this server');
        settings = await deps.joinPaid(session, frame);
      }
      if (!session.isReady) return;
      const result = rooms.join(session, settings, frame.bundle);
      session.reply(frame, joinedFrame(frame.id, result instanceof Promise ? await result : result));
    },

    send: (session, frame) => {
      checkCtSize(frame.ct);
      const ts = rooms.relay(rooms.memberOf(session, frame.room), frame.ct);
      if (frame.id !== undefined) session.reply(frame, { t: 'sent', id: frame.id, ts });
    },

    signal: (session, frame) => {
      checkCtSize(frame.ct);
      return rooms.relaySignal(rooms.memberOf(session, frame.room), frame.to, frame.ct);
    },

    typing: (session, frame) => rooms.relayTyping(rooms.memberOf(session, frame.room)),

    leave: (session, frame) => {
      rooms.leave(rooms.memberOf(session, frame.room));
      session.reply(frame, { t: 'left', room: frame.room, id: frame.id });
    },
  };
}

function checkCtSize(ct: string): void {
  if (ct.length > MAX_CT_CHARS)
    throw new ProtocolError('too_large', `ct must be at most ${MAX_CT_CHARS} characters`);
}
