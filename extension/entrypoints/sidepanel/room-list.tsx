/** The rooms this panel is in; selecting one opens it. */
import type { Room } from '../../../shared/client/index.ts';

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
          key={room.handle}
          type="button"
          aria-current={room === open ? 'page' : undefined}
          class={room === open ? 'primary' : ''}
          onClick={() => onOpen(room)}
        >
          {room.name ?? (room.kind === 'free' ? `Room ${room.handle.slice(0, 6)}` : 'Private chat')}
        </button>
      ))}
      <button type="button" onClick={() => onOpen(null)} aria-label="Create or join another room">
        +
      </button>
    </nav>
  );
}
