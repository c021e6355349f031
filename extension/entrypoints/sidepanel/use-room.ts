/** Preact hook: re-renders on every event of a room; tracks who is typing. */
import { useEffect, useState } from 'preact/hooks';
import type { Room, RoomEvents } from '../../../shared/client/index.ts';

const TYPING_SHOWN_MS = 3_000;
const EVENTS: (keyof RoomEvents)[] = [
  'message',
  'message-removed',
  'member-joined',
  'member-left',
  'rejoined',
  'closed',
  'decrypt-error',
];

export function useRoom(room: Room): { version: number; typing: string[]; closedReason: string | null } {
  const [version, setVersion] = useState(0);
  const [typing, setTyping] = useState<Map<string, number>>(new Map());
  const [closedReason, setClosedReason] = useState<string | null>(null);

  useEffect(() => {
    const bump = () => setVersion((n) => n + 1);
    const offs = EVENTS.map((event) => room.on(event, bump));
    offs.push(
      room.on('typing', ({ member }) => setTyping((old) => new Map(old).set(member, Date.now()))),
      room.on('message', ({ from }) =>
        setTyping((old) => {
          const next = new Map(old);
          next.delete(from);
          return next;
        }),
      ),
      room.on('closed', ({ reason }) => setClosedReason(reason)),
    );
    const sweep = setInterval(() => {
      setTyping((old) => {
        const fresh = [...old].filter(([, at]) => Date.now() - at < TYPING_SHOWN_MS);
        return fresh.length === old.size ? old : new Map(fresh);
      });
    }, 500);
    return () => {
      for (const off of offs) off();
      clearInterval(sweep);
    };
  }, [room]);

  return { version, typing: [...typing.keys()], closedReason };
}

/** A short, stable label for a member id (members are anonymous by design). */
export function memberLabel(member: string): string {
  return `Ghost ${member.slice(0, 6)}`;
}
