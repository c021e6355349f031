import { describe, expect, it } from 'vitest';
import { parseClientFrame } from './parse-frame.ts';

describe('parseClientFrame', () => {
  it('parses a valid frame', () => {
    expect(parseClientFrame('{"t":"ping","id":7}')).toEqual({ ok: true, frame: { t: 'ping', id: 7 } });
  });

  const echoes: Array<[string, Record<string, unknown>]> = [
    ['a string where an array belongs', { t: 'check', id: 1, ghostIds: 'Z'.repeat(5000) }],
    [
      'a string where a quote list belongs',
      { t: 'quote', id: 1, ghostIds: 'Z'.repeat(300), name: 'n', ttl: 60 },
    ],
    ['a number where an array belongs', { t: 'check', id: 1, ghostIds: 123456789 }],
    ['a boolean id', { t: 'ping', id: true }],
    ['an object id', { t: 'ping', id: { secret: 'Z'.repeat(100) } }],
  ];
  for (const [name, frame] of echoes) {
    it(`refuses ${name} without echoing the value`, () => {
      const parsed = parseClientFrame(JSON.stringify(frame));
      expect(parsed.ok).toBe(false);
      const message = (parsed as { message: string }).message;
      expect(message).not.toContain('ZZZ');
      expect(message).not.toMatch(/received/);
      expect(message.length).toBeLessThan(100);
    });
  }

  it('names the field and what it expects', () => {
    const parsed = parseClientFrame(JSON.stringify({ t: 'check', id: 'q', ghostIds: 'nope' }));
    expect(parsed).toEqual({ ok: false, message: 'ghostIds: Invalid type: Expected Array', id: 'q' });
  });

  it('keeps the server-written messages as they are', () => {
    const parsed = parseClientFrame(JSON.stringify({ t: 'ping', id: 'x'.repeat(65) }));
    expect(parsed).toEqual({ ok: false, message: 'id must be at most 64 characters' });
  });
});
