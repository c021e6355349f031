/**
 * The address a per-client HTTP limit counts by. Behind a load balancer every request comes from
 * the proxy, so when the peer is a configured trusted proxy (`ANOGHOST_TRUST_PROXY`) the last
 * `X-Forwarded-For` entry, the one that proxy added, is used instead. IPv6 addresses count per /64,
 * since one host usually holds a whole /64. The address is only ever a rate-limit bucket name.
 */
import { isIPv6 } from 'node:net';

export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: ReadonlySet<string>,
): string {
  let address = peer ?? 'unknown';
  if (trusted.has(address) && forwardedFor) {
    const last = forwardedFor.split(',').at(-1)?.trim();
    if (last) address = last;
  }
  return groupIPv6(address);
}

function groupIPv6(address: string): string {
  if (address.startsWith('::ffff:')) return address.slice(7); // IPv4-mapped
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups.slice(0, 4).join(':')}::/64`;
}
