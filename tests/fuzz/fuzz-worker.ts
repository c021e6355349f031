/**
 * One fuzzing loop: draws frames from the shared generator and sends each in its phase, holding
 * the server to the contract (PROTOCOL.md §2, §5; docs/protocol.md "Abuse closes"):
 * - before sign-in, any frame gets `unauthorized` and close 4401 (or the transport's own close:
 *   1009 too big, 1007 not UTF-8, 1002 broken framing);
 * - signed in, frames go in batches closed by a sentinel `ping`: each malformed frame must have
 *   got `bad_request` by the sentinel's `pong`, each request with an id its reply (of the type
 *   the request-replies table names, or an error), and a close must be one the batch earned
 *   (4400 after malformed frames, 4408 under the default rate, a terminal frame's own code).
 * A session the server closed is replaced by a new one with the same stored credentials.
 */
import type { RequestId } from '../../shared/protocol/fields.ts';
import type { ServerFrame } from '../../shared/protocol/server-frames.ts';
import { authFrame, type TestKey } from '../support/test-wallet.ts';
import type { FrameGenerator, FuzzFrame } from './frame-generator.ts';
import { type Close, FuzzConnection, isClose } from './fuzz-connection.ts';
import type { FuzzStats } from './fuzz-stats.ts';
import { type PreparedFrame, prepareFrame } from './prepared-frame.ts';
import type { FrameContext } from './valid-frames.ts';

const BATCH_FRAMES = 8;
const REPLY_TIMEOUT_MS = 15_000;
/** Long enough for a chain round trip on a loaded machine (quote, keys, paid join). */
const REQUEST_TIMEOUT_MS = 60_000;
const NO_MEMBER = 'AAAAAAAAAAAA';

export interface FuzzTarget {
  wsUrl: string;
  domain: string;
}

/** What the workers of one run share. */
export interface FuzzShared {
  target: FuzzTarget;
  generator: FrameGenerator;
  stats: FuzzStats;
  wallets: ReadonlySet<string>;
  /** Rooms the sessions join, several sessions to a room, so frames relay between them. */
  rooms: readonly string[];
  /** The server runs with the default frame rate: `rate_limited` and 4408 are expected. */
  defaultLimits: boolean;
  /** Frames still to draw. */
  remaining: number;
}

export interface WorkerCredentials {
  session: TestKey;
  signed: { message: string; signature: string };
}

interface Session {
  connection: FuzzConnection;
  context: FrameContext;
  badRequests: number;
  rateLimited: number;
  /** Requests awaiting their reply, by id. */
  requests: Map<RequestId, { replies: readonly string[]; at: number }>;
  /** Ids used by more than one request: which reply answers which cannot be told, so not checked. */
  ambiguous: Set<RequestId>;
}

export class FuzzWorker {
  #session: Session | undefined;
  #held: FuzzFrame | undefined;
  #sentinels = 0;

  constructor(
    private readonly shared: FuzzShared,
    private readonly credentials: WorkerCredentials,
    private readonly room: string,
  ) {}

  async run(): Promise<void> {
    for (let frame = this.#take(); frame; frame = this.#take()) {
      if (frame.phase === 'before') await this.#beforeSignIn(frame);
      else await this.#signedIn(frame);
    }
    await this.#finish();
  }

  #take(): FuzzFrame | undefined {
    const held = this.#held;
    if (held) {
      this.#held = undefined;
      return held;
    }
    if (this.shared.remaining <= 0) return undefined;
    const frame = this.shared.generator.next();
    this.shared.remaining -= frame.payload.kind === 'flood' ? frame.payload.texts.length : 1;
    return frame;
  }

  #violation(what: string, frame?: FuzzFrame): void {
    const where = frame ? ` [frame ${frame.index}, ${frame.phase}, ${frame.category}, ${frame.type}]` : '';
    this.shared.stats.violation(`${what}${where}`);
  }

  async #open(onFrame: (frame: ServerFrame) => void): Promise<FuzzConnection | undefined> {
    const { stats, wallets, target } = this.shared;
    stats.connections += 1;
    try {
      const opened = await FuzzConnection.open(target.wsUrl, {
        wallets,
        onFrame: (frame) => {
          stats.replies += 1;
          if (frame.t === 'error') stats.countError(frame.code);
          onFrame(frame);
        },
        onProblem: (problem) => this.#violation(problem),
      });
      if (opened instanceof FuzzConnection) return opened;
      stats.countRefusedUpgrade(opened.refused);
    } catch (error) {
      this.#violation(`cannot connect: ${(error as Error).message}`);
    }
    return undefined;
  }

  /** A fresh connection, the challenge, one frame: `unauthorized` + 4401, or the transport's close. */
  async #beforeSignIn(frame: FuzzFrame): Promise<void> {
    const replies: ServerFrame[] = [];
    const connection = await this.#open((f) => replies.push(f));
    if (!connection) return;
    const challenge = await connection.next((f) => f.t === 'challenge', REPLY_TIMEOUT_MS);
    if (!challenge || isClose(challenge) || challenge.t !== 'challenge') {
      this.#violation('no challenge on open');
      connection.terminate();
      return;
    }
    const prepared = prepareFrame(frame, {
      room: this.room,
      member: NO_MEMBER,
      ghostId: '',
      domain: challenge.domain,
    });
    this.shared.stats.countFrame(frame);
    connection.send(prepared.wire);
    const closed = await connection.waitClosed(REPLY_TIMEOUT_MS);
    const answers = replies.slice(1);
    if (!closed) {
      this.#violation(`before sign-in: not closed (replies: ${describe(answers)})`, frame);
      connection.terminate();
      return;
    }
    this.shared.stats.countClose('before', closed.code);
    const expected = prepared.closeCode ?? 4401;
    if (closed.code !== expected) {
      this.#violation(`before sign-in: closed ${closed.code}, expected ${expected}`, frame);
    } else if (expected === 4401 && !(answers.length === 1 && isError(answers[0], 'unauthorized'))) {
      this.#violation(`before sign-in: replies ${describe(answers)}, expected one unauthorized`, frame);
    } else if (expected !== 4401 && answers.length > 0) {
      this.#violation(`before sign-in: replies ${describe(answers)} before close ${expected}`, frame);
    }
  }

  async #signedIn(first: FuzzFrame): Promise<void> {
    let pipelined: PreparedFrame | undefined;
    if (first.phase === 'during') {
      this.#session?.connection.close();
      this.#session = undefined;
      const session = await this.#startSession(first);
      if (!session) return;
      pipelined = session.pipelined;
    }
    const session = this.#session ?? (await this.#startSession())?.session;
    if (!session) return;
    const batch: PreparedFrame[] = pipelined ? [pipelined] : [];
    // A fresh session's counts so far are the pipelined frame's own (it may be answered with the ghost).
    const marks = pipelined
      ? { badRequests: 0, rateLimited: 0 }
      : { badRequests: session.badRequests, rateLimited: session.rateLimited };
    if (!pipelined) this.#sendInBatch(session, batch, first);
    while (batch.length < BATCH_FRAMES && batch.at(-1)?.closeCode === undefined) {
      const next = this.#take();
      if (!next) break;
      if (next.phase !== 'after') {
        this.#held = next;
        break;
      }
      this.#sendInBatch(session, batch, next);
    }
    await this.#settleBatch(session, batch, marks);
  }

  #sendInBatch(session: Session, batch: PreparedFrame[], frame: FuzzFrame): void {
    const prepared = prepareFrame(frame, session.context);
    this.shared.stats.countFrame(frame);
    this.#track(session, prepared);
    session.connection.send(prepared.wire);
    batch.push(prepared);
  }

  #track(session: Session, prepared: PreparedFrame): void {
    for (const { id, replies } of prepared.requests) {
      if (session.ambiguous.has(id)) continue;
      if (session.requests.delete(id)) session.ambiguous.add(id);
      else session.requests.set(id, { replies, at: Date.now() });
    }
  }

  async #settleBatch(
    session: Session,
    batch: PreparedFrame[],
    marks: { badRequests: number; rateLimited: number },
  ): Promise<void> {
    const last = batch.at(-1);
    if (!last) return;
    const connection = session.connection;
    let outcome: ServerFrame | Close | undefined;
    if (last.closeCode !== undefined) {
      outcome = await connection.waitClosed(REPLY_TIMEOUT_MS);
    } else {
      const id = `~s${++this.#sentinels}`;
      connection.send({ kind: 'text', bytes: Buffer.from(JSON.stringify({ t: 'ping', id })) });
      outcome = await connection.next((f) => 'id' in f && f.id === id, REPLY_TIMEOUT_MS);
    }
    if (outcome === undefined) {
      this.#violation(`signed in: no answer within ${REPLY_TIMEOUT_MS} ms`, last.frame);
      this.#drop(session);
      return;
    }
    if (isClose(outcome)) {
      this.#checkClose(batch, outcome);
      return;
    }
    this.#checkStaleRequests(session);
    const malformed = batch.reduce((sum, p) => sum + p.malformed, 0);
    const answered = session.badRequests - marks.badRequests;
    // Under the default rate a refused frame gets `rate_limited` instead of being parsed.
    const rateRefused = this.shared.defaultLimits && session.rateLimited > marks.rateLimited;
    if (!rateRefused && answered < malformed) {
      const firstBad = batch.find((p) => p.malformed > 0)!;
      this.#violation(`signed in: ${malformed} malformed frames, ${answered} bad_request`, firstBad.frame);
    }
  }

  #checkClose(batch: PreparedFrame[], closed: Close): void {
    this.shared.stats.countClose('after', closed.code);
    this.#session = undefined;
    const terminal = batch.at(-1)?.closeCode;
    const earned =
      closed.code === terminal ||
      (closed.code === 4400 && batch.some((p) => p.malformed > 0)) ||
      (closed.code === 4408 && this.shared.defaultLimits);
    if (!earned) {
      const what = terminal === undefined ? 'no close' : `close ${terminal}`;
      this.#violation(
        `signed in: closed ${closed.code} (${closed.reason}), expected ${what}`,
        batch.at(-1)!.frame,
      );
    }
  }

  #checkStaleRequests(session: Session): void {
    const now = Date.now();
    for (const [id, request] of session.requests) {
      if (now - request.at > REQUEST_TIMEOUT_MS) {
        this.#violation(`request ${String(id)} unanswered for ${REQUEST_TIMEOUT_MS} ms`);
        session.requests.delete(id);
      }
    }
  }

  /** Opens and signs in with the stored credentials, then joins this worker's room. */
  async #startSession(
    pipelinedFrame?: FuzzFrame,
  ): Promise<{ session: Session; pipelined?: PreparedFrame } | undefined> {
    let session: Session | undefined;
    const connection = await this.#open((frame) => session && this.#heard(session, frame));
    if (!connection) return undefined;
    const challenge = await connection.next((f) => f.t === 'challenge', REPLY_TIMEOUT_MS);
    if (!challenge || isClose(challenge) || challenge.t !== 'challenge') {
      this.#violation('no challenge on open');
      connection.terminate();
      return undefined;
    }
    session = {
      connection,
      context: { room: this.room, member: NO_MEMBER, ghostId: '', domain: challenge.domain },
      badRequests: 0,
      rateLimited: 0,
      requests: new Map(),
      ambiguous: new Set(),
    };
    const { session: key, signed } = this.credentials;
    connection.send({
      kind: 'text',
      bytes: Buffer.from(JSON.stringify(authFrame(signed, key, challenge.nonce))),
    });
    let pipelined: PreparedFrame | undefined;
    if (pipelinedFrame) {
      pipelined = prepareFrame(pipelinedFrame, session.context);
      this.shared.stats.countFrame(pipelinedFrame);
      this.#track(session, pipelined);
      connection.send(pipelined.wire);
    }
    const ghost = await connection.next(
      (f) => f.t === 'ghost' || isError(f, 'unauthorized'),
      REPLY_TIMEOUT_MS,
    );
    if (!ghost || isClose(ghost) || ghost.t !== 'ghost') {
      // A pipelined frame above the limit closes the connection before the sign-in completes.
      if (isClose(ghost) && pipelined?.closeCode === ghost.code)
        this.shared.stats.countClose('after', ghost.code);
      else
        this.#violation(
          `sign-in failed: ${isClose(ghost) ? `close ${ghost.code}` : describe(ghost ? [ghost] : [])}`,
          pipelinedFrame,
        );
      connection.terminate();
      return undefined;
    }
    this.shared.stats.signIns += 1;
    session.context.ghostId = ghost.ghostId;
    this.#session = session;
    if (!pipelined) await this.#joinRoom(session);
    return { session, ...(pipelined ? { pipelined } : {}) };
  }

  async #joinRoom(session: Session): Promise<void> {
    const id = '~join';
    session.connection.send({
      kind: 'text',
      bytes: Buffer.from(JSON.stringify({ t: 'join', id, room: this.room })),
    });
    const joined = await session.connection.next((f) => 'id' in f && f.id === id, REPLY_TIMEOUT_MS);
    if (joined && !isClose(joined) && joined.t === 'joined') {
      session.context.member = joined.members[0] ?? NO_MEMBER;
    } else if (!joined) this.#violation('join of the fuzz room unanswered');
  }

  #heard(session: Session, frame: ServerFrame): void {
    if (frame.t === 'ghost') session.context.ghostId = frame.ghostId;
    else if (frame.t === 'member' && frame.event === 'join' && frame.room === this.room)
      session.context.member = frame.member;
    else if (frame.t === 'error') {
      if (frame.code === 'bad_request') session.badRequests += 1;
      if (frame.code === 'rate_limited') session.rateLimited += 1;
    }
    if (!('id' in frame) || frame.id === undefined) return;
    const request = session.requests.get(frame.id);
    if (!request) return;
    session.requests.delete(frame.id);
    if (frame.t !== 'error' && !request.replies.includes(frame.t)) {
      this.#violation(
        `request ${String(frame.id)} answered with ${frame.t}, expected ${request.replies.join('|')}`,
      );
    }
  }

  #drop(session: Session): void {
    session.connection.terminate();
    if (this.#session === session) this.#session = undefined;
  }

  /** At the end, a live session's requests must still be answered. */
  async #finish(): Promise<void> {
    const session = this.#session;
    if (!session) return;
    const deadline = Date.now() + REQUEST_TIMEOUT_MS;
    while (session.requests.size > 0 && !session.connection.closed && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!session.connection.closed) {
      for (const [id] of session.requests) this.#violation(`request ${String(id)} never answered`);
    }
    session.connection.close();
  }
}

function isError(frame: ServerFrame | undefined, code: string): boolean {
  return frame?.t === 'error' && frame.code === code;
}

function describe(frames: ServerFrame[]): string {
  if (frames.length === 0) return 'none';
  return frames.map((f) => (f.t === 'error' ? `error ${f.code}` : f.t)).join(', ');
}
