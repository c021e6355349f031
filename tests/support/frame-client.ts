/**
 * A raw protocol client for tests: a real `ws` connection that queues every frame received and
 * waits for the next one matching a predicate.
 */
import WebSocket from 'ws';

export type Frame = Record<string, unknown> & { t: string };

/** An upgrade the server refused with an HTTP status (the connection caps). */
export interface RefusedUpgrade {
  status: number;
  retryAfter: string | undefined;
  body: Record<string, unknown>;
}

let requestCounter = 0;

export class FrameClient {
  readonly frames: Frame[] = [];
  readonly received: Frame[] = [];
  closed: { code: number; reason: string } | undefined;
  #waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  #closeWaiters: Array<(c: { code: number; reason: string }) => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      this.received.push(frame);
      const index = this.#waiters.findIndex((w) => w.match(frame));
      if (index >= 0) this.#waiters.splice(index, 1)[0]?.resolve(frame);
      else this.frames.push(frame);
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      for (const resolve of this.#closeWaiters.splice(0)) resolve(this.closed);
    });
    ws.on('error', () => {});
  }

  /** `options.localAddress` (e.g. `127.0.0.2`) connects from another loopback address: another client. */
  static async connect(url: string, options?: WebSocket.ClientOptions): Promise<FrameClient> {
    const ws = new WebSocket(url, options);
    const client = new FrameClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Opens a connection, or resolves with the HTTP refusal when the server answers the upgrade with one. */
  static attempt(url: string, options?: WebSocket.ClientOptions): Promise<FrameClient | RefusedUpgrade> {
    const ws = new WebSocket(url, options);
    const client = new FrameClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
      ws.once('unexpected-response', (_request, response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += String(chunk);
        });
        response.on('end', () => {
          const retryAfter = response.headers['retry-after'];
          resolve({ status: response.statusCode ?? 0, retryAfter, body: JSON.parse(text) });
        });
        response.on('error', reject);
      });
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends `frame` with a fresh `id` and waits for the reply carrying it (a result or an error). */
  request(frame: Record<string, unknown>, timeoutMs = 5000): Promise<Frame> {
    const id = `r${++requestCounter}`;
    this.send({ ...frame, id });
    return this.next((f) => f.id === id, timeoutMs);
  }

  /** The next frame (already queued or arriving) that matches; rejects after `timeoutMs`. */
  next(match: string | ((f: Frame) => boolean) = () => true, timeoutMs = 5000): Promise<Frame> {
    const predicate = typeof match === 'string' ? (f: Frame) => f.t === match : match;
    const index = this.frames.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.frames.splice(index, 1)[0] as Frame);
    return new Promise((resolve, reject) => {
      const waiter = { match: predicate, resolve };
      this.#waiters.push(waiter);
      setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) {
          this.#waiters.splice(i, 1);
          reject(new Error(`timed out waiting for ${typeof match === 'string' ? match : 'a frame'}`));
        }
      }, timeoutMs).unref();
    });
  }

  /** Resolves with the close code and reason once the server closes the connection. */
  waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      this.#closeWaiters.push(resolve);
      setTimeout(() => reject(new Error('timed out waiting for close')), timeoutMs).unref();
    });
  }

  close(): void {
    this.ws.close();
  }
}
