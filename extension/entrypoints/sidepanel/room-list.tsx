/** The rooms this panel is in; selecting one opens it. */
import type { ChatRoom } from '../../client/chat-client.ts';

export function RoomList({
  rooms,
  open,
  onOpen,
}: {
  rooms: ChatRoom[];
  open: ChatRoom | null;
  onOpen(room: ChatRoom | null): void;
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
