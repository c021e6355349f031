import { afterEach, describe, expect, it } from 'vitest';
import {
  type Admission,
  type CappedConnection,
  type ConnectionCapLimits,
  ConnectionCaps,
} from './connection-caps.ts';

const LIMITS: ConnectionCapLimits = {
  webSockets: 100,
  perAddress: 3,
  pendingPerAddress: 2,
  signInRate: 1,
  retryAfterSeconds: 10,
};

let caps: ConnectionCaps;
afterEach(() => caps.stop());

function admitted(admission: Admission): CappedConnection {
  if (!admission.ok) throw new Error(`refused by ${admission.kind}`);
  return admission.connection;
}

describe('ConnectionCaps', () => {
  it('counts IPv6 addresses of one /64 together and other /64s apart', () => {
    caps = new ConnectionCaps({ ...LIMITS, pendingPerAddress: 3 }, new Set());
    admitted(caps.admit('2001:db8:1:2::1', undefined));
    admitted(caps.admit('2001:db8:1:2:ffff:ffff:ffff:ffff', undefined));
    admitted(caps.admit('2001:db8:1:2:aaaa::7', undefined));
    expect(caps.admit('2001:db8:1:2:bbbb::8', undefined)).toMatchObject({
      ok: false,
      kind: 'connections per address',
      status: 429,
    });
    admitted(caps.admit('2001:db8:1:3::1', undefined)); // the next /64
  });

  it('takes X-Forwarded-For only from trusted proxies, IPv6 entries per /64 too', () => {
    caps = new ConnectionCaps({ ...LIMITS, perAddress: 1, pendingPerAddress: 1 }, new Set(['10.0.0.1']));
    admitted(caps.admit('10.0.0.1', '2001:db8:5:6::1'));
    expect(caps.admit('10.0.0.1', '2001:db8:5:6::99').ok).toBe(false);
    admitted(caps.admit('10.0.0.1', '198.51.100.1'));
    admitted(caps.admit('203.0.113.1', '198.51.100.2'));
    expect(caps.admit('203.0.113.1', '198.51.100.3').ok).toBe(false); // spoofed: counted as the peer
  });

  it('caps pending connections until they sign in, and says when to retry', () => {
    caps = new ConnectionCaps(LIMITS, new Set());
    const a = admitted(caps.admit('198.51.100.1', undefined));
    admitted(caps.admit('198.51.100.1', undefined));
    expect(caps.admit('198.51.100.1', undefined)).toMatchObject({
      ok: false,
      kind: 'pending sign-ins per address',
      retryAfterSeconds: 10,
    });
    a.signedIn();
    a.signedIn(); // once only
    admitted(caps.admit('198.51.100.1', undefined));
    expect(caps.admit('198.51.100.1', undefined)).toMatchObject({ kind: 'connections per address' });
  });

  it('gives a closed connection back exactly once, pending or not', () => {
    caps = new ConnectionCaps(LIMITS, new Set());
    const a = admitted(caps.admit('198.51.100.1', undefined));
    const b = admitted(caps.admit('198.51.100.1', undefined));
    b.signedIn();
    expect(caps.open).toBe(2);
    a.closed();
    a.closed();
    b.closed();
    expect(caps.open).toBe(0);
    for (let i = 0; i < 2; i++) admitted(caps.admit('198.51.100.1', undefined));
    expect(caps.admit('198.51.100.1', undefined).ok).toBe(false); // pending 2 again, no double credit
  });

  it('answers 503 at the global cap, whatever the address', () => {
    caps = new ConnectionCaps({ ...LIMITS, webSockets: 2 }, new Set());
    const a = admitted(caps.admit('198.51.100.1', undefined));
    admitted(caps.admit('198.51.100.2', undefined));
    expect(caps.admit('198.51.100.3', undefined)).toMatchObject({
      ok: false,
      kind: 'connections',
      status: 503,
    });
    a.closed();
    admitted(caps.admit('198.51.100.3', undefined));
  });

  it('rates sign-ins per address on its clock: burst twice the rate, then the rate', () => {
    let now = 0;
    caps = new ConnectionCaps({ ...LIMITS, signInRate: 2, pendingPerAddress: 3 }, new Set(), () => now);
    const a = admitted(caps.admit('198.51.100.1', undefined));
    const b = admitted(caps.admit('198.51.100.1', undefined));
    const other = admitted(caps.admit('198.51.100.2', undefined));
    expect([a.takeSignIn(), b.takeSignIn(), a.takeSignIn(), b.takeSignIn(), a.takeSignIn()]).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(other.takeSignIn()).toBe(true);
    now += 500;
    expect([a.takeSignIn(), b.takeSignIn()]).toEqual([true, false]);
  });
});
