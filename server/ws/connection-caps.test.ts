import { afterEach, describe, expect, it } from 'vitest';
import { clientAddress } from '../http/client-address.ts';
import type { CapKind } from '../log/cap-warnings.ts';
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
let trusted: ReadonlySet<string> = new Set();
let hits: CapKind[] = [];
const warnings = { hit: (kind: CapKind) => hits.push(kind) };
afterEach(() => {
  caps.stop();
  trusted = new Set();
  hits = [];
});

/** An upgrade from TCP peer `peer` with `forwardedFor`, counted as the endpoint counts it. */
const admit = (peer: string, forwardedFor?: string) => caps.admit(clientAddress(peer, forwardedFor, trusted));

function admitted(admission: Admission): CappedConnection {
  if (!admission.ok) throw new Error(`refused by ${admission.kind}`);
  return admission.connection;
}

describe('ConnectionCaps', () => {
  it('counts IPv6 addresses of one /64 together and other /64s apart', () => {
    caps = new ConnectionCaps({ ...LIMITS, pendingPerAddress: 3 }, warnings);
    admitted(admit('2001:db8:1:2::1'));
    admitted(admit('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    admitted(admit('2001:db8:1:2:aaaa::7'));
    expect(admit('2001:db8:1:2:bbbb::8')).toMatchObject({
      ok: false,
      kind: 'connections per address',
      status: 429,
    });
    admitted(admit('2001:db8:1:3::1')); // the next /64
  });

  it('takes X-Forwarded-For only from trusted proxies, IPv6 entries per /64 too', () => {
    caps = new ConnectionCaps({ ...LIMITS, perAddress: 1, pendingPerAddress: 1 }, warnings);
    trusted = new Set(['10.0.0.1']);
    admitted(admit('10.0.0.1', '2001:db8:5:6::1'));
    expect(admit('10.0.0.1', '2001:db8:5:6::99').ok).toBe(false);
    admitted(admit('10.0.0.1', '198.51.100.1'));
    admitted(admit('203.0.113.1', '198.51.100.2'));
    expect(admit('203.0.113.1', '198.51.100.3').ok).toBe(false); // spoofed: counted as the peer
  });

  it('caps pending connections until they sign in, and says when to retry', () => {
    caps = new ConnectionCaps(LIMITS, warnings);
    const a = admitted(admit('198.51.100.1'));
    admitted(admit('198.51.100.1'));
    expect(admit('198.51.100.1')).toMatchObject({
      ok: false,
      kind: 'pending sign-ins per address',
      retryAfterSeconds: 10,
    });
    a.signedIn();
    a.signedIn(); // once only
    admitted(admit('198.51.100.1'));
    expect(admit('198.51.100.1')).toMatchObject({ kind: 'connections per address' });
  });

  it('gives a closed connection back exactly once, pending or not', () => {
    caps = new ConnectionCaps(LIMITS, warnings);
    const a = admitted(admit('198.51.100.1'));
    const b = admitted(admit('198.51.100.1'));
    b.signedIn();
    expect(caps.open).toBe(2);
    a.closed();
    a.closed();
    b.closed();
    expect(caps.open).toBe(0);
    for (let i = 0; i < 2; i++) admitted(admit('198.51.100.1'));
    expect(admit('198.51.100.1').ok).toBe(false); // pending 2 again, no double credit
  });

  it('answers 503 at the global cap, whatever the address', () => {
    caps = new ConnectionCaps({ ...LIMITS, webSockets: 2 }, warnings);
    const a = admitted(admit('198.51.100.1'));
    admitted(admit('198.51.100.2'));
    expect(admit('198.51.100.3')).toMatchObject({
      ok: false,
      kind: 'connections',
      status: 503,
    });
    a.closed();
    admitted(admit('198.51.100.3'));
    expect(hits).toEqual(['connections']); // every refusal is reported, by kind only
  });

  it('rates sign-ins per address on its clock: burst twice the rate, then the rate', () => {
    let now = 0;
    caps = new ConnectionCaps({ ...LIMITS, signInRate: 2, pendingPerAddress: 3 }, warnings, () => now);
    const a = admitted(admit('198.51.100.1'));
    const b = admitted(admit('198.51.100.1'));
    const other = admitted(admit('198.51.100.2'));
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
    expect(hits).toEqual(['sign-in rate per address', 'sign-in rate per address']);
  });
});
