/** Preact hook: re-renders on every event of a room; tracks who is typing (by member id, with a name). */
import { useEffect, useState } from 'preact/hooks';
import type { Room, RoomEvents } from '../../../shared/client/index.ts';

const TYPING_SHOWN_MS = 3_000;
const EVENTS: (keyof RoomEvents)[] = [
  'message',
  'message-removed',
  'member-joined',
  'member-left',
  'members-changed',
  'join-request',
  'join-requests-changed',
  'status',
  'name',
  'rejoined',
  'closed',
  'decrypt-error',
];

interface Typist {
  name: string;
  at: number;
}

export function useRoom(room: Room): { version: number; typing: string[] } {
  const [version, setVersion] = useState(0);
  const [typing, setTyping] = useState<Map<string, Typist>>(new Map());

  useEffect(() => {
    const bump = () => setVersion((n) => n + 1);
    const offs = EVENTS.map((event) => room.on(event, bump));
    offs.push(
      room.on('typing', ({ member, name }) =>
        setTyping((old) => new Map(old).set(member, { name, at: Date.now() })),
      ),
      room.on('message', ({ from }) =>
        setTyping((old) => {
          if (!old.has(from)) return old;
          const next = new Map(old);
          next.delete(from);
          return next;
        }),
      ),
    );
    const sweep = setInterval(() => {
      setTyping((old) => {
        const fresh = [...old].filter(([, t]) => Date.now() - t.at < TYPING_SHOWN_MS);
        return fresh.length === old.size ? old : new Map(fresh);
      });
    }, 500);
    return () => {
      for (const off of offs) off();
      clearInterval(sweep);
    };
  }, [room]);

  return { version, typing: [...typing.values()].map((t) => t.name) };
}

/** What the room list and the heading call a room. */
export function roomTitle(room: Room): string {
  if (room.name) return room.name;
  if (room.kind === 'paid') return 'Private chat';
  return `Room ${(room.roomId ?? room.handle).slice(0, 6)}`;
}

/** Why a room closed, in a sentence. */
export function describeClosed(reason: string | null): string {
  switch (reason) {
    case 'expired':
      return 'This room has expired.';
    case 'room_empty':
      return 'Nobody is in this room to approve you: ask for a new link.';
    case 'removed':
      return 'You were removed from this room before you were let in.';
    default:
      return 'You are no longer in this room.';
  }
}
