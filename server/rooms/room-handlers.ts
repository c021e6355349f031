/**
 * Frame handlers for rooms (PROTOCOL.md §3): join a free room, send, signal, typing, leave. The
 * server never parses `ct` or `bundle`; it checks their sizes and relays them. Paid-room joins
 * (`join` with `key`) are delegated to `joinPaid`, which opens the key and uses the same core.
 */
import { b64uDecodedLength } from '../../shared/encoding.ts';
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { MAX_BUNDLE_BYTES, MAX_CT_CHARS } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { FrameHandlers, Session } from '../session/session.ts';
import { msgFrameBytes, type RoomSettings } from './room.ts';
import type { RoomCluster } from './room-cluster.ts';
import { frameBytes, type JoinResult, type RoomService } from './room-service.ts';
import { roomsUnavailable } from './shared-rooms.ts';

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
      const result = rooms.join(session, settings, frame.bundle);
      sendJoined(session, frame.id, result instanceof Promise ? await result : result);
    },

    send: (session, frame) => {
      checkCtSize(frame.ct);
      const member = rooms.memberOf(session, frame.room);
      const shared = member.room.clusterName;
      if (shared !== undefined) requireStore(rooms);
      const ts = now();
      member.room.broadcast(msgFrameBytes(frame.room, member.id, frame.ct, ts), member);
      if (shared !== undefined) rooms.cluster?.publishMessage(shared, member.id, frame.ct, ts);
      if (frame.id !== undefined) session.send({ t: 'sent', id: frame.id, ts });
    },

    signal: (session, frame) => {
      checkCtSize(frame.ct);
      const member = rooms.memberOf(session, frame.room);
      const to = member.room.members.get(frame.to);
      const shared = member.room.clusterName;
      if (!to && shared !== undefined && frame.to !== member.id) {
        // Published in order with this session's sends; not_found follows if nobody has `to`.
        return requireStore(rooms)
          .signal(shared, member.id, frame.to, frame.ct)
          .then(
            (delivered) => {
              if (!delivered) throw new ProtocolError('not_found', 'no such member in this room');
            },
            (error: unknown) => {
              throw roomsUnavailable(error);
            },
          );
      }
      if (!to || to === member) throw new ProtocolError('not_found', 'no such member in this room');
      to.session.send({ t: 'signal', room: frame.room, from: member.id, ct: frame.ct });
    },

    typing: (session, frame) => {
      const member = rooms.memberOf(session, frame.room);
      const shared = member.room.clusterName;
      if (shared !== undefined) requireStore(rooms).publishTyping(shared, member.id);
      member.room.broadcast(frameBytes({ t: 'typing', room: frame.room, member: member.id }), member);
    },

    leave: (session, frame) => {
      rooms.leave(rooms.memberOf(session, frame.room));
      session.send({ t: 'left', room: frame.room, id: frame.id });
    },
  };
}

/** The shared store, refusing with `unavailable` while Redis is unreachable. */
function requireStore(rooms: RoomService): RoomCluster {
  const cluster = rooms.cluster;
  if (!cluster?.available) throw roomsUnavailable();
  return cluster;
}

function sendJoined(
  session: Session,
  id: ClientFrameOf<'join'>['id'],
  { room, member, others }: JoinResult,
): void {
  const members =
    others ??
    [...room.members.values()].filter((m) => m !== member).map((m) => ({ member: m.id, bundle: m.bundle }));
  const { expiresAt, msgTtl, name } = room.settings;
  session.send({ t: 'joined', room: room.handle, member: member.id, members, expiresAt, msgTtl, name, id });
}

function checkCtSize(ct: string): void {
  if (ct.length > MAX_CT_CHARS)
    throw new ProtocolError('too_large', `ct must be at most ${MAX_CT_CHARS} characters`);
}
