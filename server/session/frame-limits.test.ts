import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { RequestId } from '../../shared/protocol/fields.ts';
import { peekRequestId } from './frame-limits.ts';

describe('peekRequestId (the id of a rate-limited frame, read without parsing it)', () => {
  const readable: Array<[string, RequestId]> = [
    ['{"t":"ping","id":7}', 7],
    ['{"t":"ping","id":-7}', -7],
    ['{"id":"abc","t":"ping"}', 'abc'],
    ['{"t":"ping", "id" : 12 }', 12],
    ['{"t":"ping","id":"a\\"b"}', 'a"b'],
    ['{"t":"ping","id":9007199254740991}', 9007199254740991],
  ];
  for (const [text, id] of readable) {
    it(`reads ${text}`, () => {
      expect(peekRequestId(text)).toEqual(id);
    });
  }

  const unreadable = [
    '{"t":"ping","id":9999999999999999}', // not a safe integer: a reply carrying it is no valid frame
    '{"t":"ping","id":9007199254740993}',
    '{"t":"ping","id":1.5}', // not 1
    '{"t":"ping","id":1e3}',
    '{"t":"ping","x":{"id":5}}', // not the frame's own id
    '{"t":"ping","x":[{"id":5}]}',
    `{"t":"ping","id":"${'z'.repeat(65)}"}`,
    '{"t":"ping"}',
    'garbage',
  ];
  for (const text of unreadable) {
    it(`reads no id from ${text.slice(0, 60)}`, () => {
      expect(peekRequestId(text)).toBeUndefined();
    });
  }

  it('only ever returns a valid request id', () => {
    for (const text of [...unreadable, ...readable.map(([t]) => t)]) {
      const id = peekRequestId(text);
      if (id !== undefined) expect(v.is(RequestId, id), text).toBe(true);
    }
  });
});
