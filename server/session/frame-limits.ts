/**
 * Per-session frame limits (PROTOCOL.md §5): the sustained rate with its burst, how long a flood
 * may go on before the connection is closed (4408), and how many malformed frames are tolerated
 * before closing (4400). Pure bookkeeping; the session does the replying and closing.
 */
import type { RequestId } from '../../shared/protocol/fields.ts';
import { TokenBucket } from './token-bucket.ts';

const BAD_FRAME_BURST = 10; // malformed frames tolerated in a row before closing with 4400
const BAD_FRAME_RATE = 1; // per second
const ID_PATTERN = /"id"\s*:\s*("(?:[^"\\]|\\.){0,64}"|-?\d{1,16})/;

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

/** The request id of a frame that is not parsed (rate-limited), read cheaply from its start. */
export function peekRequestId(text: string): RequestId | undefined {
  const raw = ID_PATTERN.exec(text.slice(0, 256))?.[1];
  if (raw === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' || typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
