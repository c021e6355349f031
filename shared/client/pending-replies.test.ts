import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../tests/support/fake-clock.ts';
import { PendingReplies } from './pending-replies.ts';

class TimeoutError extends Error {}
const wait = { timeoutMs: 1000, timeoutError: () => new TimeoutError('too late') };

describe('PendingReplies', () => {
  it('answers the request with its id, once', async () => {
    const replies = new PendingReplies<string>(new FakeClock());
    const a = replies.wait('a', wait);
    expect(replies.resolve('b', 'not for a')).toBe(false);
    expect(replies.resolve('a', 'yes')).toBe(true);
    expect(replies.resolve('a', 'again')).toBe(false);
    await expect(a).resolves.toBe('yes');
    expect(replies.size).toBe(0);
  });

  it('leaves a request waiting for a value it does not accept', async () => {
    const replies = new PendingReplies<number>(new FakeClock());
    const even = replies.wait('x', { ...wait, accepts: (n) => n % 2 === 0 });
    expect(replies.resolve('x', 3)).toBe(false);
    expect(replies.size).toBe(1);
    expect(replies.resolve('x', 4)).toBe(true);
    await expect(even).resolves.toBe(4);
  });

  it('fails one request with the caller’s error, whatever it accepts', async () => {
    const replies = new PendingReplies<number>(new FakeClock());
    const reply = replies.wait('x', { ...wait, accepts: () => false });
    const refused = new Error('refused');
    expect(replies.reject('x', refused)).toBe(true);
    expect(replies.reject('x', refused)).toBe(false);
    await expect(reply).rejects.toBe(refused);
  });

  it('times out with the request’s own error, and a late reply then settles nothing', async () => {
    const clock = new FakeClock();
    const replies = new PendingReplies<string>(clock);
    const reply = replies.wait('x', { timeoutMs: 500, timeoutError: wait.timeoutError });
    clock.advance(499);
    expect(replies.size).toBe(1);
    clock.advance(1);
    await expect(reply).rejects.toThrow(new TimeoutError('too late'));
    expect(replies.resolve('x', 'late')).toBe(false);
  });

  it('fails everything in flight at once, clearing the timers', async () => {
    const clock = new FakeClock();
    const replies = new PendingReplies<string, number>(clock);
    const waiting = [replies.wait(1, wait), replies.wait(2, wait)];
    const closed = new Error('closed');
    replies.rejectAll(closed);
    for (const reply of waiting) await expect(reply).rejects.toBe(closed);
    expect(clock.pending).toBe(0);
    expect(replies.size).toBe(0);
  });
});
