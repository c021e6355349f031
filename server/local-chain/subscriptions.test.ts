/**
 * The WebSocket subscription endpoint with a raw `ws` client: slot notifications, signature
 * notifications for transactions that already landed, unsubscribe, and JSON-RPC errors.
 */
import { lamports } from '@solana/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFundedSigner, startTestChain, type TestChain } from './testing/test-chain.ts';

interface Frame {
  id?: number | null;
  result?: unknown;
  error?: { code: number };
  method?: string;
  params?: { subscription: number; result: unknown };
}

let test: TestChain;
let socket: WebSocket;
const frames: Frame[] = [];

async function waitForFrame(match: (frame: Frame) => boolean): Promise<Frame> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const index = frames.findIndex(match);
    if (index >= 0) return frames.splice(index, 1)[0]!;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no matching frame');
}

function request(id: number, method: string, params: unknown[] = []): void {
  socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
}

beforeAll(async () => {
  test = await startTestChain({ slotMs: 50 });
  socket = new WebSocket(test.chain.wsUrl);
  socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
  await new Promise((resolve) => socket.once('open', resolve));
});
afterAll(async () => {
  socket.close();
  await test.chain.close();
});

describe('subscription endpoint', () => {
  it('notifies new slots until unsubscribed', async () => {
    request(1, 'slotSubscribe');
    const subscription = (await waitForFrame((frame) => frame.id === 1)).result as number;
    const notification = await waitForFrame((frame) => frame.method === 'slotNotification');
    expect(notification.params?.subscription).toBe(subscription);
    expect(notification.params?.result).toMatchObject({
      slot: expect.any(Number),
      parent: expect.any(Number),
    });
    request(2, 'slotUnsubscribe', [subscription]);
    expect((await waitForFrame((frame) => frame.id === 2)).result).toBe(true);
    request(3, 'slotUnsubscribe', [subscription]);
    expect((await waitForFrame((frame) => frame.id === 3)).result).toBe(false);
  });

  it('notifies a signature that already landed', async () => {
    const signer = await createFundedSigner(test, 1_000_000n);
    const airdrop = await test.rpc.requestAirdrop(signer.address, lamports(5n)).send();
    request(4, 'signatureSubscribe', [airdrop, { commitment: 'confirmed' }]);
    const subscription = (await waitForFrame((frame) => frame.id === 4)).result as number;
    const notification = await waitForFrame((frame) => frame.method === 'signatureNotification');
    expect(notification.params).toMatchObject({ subscription, result: { value: { err: null } } });
  });

  it('answers JSON-RPC errors and ignores notifications', async () => {
    socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'ping' }));
    request(5, 'blockSubscribe');
    expect((await waitForFrame((frame) => frame.id === 5)).error?.code).toBe(-32601);
    request(6, 'signatureSubscribe', ['not-a-signature']);
    expect((await waitForFrame((frame) => frame.id === 6)).error?.code).toBe(-32602);
    socket.send('{oops');
    expect((await waitForFrame((frame) => frame.id === null)).error?.code).toBe(-32700);
    expect(frames.filter((frame) => frame.id === undefined && frame.method === undefined)).toEqual([]);
  });
});
