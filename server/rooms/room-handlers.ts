/**
 * Frame handlers for rooms (PROTOCOL.md §3, version 2): join a free room, commit, group, send,
 * signal, leave. They validate what the schema leaves to the server (sizes of `ct`, and a commit's
 * shape and sizes, answered with `bad_request` or `too_large`), check membership and call the
 * room core, which orders handshakes and relays here and to other instances. The server never
 * parses `ct`, `commit` or `groupInfo`. Paid-room joins (`join` with `key`) are delegated to
 * `joinPaid`, which opens the key and uses the same core.
 */
import type { ClientFrameOf } from '../../shared/protocol/client-frames.ts';
import { MAX_CT_CHARS, MAX_SIGNAL_CT_CHARS } from '../../shared/protocol/limits.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { FrameHandlers, Session } from '../session/session.ts';
import { checkCommit } from './commit-checks.ts';
import { afterPending } from './member-order.ts';
import type { Member, RoomSettings } from './room.ts';
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

  const send = (session: Session, frame: ClientFrameOf<'send'>, member: Member) => {
    const ts = rooms.relay(member, frame.ct);
    if (frame.id !== undefined) session.reply(frame, { t: 'sent', id: frame.id, ts });
  };

  return {
    join: async (session, frame) => {
      let settings: RoomSettings;
      if (frame.room !== undefined) {
        settings = {
          key: `free:${frame.room}`,
          handle: frame.room,
          kind: 'free',
          expiresAt: frame.ttl === undefined ? null : now() + frame.ttl * deps.secondMs,
          msgTtl: frame.msgTtl ?? null,
          admission: frame.admission ?? 'open',
        };
      } else {
        if (!deps.joinPaid)
          throw new ProtocolError('unavailable', 'paid chats are not available on this server');
        settings = await deps.joinPaid(session, frame);
      }
      if (!session.isReady) return;
      const result = rooms.join(session, settings);
      session.reply(frame, joinedFrame(frame.id, result instanceof Promise ? await result : result));
    },

    // PROTOCOL.md §3's order: shape and sizes, membership, then epoch and auth in the room core.
    commit: (session, frame) => {
      const checked = checkCommit(frame);
      const member = rooms.memberOf(session, frame.room);
      const reply = (epoch: number) => session.reply(frame, { t: 'committed', id: frame.id, epoch });
      const accept = () => {
        const epoch = rooms.commit(member, checked);
        return epoch instanceof Promise ? epoch.then(reply) : reply(epoch);
      };
      return member.pending ? afterPending(member, accept) : accept();
    },

    group: async (session, frame) => {
      const { epoch, groupInfo } = await rooms.group(rooms.memberOf(session, frame.room));
      session.reply(frame, { t: 'group', id: frame.id, room: frame.room, epoch, groupInfo });
    },

    send: (session, frame) => {
      checkCtSize(frame.ct, MAX_CT_CHARS);
      const member = rooms.memberOf(session, frame.room);
      if (member.pending) return afterPending(member, () => send(session, frame, member));
      send(session, frame, member);
    },

    signal: (session, frame) => {
      checkCtSize(frame.ct, MAX_SIGNAL_CT_CHARS);
      const member = rooms.memberOf(session, frame.room);
      if (member.pending) return afterPending(member, () => rooms.relaySignal(member, frame.to, frame.ct));
      return rooms.relaySignal(member, frame.to, frame.ct);
    },

    leave: (session, frame) => {
      rooms.leave(rooms.memberOf(session, frame.room));
      session.reply(frame, { t: 'left', room: frame.room, id: frame.id });
    },
  };
}

function checkCtSize(ct: string, max: number): void {
  if (ct.length > max) throw new ProtocolError('too_large', `ct must be at most ${max} characters`);
}
