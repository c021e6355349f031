import { describe, expect, it } from 'vitest';
import { CHAIN_NAMES, findChallengeProblem } from './sign-in-challenge.ts';

describe('findChallengeProblem', () => {
  it('accepts the server’s own host, with its port exactly as the URL writes it, on a known cluster', () => {
    for (const cluster of CHAIN_NAMES)
      expect(
        findChallengeProblem({ domain: '127.0.0.1:8787', cluster }, 'http://127.0.0.1:8787'),
      ).toBeUndefined();
    expect(
      findChallengeProblem({ domain: 'chat.example.org', cluster: 'mainnet' }, 'https://chat.example.org'),
    ).toBeUndefined();
    // A URL drops its scheme's default port, and so must the domain.
    expect(
      findChallengeProblem({ domain: 'chat.example.org', cluster: 'devnet' }, 'https://chat.example.org:443'),
    ).toBeUndefined();
  });

  it('refuses every other domain and cluster, quoting what the server said', () => {
    const origin = 'http://127.0.0.1:8787';
    const cases: [{ domain: string; cluster: string }, string][] = [
      [
        { domain: 'phantom.app', cluster: 'localnet' },
        'asks to sign in to "phantom.app", which is not its own address (127.0.0.1:8787)',
      ],
      [{ domain: '127.0.0.1', cluster: 'localnet' }, 'asks to sign in to "127.0.0.1"'],
      [{ domain: '127.0.0.1:8788', cluster: 'localnet' }, 'asks to sign in to "127.0.0.1:8788"'],
      [{ domain: 'localhost:8787', cluster: 'localnet' }, 'asks to sign in to "localhost:8787"'],
      [{ domain: '', cluster: 'localnet' }, 'asks to sign in to ""'],
      [
        { domain: '127.0.0.1:8787', cluster: 'mainnet-beta' },
        'names the Solana cluster "mainnet-beta", which is none of mainnet, devnet, testnet, localnet',
      ],
      [{ domain: '127.0.0.1:8787', cluster: 'Localnet' }, 'cluster "Localnet"'],
      [{ domain: `${'a'.repeat(100)}\n`, cluster: 'localnet' }, `"${'a'.repeat(64)}…"`],
    ];
    for (const [challenge, problem] of cases)
      expect(findChallengeProblem(challenge, origin)).toContain(problem);
  });
});
