import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../tests/support/fake-clock.ts';
import { type RemovalReason, type RoomMessage, RoomMessages } from './room-messages.ts';

function setup() {
  const clock = new FakeClock();
  const removed: [string, RemovalReason][] = [];
  const messages = new RoomMessages({
    now: () => clock.now,
    timers: clock,
    onRemoved: (m, reason) => removed.push([m.id, reason]),
  });
  const make = (id: string, author: string, ttl: number | null): RoomMessage => ({
    id,
    from: `member-of-${author}`,
    author,
    own: false,
    body: `body of ${id}`,
    sentAt: clock.now,
    receivedAt: clock.now,
    ttl,
    expiresAt: ttl === null ? null : clock.now + ttl * 1000,
  });
  return { clock, removed, messages, make };
}

describe('RoomMessages: temporary messages', () => {
  it('removes each message at the end of its own lifetime, with an event', () => {
    const { clock, removed, messages, make } = setup();
    messages.add(make('a', 'm1', 5));
    messages.add(make('b', 'm2', 2));
    messages.add(make('c', 'm1', null));
    clock.advance(1999);
    expect(messages.list().map((m) => m.id)).toEqual(['a', 'b', 'c']);
    clock.advance(1);
    expect(removed).toEqual([['b', 'expired']]);
    clock.advance(3000);
    expect(removed).toEqual([
      ['b', 'expired'],
      ['a', 'expired'],
    ]);
    expect(messages.list().map((m) => m.id)).toEqual(['c']);
    expect(messages.get('a')).toBeUndefined();
  });

  it('re-arms for a message added with an earlier expiry than the one scheduled', () => {
    const { clock, removed, messages, make } = setup();
    messages.add(make('long', 'm1', 60));
    messages.add(make('short', 'm1', 1));
    clock.advance(1000);
    expect(removed).toEqual([['short', 'expired']]);
    expect(messages.list().map((m) => m.id)).toEqual(['long']);
  });

  it('refuses a message that is already past its lifetime, and duplicates', () => {
    const { clock, messages, make } = setup();
    const stale = { ...make('old', 'm1', 1), expiresAt: clock.now - 1 };
    expect(messages.add(stale)).toBe(false);
    expect(messages.add(make('x', 'm1', null))).toBe(true);
    expect(messages.add(make('x', 'm1', null))).toBe(false);
  });

  it('clear() forgets everything and stops the timer', () => {
    const { clock, removed, messages, make } = setup();
    messages.add(make('a', 'm1', 5));
    messages.clear();
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    expect(removed).toEqual([]);
    expect(messages.list()).toEqual([]);
  });
});

describe('RoomMessages: unsend', () => {
  it("counts only the original sender's unsend", () => {
    const { removed, messages, make } = setup();
    messages.add(make('a', 'alice', null));
    expect(messages.unsend('mallory', 'a')).toBeUndefined();
    expect(messages.get('a')).toBeDefined();
    expect(messages.unsend('alice', 'a')?.id).toBe('a');
    expect(messages.get('a')).toBeUndefined();
    expect(removed).toEqual([['a', 'unsent']]);
  });

  it('drops a message whose unsend by its sender arrived first, but not one unsent by someone else', () => {
    const { messages, make } = setup();
    messages.unsend('alice', 'early');
    messages.unsend('mallory', 'other');
    expect(messages.add(make('early', 'alice', null))).toBe(false);
    expect(messages.add(make('other', 'bob', null))).toBe(true);
  });

  it('keeps a bounded number of tombstones', () => {
    const { messages, make } = setup();
    for (let i = 0; i < 300; i++) messages.unsend('alice', `t${i}`);
    expect(messages.add(make('t0', 'alice', null))).toBe(true); // oldest tombstone evicted
    expect(messages.add(make('t299', 'alice', null))).toBe(false);
  });
});
