import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ClientFrame } from '../../shared/protocol/client-frames.ts';
import { MAX_FRAME_BYTES } from '../../shared/protocol/limits.ts';
import { CATEGORIES, FrameGenerator } from './frame-generator.ts';
import { prepareFrame } from './prepared-frame.ts';
import { Prng } from './prng.ts';
import { FRAME_TYPES, type FrameContext, validFrame } from './valid-frames.ts';
import { WS_VIOLATION_COUNT, wsViolation } from './ws-violations.ts';

const CONTEXT: FrameContext = {
  room: 'R'.repeat(43),
  member: 'M'.repeat(12),
  ghostId: 'G'.repeat(92),
  domain: '127.0.0.1:8787',
};

/** The bytes `count` frames of `seed` put on the wire. */
function wireOf(seed: number, count: number): string[] {
  const generator = new FrameGenerator(seed);
  return Array.from({ length: count }, () => {
    const frame = generator.next();
    const { wire } = prepareFrame(frame, CONTEXT);
    const bytes =
      'bytes' in wire ? wire.bytes : 'parts' in wire ? Buffer.concat(wire.parts) : wire.texts.join('\n');
    return `${frame.phase} ${frame.category} ${Buffer.from(bytes).toString('base64')}`;
  });
}

describe('the fuzzer’s frame generator', () => {
  it('gives the same frames for the same seed, and others for another seed', () => {
    const first = wireOf(42, 500);
    expect(wireOf(42, 500)).toEqual(first);
    const other = wireOf(43, 500);
    expect(other.filter((w, i) => w === first[i]).length).toBeLessThan(50);
  });

  it('starts from a valid frame of every client frame type', () => {
    const schemaTypes = ClientFrame.options.map((o) => o.entries.t.literal);
    expect([...FRAME_TYPES].sort()).toEqual([...schemaTypes].sort());
    const prng = new Prng(7);
    for (const type of FRAME_TYPES) {
      for (let i = 0; i < 50; i++) {
        const frame = prepareFrame(
          {
            index: 0,
            phase: 'after',
            category: 'valid',
            type,
            payload: { kind: 'text', text: JSON.stringify(validFrame(type, prng)) },
          },
          CONTEXT,
        );
        const text = String((frame.wire as { bytes: Buffer }).bytes);
        expect(v.safeParse(ClientFrame, JSON.parse(text)).success, text).toBe(true);
      }
    }
  });

  it('draws every category, phase and frame type', () => {
    const generator = new FrameGenerator(1);
    const seen = { categories: new Set<string>(), phases: new Set<string>(), types: new Set<string>() };
    for (let i = 0; i < 20_000; i++) {
      const frame = generator.next();
      seen.categories.add(frame.category);
      seen.phases.add(frame.phase);
      seen.types.add(String(frame.type));
    }
    expect([...seen.categories].sort()).toEqual([...CATEGORIES].sort());
    expect([...seen.phases].sort()).toEqual(['after', 'before', 'during']);
    expect([...seen.types].sort()).toEqual([...FRAME_TYPES].sort());
  });

  it('knows what the server must do with each frame', () => {
    const generator = new FrameGenerator(9);
    const closes = new Map<string, Set<number | undefined>>();
    for (let i = 0; i < 5000; i++) {
      const frame = generator.next();
      const prepared = prepareFrame(frame, CONTEXT);
      const set = closes.get(frame.category) ?? new Set();
      set.add(prepared.closeCode);
      closes.set(frame.category, set);
      if (frame.category === 'oversized') expect(prepared.closeCode).toBe(1009);
      if (frame.category === 'at-limit') {
        const size = 'bytes' in prepared.wire ? prepared.wire.bytes.length : 0;
        if (prepared.wire.kind !== 'fragments') expect(size).toBe(MAX_FRAME_BYTES);
        expect(prepared.closeCode).toBeUndefined();
      }
      if (frame.category === 'binary') expect(prepared.malformed).toBe(1);
      if (frame.category === 'valid' && frame.type !== 'auth') expect(prepared.malformed).toBe(0);
    }
    expect([...closes.get('invalid-utf8')!]).toContain(1007);
    expect([...closes.get('ws-violation')!].sort()).toEqual([1002, 1007, 1009]);
    expect([...closes.get('junk')!]).toEqual([undefined]);
  });

  it('has every WebSocket framing violation reachable', () => {
    const prng = new Prng(3);
    const names = new Set<string>();
    for (let i = 0; i < 2000; i++) names.add(wsViolation(prng).name);
    expect(names.size).toBe(WS_VIOLATION_COUNT);
  });
});

describe('Prng', () => {
  it('stays in range and never draws a zero weight', () => {
    const prng = new Prng(11);
    for (let i = 0; i < 10_000; i++) {
      const n = prng.int(-3, 3);
      expect(n).toBeGreaterThanOrEqual(-3);
      expect(n).toBeLessThanOrEqual(3);
      expect(prng.weighted({ a: 1, b: 0, c: 2 })).not.toBe('b');
    }
  });
});
