import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../tests/support/fake-clock.ts';
import { NotConnectedError, ProtocolError, RequestTimeoutError } from './client-errors.ts';
import { PendingRequests } from './pending-requests.ts';

describe('PendingRequests', () => {
  it('resolves a request with the reply carrying its id, and ignores others', async () => {
    const requests = new PendingRequests(new FakeClock());
    const a = requests.nextId();
    const b = requests.nextId();
    expect(a).not.toBe(b);
    const reply = requests.track(a, ['checked'], 1000);
    expect(requests.settle({ t: 'checked', id: b, live: [] })).toBe(false);
    expect(requests.settle({ t: 'pong', id: a })).toBe(false); // not a reply type of this request
    expect(requests.settle({ t: 'checked', id: a, live: [true] })).toBe(true);
    await expect(reply).resolves.toEqual({ t: 'checked', id: a, live: [true] });
    expect(requests.size).toBe(0);
  });

  it('rejects with a ProtocolError carrying the server code', async () => {
    const requests = new PendingRequests(new FakeClock());
    const reply = requests.track(7, ['joined'], 1000);
    requests.settle({ t: 'error', id: 7, code: 'expired', message: 'this room has expired' });
    const error = await reply.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('expired');
  });

  it('times out, and a late reply then settles nothing', async () => {
    const clock = new FakeClock();
    const requests = new PendingRequests(clock);
    const reply = requests.track('x', ['ghost'], 500);
    clock.advance(499);
    expect(requests.size).toBe(1);
    clock.advance(1);
    await expect(reply).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(
      requests.settle({ t: 'ghost', id: 'x', ghostId: 'g', issuedAt: 1, rotatesAt: 2, liveUntil: 3 }),
    ).toBe(false);
  });

  it('fails everything in flight when the connection closes, clearing the timers', async () => {
    const clock = new FakeClock();
    const requests = new PendingRequests(clock);
    const replies = [requests.track(1, ['sent'], 1000), requests.track(2, ['left'], 1000)];
    requests.failAll();
    for (const reply of replies) await expect(reply).rejects.toBeInstanceOf(NotConnectedError);
    expect(clock.pending).toBe(0);
  });
});
