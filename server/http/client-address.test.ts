import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.ts';

const trusted = new Set(['10.0.0.1']);

describe('clientAddress', () => {
  it('uses the peer unless it is a trusted proxy', () => {
    expect(clientAddress('203.0.113.5', '198.51.100.7', trusted)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.1', '1.2.3.4, 198.51.100.7', trusted)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.1', undefined, trusted)).toBe('10.0.0.1');
    expect(clientAddress(undefined, '198.51.100.7', trusted)).toBe('unknown');
  });

  it('counts IPv6 per /64 and unmaps IPv4-mapped addresses', () => {
    expect(clientAddress('2001:db8:1:2:aaaa::1', undefined, trusted)).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8:1:2:bbbb:cccc:dddd:eeee', undefined, trusted)).toBe('2001:db8:1:2::/64');
    expect(clientAddress('::1', undefined, trusted)).toBe('0:0:0:0::/64');
    expect(clientAddress('::ffff:192.0.2.1', undefined, trusted)).toBe('192.0.2.1');
  });
});
