/** The rooms this panel is in; selecting one opens it. */
import type { Room } from '../../../shared/client/index.ts';
import { roomTitle } from './use-room.ts';

export function RoomList({
  rooms,
  open,
  onOpen,
}: {
  rooms: Room[];
  open: Room | null;
  onOpen(room: Room | null): void;
}) {
  if (rooms.length === 0) return null;
  return (
    <nav aria-label="Your rooms" class="row">
      {rooms.map((room) => (
        <button
          key={room.roomId ?? room.mint}
          type="button"
          aria-current={room === open ? 'page' : undefined}
          class={room === open ? 'primary' : ''}
          onClick={() => onOpen(room)}
        >
          {roomTitle(room)}
        </button>
      ))}
      <button type="button" onClick={() => onOpen(null)} aria-label="Create or join another room">
        +
      </button>
    </nav>
  );
}
