import { describe, expect, it } from 'vitest';
import { buildSignInMessage, parseSignInMessage, type SignInFields } from './sign-in-message.ts';

const FIELDS: SignInFields = {
  domain: '127.0.0.1:8787',
  address: '4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T',
  sessionKey: 'GsbwXfJraMomNxBcjYLcG3mxkBUiyWXAB32fGbSMQRdW',
  uri: 'http://127.0.0.1:8787',
  chainId: 'localnet',
  nonce: 'a1b2c3d4e5',
  issuedAt: '2026-11-26T12:00:00.000Z',
  expirationTime: '2026-11-27T12:00:00.000Z',
};

const EXPECTED = `127.0.0.1:8787 wants you to sign in with your Solana account:
4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T

AnoGhost session key: GsbwXfJraMomNxBcjYLcG3mxkBUiyWXAB32fGbSMQRdW

URI: http://127.0.0.1:8787
Version: 1
Chain ID: localnet
Nonce: a1b2c3d4e5
Issued At: 2026-11-26T12:00:00.000Z
Expiration Time: 2026-11-27T12:00:00.000Z`;

function reason(message: string): string {
  const result = parseSignInMessage(message);
  return result.ok ? 'ok' : result.reason;
}

describe('sign-in message', () => {
  it('builds exactly the PROTOCOL.md §2 text', () => {
    expect(buildSignInMessage(FIELDS)).toBe(EXPECTED);
  });

  it('parses it back with keys and times', () => {
    const result = parseSignInMessage(EXPECTED);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject(FIELDS);
    expect(result.value.walletKey).toHaveLength(32);
    expect(result.value.sessionKeyBytes).toHaveLength(32);
    expect(result.value.issuedAtMs).toBe(Date.parse(FIELDS.issuedAt));
    expect(result.value.expiresAtMs).toBe(Date.parse(FIELDS.expirationTime));
  });

  it('accepts standard chain ids, bare or solana:-prefixed (Wallet Standard), and keeps them as written', () => {
    for (const chainId of ['mainnet', 'solana:mainnet', 'solana:devnet', 'solana:localnet', 'testnet']) {
      const result = parseSignInMessage(buildSignInMessage({ ...FIELDS, chainId }));
      expect(result.ok && result.value.chainId, chainId).toBe(chainId);
    }
  });

  it('accepts ISO times with offsets and without fractions', () => {
    const text = buildSignInMessage({ ...FIELDS, issuedAt: '2026-11-26T13:00:00+01:00' });
    expect(reason(text)).toBe('ok');
  });

  const lines = EXPECTED.split('\n');
  const swap = (i: number, j: number) => {
    const copy = [...lines];
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    return copy.join('\n');
  };
  const replace = (i: number, line: string) => lines.map((l, k) => (k === i ? line : l)).join('\n');

  const malformed: Array<[string, string, RegExp]> = [
    ['empty', '', /11 lines/],
    ['a missing line', lines.slice(0, 10).join('\n'), /11 lines/],
    ['an extra line', `${EXPECTED}\nResources: x`, /11 lines/],
    ['reordered fields', swap(7, 8), /Chain ID|Nonce/],
    ['header and address swapped', swap(0, 1), /header/],
    ['CRLF line ends', EXPECTED.replaceAll('\n', '\r\n'), /header|address|line/],
    [
      'a wrong header',
      replace(0, '127.0.0.1:8787 wants you to sign in with your Ethereum account:'),
      /header/,
    ],
    ['a bad address', replace(1, '0xdeadbeef'), /address/],
    ['a 31-byte address', replace(1, '1111111111111111111111111111111'), /address/],
    ['no statement', replace(3, 'Welcome'), /session key/],
    ['a bad session key', replace(3, 'AnoGhost session key: not-base58!'), /session key/],
    ['a non-http URI', replace(5, 'URI: javascript:alert(1)'), /URI/],
    ['version 2', replace(6, 'Version: 2'), /Version/],
    ['an uppercase chain id', replace(7, 'Chain ID: Mainnet'), /Chain ID/],
    ['another namespace', replace(7, 'Chain ID: eip155:1'), /Chain ID/],
    ['an empty solana: chain', replace(7, 'Chain ID: solana:'), /Chain ID/],
    ['a doubled prefix', replace(7, 'Chain ID: solana:solana:mainnet'), /Chain ID/],
    ['a short nonce', replace(8, 'Nonce: abc'), /Nonce/],
    ['a nonce with symbols', replace(8, 'Nonce: abc-def-ghi'), /Nonce/],
    ['a bad issued-at', replace(9, 'Issued At: yesterday'), /Issued At/],
    ['an impossible date', replace(10, 'Expiration Time: 2026-13-45T99:00:00Z'), /Expiration Time/],
    ['an oversized message', `${EXPECTED}${'x'.repeat(2000)}`, /too long/],
    ['a lone surrogate', replace(3, 'AnoGhost session key: \ud800'), /Unicode/],
    ['a domain with spaces', replace(0, 'a b wants you to sign in with your Solana account:'), /domain/],
  ];
  for (const [name, text, expected] of malformed) {
    it(`rejects ${name}`, () => {
      expect(reason(text)).toMatch(expected);
    });
  }

  it('rejects non-UTF-8 bytes decoded leniently (U+FFFD in the address)', () => {
    const bytes = new TextEncoder().encode(EXPECTED);
    const broken = Uint8Array.from([...bytes.subarray(0, 70), 0xff, 0xfe, ...bytes.subarray(72)]);
    const lenient = new TextDecoder().decode(broken);
    expect(reason(lenient)).not.toBe('ok');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(broken)).toThrow();
  });
});
