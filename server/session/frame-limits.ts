/**
 * Per-session frame limits (PROTOCOL.md §5): the sustained rate with its burst, how long a flood
 * may go on before the connection is closed (4408), and how many malformed frames are tolerated
 * before closing (4400). Pure bookkeeping; the session does the replying and closing.
 */
import * as v from 'valibot';
import { RequestId } from '../../shared/protocol/fields.ts';
import { TokenBucket } from './token-bucket.ts';

const BAD_FRAME_BURST = 10; // malformed frames tolerated in a row before closing with 4400
const BAD_FRAME_RATE = 1; // per second
const PEEK_CHARS = 256;
const ID_PATTERN = /"id"\s*:\s*("(?:[^"\\]|\\.){0,64}"|-?\d{1,16}(?=\s*[,}]))/g;

export class FrameLimits {
  #overLimit = 0;
  readonly #rate: TokenBucket;
  readonly #badFrames: TokenBucket;

  constructor(
    readonly frameRate: number,
    now: () => number,
  ) {
    this.#rate = new TokenBucket(frameRate, frameRate * 2, now);
    this.#badFrames = new TokenBucket(BAD_FRAME_RATE, BAD_FRAME_BURST, now);
  }

  /** Whether one more frame fits the rate; a refused frame counts towards closing. */
  admit(): boolean {
    if (this.#rate.take()) {
      this.#overLimit = 0;
      return true;
    }
    this.#overLimit += 1;
    return false;
  }

  /** A flood of more refused frames in a row than the burst (twice the rate): time to close (4408). */
  get floodedOut(): boolean {
    return this.#overLimit > this.frameRate * 2;
  }

  /** Counts a malformed frame; `true` when there were too many (close with 4400). */
  tooManyBadFrames(): boolean {
    return !this.#badFrames.take();
  }
}

/**
 * The request id of a frame that is not parsed (rate-limited), read cheaply from its start: the
 * frame's own `id` (not one in a nested object), and only a valid one (a safe integer, not `1`
 * of `1.5`), since a reply carrying anything else is not a valid frame for the client.
 */
export function peekRequestId(text: string): RequestId | undefined {
  const head = text.slice(0, PEEK_CHARS);
  for (const match of head.matchAll(ID_PATTERN)) {
    if (depthAt(head, match.index) !== 1) continue;
    try {
      const value: unknown = JSON.parse(match[1]!);
      return v.is(RequestId, value) ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** How deep in objects and arrays `index` of JSON text is; -1 inside a string. */
function depthAt(text: string, index: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < index; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return inString ? -1 : depth;
}
