/**
 * Frame handlers for rooms (PROTOCOL.md §3): join a free room, send, signal, typing, leave. The
 * server never parses `ct` or `bundle`; it checks their sizes and relays them. Paid-room joins
 * (`join` with `key`) are delegated to `joinPaid`, which opens the key and uses the same core.
 */
import { b64uDecodedLength } from '../../shared/encoding.ts';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { MAX_BUNDLE_BYTES, MAX_CT_CHARS } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../session/protocol-error.ts';
import type { FrameHandlers, Session } from '../session/session.ts';
import type { RoomSettings } from './room.ts';
import { frameBytes, type JoinResult, type RoomService } from './room-service.ts';

export type PaidJoin = (session: Session, frame: ClientFrameOf<'join'>) => Promise<RoomSettings>;

export interface RoomHandlerDeps {
  rooms: RoomService;
  now: () => number;
  secondMs: number;
  /** Resolves a paid room from an NFT key; absent when paid chats are not configured. */
  joinPaid?: PaidJoin;
}

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
      sendJoined(session, frame.id, rooms.join(session, settings, frame.bundle));
    },

    send: (session, frame) => {
      if (frame.ct.length > MAX_CT_CHARS)
        throw new ProtocolError('too_large', `ct must be at most ${MAX_CT_CHARS} characters`);
      const member = rooms.memberOf(session, frame.room);
      const ts = now();
      // Handle, member id and ct are validated base64url: the frame needs no escaping.
      const text = `{"t":"msg","room":"${frame.room}","from":"${member.id}","ct":"${frame.ct}","ts":${ts}}`;
      member.room.broadcast(Buffer.from(text, 'utf8'), member);
      if (frame.id !== undefined) session.send({ t: 'sent', id: frame.id, ts });
    },

    signal: (session, frame) => {
      if (frame.ct.length > MAX_CT_CHARS)
        throw new ProtocolError('too_large', `ct must be at most ${MAX_CT_CHARS} characters`);
      const member = rooms.memberOf(session, frame.room);
      const to = member.room.members.get(frame.to);
      if (!to || to === member) throw new ProtocolError('not_found', 'no such member in this room');
      to.session.send({ t: 'signal', room: frame.room, from: member.id, ct: frame.ct });
    },

    typing: (session, frame) => {
      const member = rooms.memberOf(session, frame.room);
      member.room.broadcast(frameBytes({ t: 'typing', room: frame.room, member: member.id }), member);
    },

    leave: (session, frame) => {
      rooms.leave(rooms.memberOf(session, frame.room));
      session.send(
        frame.id === undefined
          ? { t: 'left', room: frame.room }
          : { t: 'left', room: frame.room, id: frame.id },
      );
    },
  };
}

function sendJoined(session: Session, id: ClientFrameOf<'join'>['id'], { room, member }: JoinResult): void {
  const members = [...room.members.values()]
    .filter((m) => m !== member)
    .map((m) => ({ member: m.id, bundle: m.bundle }));
  const { expiresAt, msgTtl, name } = room.settings;
  const joined = { t: 'joined', room: room.handle, member: member.id, members, expiresAt, msgTtl, name };
  session.send(id === undefined ? joined : { ...joined, id });
}
