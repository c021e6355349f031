/** The chat book against stand-in rooms: unread and notify, mute, closed rooms kept, rejoin, one entry per room. */
import { describe, expect, it, vi } from 'vitest';
import { TypedEmitter } from '../../../shared/client/event-emitter.ts';
import type { Room, RoomEvents, RoomMessage } from '../../../shared/client/index.ts';
import { ChatBook } from './chat-book.ts';

class FakeRoom extends TypedEmitter<RoomEvents> {
  kind: 'free' | 'paid' = 'free';
  roomId: string | undefined = 'room-1';
  mint: string | undefined;
  status = 'joined';
  list: RoomMessage[] = [];
  shareCode = () => (this.status === 'closed' ? undefined : 'ag1qcode');
  messages = () => [...this.list];
  receive(body: string, own = false) {
    const message = {
      id: body,
      from: 'm',
      author: 'fp',
      own,
      body,
      sentAt: 1,
      receivedAt: 2,
      ttl: null,
      expiresAt: null,
    };
    this.list.push(message);
    this.emit('message', message);
  }
  close(reason: string) {
    const before = this.status;
    this.list = [];
    this.status = 'closed';
    this.emit('status', { status: 'closed' });
    this.emit('closed', { reason } as RoomEvents['closed']);
    return before;
  }
}

function book(watching = false) {
  const notify = vi.fn();
  const chats = new ChatBook({ isWatching: () => watching, notify, onChange: () => {} });
  return { chats, notify };
}

describe('chat book', () => {
  it('counts a message in a room not watched as unread and notifies, not our own', () => {
    const { chats, notify } = book();
    const room = new FakeRoom();
    const chat = chats.adopt(room as unknown as Room);
    room.receive('hello');
    room.receive('mine', true);
    expect(chat.unread).toBe(1);
    expect(notify).toHaveBeenCalledTimes(1);
    expect(chats.unreadTotal()).toBe(1);
    chats.markRead(room as unknown as Room);
    expect(chats.unreadTotal()).toBe(0);
  });

  it('a watched room stays read; a muted one counts but does not notify', () => {
    const watched = book(true);
    const room = new FakeRoom();
    watched.chats.adopt(room as unknown as Room);
    room.receive('seen');
    expect(watched.chats.unreadTotal()).toBe(0);

    const muted = book();
    const other = new FakeRoom();
    muted.chats.adopt(other as unknown as Room);
    muted.chats.setMuted(other as unknown as Room, true);
    other.receive('quiet');
    expect(muted.chats.unreadTotal()).toBe(1);
    expect(muted.notify).not.toHaveBeenCalled();
  });

  it('keeps a room that closed while rejoining, with its messages, and rejoins it in place', () => {
    const { chats } = book();
    const room = new FakeRoom();
    const chat = chats.adopt(room as unknown as Room);
    room.receive('kept');
    room.status = 'rejoining';
    room.emit('status', { status: 'rejoining' });
    room.status = 'joining';
    room.emit('status', { status: 'joining' });
    room.close('resync_failed');
    expect(chats.list()).toHaveLength(1);
    expect(chat.messages.map((m) => m.body)).toEqual(['kept']);
    expect(chat.closedOffline).toBe(true);
    expect(chat.rejoinCode).toBe('ag1qcode');
    expect(chats.canRejoin(chat)).toBe(true);
    expect(chats.findOpen({ roomId: 'room-1' })).toBeUndefined();

    const again = new FakeRoom();
    const fresh = chats.adopt(again as unknown as Room, chat);
    expect(chats.list()).toEqual([fresh]);
    expect(chats.findOpen({ roomId: 'room-1' })).toBe(fresh);
  });

  it('forgets a room we left; an expired one cannot be rejoined', () => {
    const { chats } = book();
    const left = new FakeRoom();
    chats.adopt(left as unknown as Room);
    left.close('left');
    expect(chats.list()).toEqual([]);
    const expired = new FakeRoom();
    const chat = chats.adopt(expired as unknown as Room);
    expired.close('expired');
    expect(chats.canRejoin(chat)).toBe(false);
  });

  it('adopting the same room twice keeps one entry', () => {
    const { chats } = book();
    const room = new FakeRoom();
    expect(chats.adopt(room as unknown as Room)).toBe(chats.adopt(room as unknown as Room));
    expect(chats.list()).toHaveLength(1);
  });
});
