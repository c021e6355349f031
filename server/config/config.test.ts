import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CHAIN_PORT, loadChainConfig, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      domain: undefined,
      profile: 'dev',
      epochSeconds: 300,
      epochWindow: 12,
      dataDir: './.anoghost',
      cluster: 'localnet',
      priceLamports: 10_000_000n,
      frameRate: 50,
      devAirdrop: false,
      redisAllowPersistence: false,
      maxConnections: 50_000,
      maxConnectionsPerAddress: 256,
      maxPendingPerAddress: 128,
      signInRate: 50,
    });
    expect(config.masterKey).toBeUndefined();
  });

  it('reads the connection caps', () => {
    expect(
      loadConfig({
        ANOGHOST_MAX_CONNECTIONS: '900',
        ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '20',
        ANOGHOST_MAX_PENDING_PER_ADDRESS: '20',
        ANOGHOST_SIGN_IN_RATE: '3',
      }),
    ).toMatchObject({
      maxConnections: 900,
      maxConnectionsPerAddress: 20,
      maxPendingPerAddress: 20,
      signInRate: 3,
    });
  });

  it('reads ANOGHOST_REDIS_ALLOW_PERSISTENCE as 1 or 0', () => {
    expect(loadConfig({ ANOGHOST_REDIS_ALLOW_PERSISTENCE: '1' }).redisAllowPersistence).toBe(true);
    expect(loadConfig({ ANOGHOST_REDIS_ALLOW_PERSISTENCE: '0' }).redisAllowPersistence).toBe(false);
  });

  it('takes the prod profile and lets explicit epochs override it', () => {
    expect(loadConfig({ ANOGHOST_PROFILE: 'prod' })).toMatchObject({ epochSeconds: 120, epochWindow: 5 });
    expect(loadConfig({ ANOGHOST_PROFILE: 'prod', ANOGHOST_EPOCH_SECONDS: '1' })).toMatchObject({
      epochSeconds: 1,
      epochWindow: 5,
    });
  });

  it('reads a master key in hex or base64url', () => {
    expect(loadConfig({ ANOGHOST_MASTER_KEY: 'ab'.repeat(32) }).masterKey).toHaveLength(32);
    expect(loadConfig({ ANOGHOST_MASTER_KEY: 'A'.repeat(43) }).masterKey).toHaveLength(32);
  });

  it('derives the cluster from the RPC URL', () => {
    expect(loadConfig({ SOLANA_RPC_URL: 'https://api.devnet.solana.com' }).cluster).toBe('devnet');
    expect(loadConfig({ SOLANA_RPC_URL: 'https://api.mainnet-beta.solana.com' }).cluster).toBe(
      'mainnet-beta',
    );
  });

  it('turns the dev airdrop on only with ANOGHOST_DEV_AIRDROP=1', () => {
    expect(loadConfig({ ANOGHOST_DEV_AIRDROP: '1' }).devAirdrop).toBe(true);
    expect(loadConfig({ ANOGHOST_DEV_AIRDROP: '0' }).devAirdrop).toBe(false);
  });

  const invalid: Array<[string, Record<string, string>]> = [
    ['ANOGHOST_DEV_AIRDROP', { ANOGHOST_DEV_AIRDROP: 'yes' }],
    ['ANOGHOST_DEV_AIRDROP', { ANOGHOST_DEV_AIRDROP: 'true' }],
    ['ANOGHOST_PORT', { ANOGHOST_PORT: 'eighty' }],
    ['ANOGHOST_PORT', { ANOGHOST_PORT: '70000' }],
    ['ANOGHOST_PORT', { ANOGHOST_PORT: '-1' }],
    ['ANOGHOST_PROFILE', { ANOGHOST_PROFILE: 'staging' }],
    ['ANOGHOST_EPOCH_SECONDS', { ANOGHOST_EPOCH_SECONDS: '0' }],
    ['ANOGHOST_EPOCH_SECONDS', { ANOGHOST_EPOCH_SECONDS: '1.5' }],
    ['ANOGHOST_EPOCH_WINDOW', { ANOGHOST_EPOCH_WINDOW: '0' }],
    ['ANOGHOST_MASTER_KEY', { ANOGHOST_MASTER_KEY: 'short' }],
    ['ANOGHOST_MASTER_KEY', { ANOGHOST_MASTER_KEY: 'zz'.repeat(32) }],
    ['SOLANA_RPC_URL', { SOLANA_RPC_URL: 'not a url' }],
    ['SOLANA_RPC_URL', { SOLANA_RPC_URL: 'ftp://example.com' }],
    ['ANOGHOST_CLUSTER', { ANOGHOST_CLUSTER: 'moonnet' }],
    ['ANOGHOST_CLUSTER', { SOLANA_RPC_URL: 'https://rpc.example.com' }],
    ['ANOGHOST_PRICE_LAMPORTS', { ANOGHOST_PRICE_LAMPORTS: '0' }],
    ['ANOGHOST_PRICE_LAMPORTS', { ANOGHOST_PRICE_LAMPORTS: '1e9' }],
    ['ANOGHOST_REDIS_URL', { ANOGHOST_REDIS_URL: 'http://localhost:6379' }],
    ['ANOGHOST_REDIS_ALLOW_PERSISTENCE', { ANOGHOST_REDIS_ALLOW_PERSISTENCE: 'yes' }],
    ['ANOGHOST_FRAME_RATE', { ANOGHOST_FRAME_RATE: '0' }],
    ['ANOGHOST_DOMAIN', { ANOGHOST_DOMAIN: 'https://example.com/' }],
    ['ANOGHOST_HOST', { ANOGHOST_HOST: 'local host' }],
    ['ANOGHOST_LOG_LEVEL', { ANOGHOST_LOG_LEVEL: 'loud' }],
    ['ANOGHOST_TRUST_PROXY', { ANOGHOST_TRUST_PROXY: '10.0.0.1, proxy.local' }],
    ['ANOGHOST_MAX_CONNECTIONS', { ANOGHOST_MAX_CONNECTIONS: '0' }],
    ['ANOGHOST_MAX_CONNECTIONS', { ANOGHOST_MAX_CONNECTIONS: 'lots' }],
    ['ANOGHOST_MAX_CONNECTIONS', { ANOGHOST_MAX_CONNECTIONS: '10000001' }],
    ['ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS', { ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '0' }],
    ['ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS', { ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS: '2.5' }],
    ['ANOGHOST_MAX_PENDING_PER_ADDRESS', { ANOGHOST_MAX_PENDING_PER_ADDRESS: '-3' }],
    ['ANOGHOST_MAX_PENDING_PER_ADDRESS', { ANOGHOST_MAX_PENDING_PER_ADDRESS: '300' }], // > per address
    ['ANOGHOST_SIGN_IN_RATE', { ANOGHOST_SIGN_IN_RATE: '0' }],
    ['ANOGHOST_SIGN_IN_RATE', { ANOGHOST_SIGN_IN_RATE: 'fast' }],
  ];
  for (const [variable, env] of invalid) {
    it(`names ${variable} when it is ${JSON.stringify(Object.values(env)[0])}`, () => {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).toMatch(new RegExp(`^${variable}: `));
    });
  }
});

describe('loadChainConfig (npm run chain)', () => {
  it('uses the documented defaults', () => {
    expect(loadChainConfig({})).toEqual({
      host: '127.0.0.1',
      port: DEFAULT_CHAIN_PORT,
      dataDir: './.anoghost',
      logLevel: 'info',
    });
  });

  const invalid: Array<[string, Record<string, string>]> = [
    ['ANOGHOST_CHAIN_PORT', { ANOGHOST_CHAIN_PORT: '8899x' }],
    ['ANOGHOST_CHAIN_PORT', { ANOGHOST_CHAIN_PORT: '70000' }],
    ['ANOGHOST_CHAIN_HOST', { ANOGHOST_CHAIN_HOST: 'local host' }],
    ['ANOGHOST_LOG_LEVEL', { ANOGHOST_LOG_LEVEL: 'loud' }],
  ];
  for (const [variable, env] of invalid) {
    it(`names ${variable} when it is ${JSON.stringify(Object.values(env)[0])}`, () => {
      expect(() => loadChainConfig(env)).toThrow(new RegExp(`^${variable}: `));
    });
  }
});
