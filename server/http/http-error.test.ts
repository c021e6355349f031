import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/protocol/error-codes.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import type { Logger } from '../log/logger.ts';
import { HTTP_STATUS_OF, handleHttpError } from './http-error.ts';

function appWith(thrown: Error) {
  const logged: unknown[] = [];
  const logger = { error: (fields: unknown) => logged.push(fields) } as unknown as Logger;
  const app = new Hono();
  app.get('/fail', () => {
    throw thrown;
  });
  app.onError(handleHttpError(logger));
  return { app, logged };
}

describe('HTTP errors', () => {
  it('renders a thrown ProtocolError as the WebSocket error shape with its status', async () => {
    const { app, logged } = appWith(new ProtocolError('rate_limited', 'slow down'));
    const res = await app.request('/fail');
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ t: 'error', code: 'rate_limited', message: 'slow down' });
    expect(logged).toEqual([]);
  });

  it('answers anything else 500 internal, logging the error by name only', async () => {
    const { app, logged } = appWith(new TypeError('account 9xQe… not found'));
    const res = await app.request('/fail');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      t: 'error',
      code: 'internal',
      message: 'the server could not handle this request',
    });
    expect(JSON.stringify(logged)).not.toContain('9xQe');
    expect(logged).toEqual([{ err: 'TypeError', path: '/fail' }]);
  });

  it('maps every code to an error status (PROTOCOL.md §5)', () => {
    for (const code of ERROR_CODES) expect(HTTP_STATUS_OF[code], code).toBeGreaterThanOrEqual(400);
    expect(HTTP_STATUS_OF).toMatchObject({
      bad_request: 400,
      unauthorized: 401,
      forbidden: 403,
      not_found: 404,
      too_large: 413,
      rate_limited: 429,
      internal: 500,
      unavailable: 503,
    });
  });
});
