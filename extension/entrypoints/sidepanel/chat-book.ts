/**
 * The chats the panel shows (home list and conversations), beside the client's rooms: each with
 * its unread count, mute, last message time, its messages as last seen, and what rejoins it. A
 * room that closes for any reason but our leaving stays here, read-only, with its last messages
 * (closing wipes the room's own) and, where it can be entered again (a free room whose code we
 * kept, a paid room by its key), a Rejoin. A message in a room the person is not looking at (the
 * panel hidden, or another room open) counts as unread and, unless the room is muted, notifies.
 */
import type { Room, RoomMessage } from '../../../shared/client/index.ts';

export interface Chat {
  room: Room;
  unread: number;
  muted: boolean;
  /** When the last message arrived (ms), if any. */
  lastAt: number | null;
  /** An open free room's share code, kept so the room can be rejoined after it closed. */
  rejoinCode: string | null;
  /** The room's messages as last seen (still shown once the room closed). */
  messages: RoomMessage[];
  /** Our messages we unsent: a marker stays in their place. */
  unsent: { id: string; at: number }[];
  /** Why the room closed, once it has. */
  closedReason: string | null;
  /** It closed while rejoining after a dropped connection (not while the person was in it). */
  closedOffline: boolean;
}

export interface ChatBookDeps {
  /** Whether the person sees `room` right now (panel visible and that room open). */
  isWatching(room: Room): boolean;
  notify(chat: Chat, message: RoomMessage): void;
  onChange(): void;
}

/** See the module header. */
export class ChatBook {
  readonly #deps: ChatBookDeps;
  #chats: Chat[] = [];

  constructor(deps: ChatBookDeps) {
    this.#deps = deps;
  }

  list(): readonly Chat[] {
    return this.#chats;
  }

  of(room: Room): Chat | undefined {
    return this.#chats.find((chat) => chat.room === room);
  }

  /** The chat that is (still) in this free room or paid room, if any: a second join reuses it. */
  findOpen(target: { roomId?: string; mint?: string }): Chat | undefined {
    return this.#chats.find(
      (chat) =>
        chat.room.status !== 'closed' &&
        ((target.roomId !== undefined && chat.room.roomId === target.roomId) ||
          (target.mint !== undefined && chat.room.mint === target.mint)),
    );
  }

  /** Whether a closed chat can be entered again: a free room by its kept code, a paid room by its key. */
  canRejoin(chat: Chat): boolean {
    if (chat.room.status !== 'closed' || chat.closedReason === 'expired') return false;
    return chat.room.kind === 'paid' || chat.rejoinCode !== null;
  }

  /** Starts following `room`; `replacing` is the closed chat it rejoins (its place and mute stay). */
  adopt(room: Room, replacing?: Chat): Chat {
    const known = this.of(room);
    if (known) return known;
    const chat: Chat = {
      room,
      unread: 0,
      muted: replacing?.muted ?? false,
      lastAt: replacing?.lastAt ?? null,
      rejoinCode: room.shareCode() ?? null,
      messages: room.messages(),
      unsent: [],
      closedReason: null,
      closedOffline: false,
    };
    if (replacing) this.#chats = this.#chats.map((c) => (c === replacing ? chat : c));
    else this.#chats = [...this.#chats, chat];
    this.#follow(chat);
    this.#deps.onChange();
    return chat;
  }

  markRead(room: Room): void {
    const chat = this.of(room);
    if (!chat || chat.unread === 0) return;
    chat.unread = 0;
    this.#deps.onChange();
  }

  setMuted(room: Room, muted: boolean): void {
    const chat = this.of(room);
    if (!chat) return;
    chat.muted = muted;
    this.#deps.onChange();
  }

  /** Forgets a chat (we left, or dismissed a closed one). */
  remove(room: Room): void {
    this.#chats = this.#chats.filter((chat) => chat.room !== room);
    this.#deps.onChange();
  }

  unreadTotal(): number {
    return this.#chats.reduce((sum, chat) => sum + chat.unread, 0);
  }

  #follow(chat: Chat): void {
    const { room } = chat;
    const changed = () => this.#deps.onChange();
    room.on('message', (message) => {
      chat.messages = room.messages();
      chat.lastAt = message.receivedAt;
      if (!message.own && !this.#deps.isWatching(room)) {
        chat.unread++;
        if (!chat.muted) this.#deps.notify(chat, message);
      }
      changed();
    });
    room.on('message-removed', ({ message, reason }) => {
      chat.messages = room.messages();
      if (reason === 'unsent' && message.own)
        chat.unsent = [...chat.unsent, { id: message.id, at: message.receivedAt }];
      changed();
    });
    // Away: the connection dropped and the room has not been joined again since (rejoining, then joining).
    let away = false;
    room.on('status', ({ status }) => {
      chat.rejoinCode = room.shareCode() ?? chat.rejoinCode;
      if (status === 'rejoining') away = true;
      else if (status === 'joined') away = false;
      else if (status === 'closed') chat.closedOffline = away;
      changed();
    });
    room.on('name', changed);
    room.once('closed', ({ reason }) => {
      if (reason === 'left') {
        this.remove(room);
        return;
      }
      chat.closedReason = reason;
      changed();
    });
  }
}
