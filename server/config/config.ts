/**
 * Server configuration from the environment (PROTOCOL.md §1). Every variable is validated at
 * start-up; an invalid value stops the server with a message naming the variable.
 */
import { isIP } from 'node:net';
import { decodeB64u, decodeHex } from '../../shared/encoding.ts';
import { DEFAULT_FRAME_RATE } from '../../shared/protocol/limits.ts';

export const CLUSTERS = ['localnet', 'devnet', 'testnet', 'mainnet-beta'] as const;
export type Cluster = (typeof CLUSTERS)[number];

const PROFILES = {
  dev: { epochSeconds: 300, epochWindow: 12 },
  prod: { epochSeconds: 120, epochWindow: 5 },
} as const;
type Profile = keyof typeof PROFILES;

const MASTER_KEY_BYTES = 32;
const MAX_CAP = 10_000_000; // connections: far above any descriptor limit, so only a typo is refused

/**
 * Connection caps (issue #10, "Abuse by one client"), sized for this machine (2 cores, 24 GiB) and
 * for the test suite, which opens up to ~70 sockets at once from 127.0.0.1 (benchmarks raise them).
 */
export const CONNECTION_CAP_DEFAULTS = {
  /** Upper bound of open WebSockets; the descriptor limit lowers it (descriptor-limit.ts). */
  maxConnections: 50_000,
  /** Open sockets of one address (IPv6: one /64), WebSockets and HTTP alike. */
  maxConnectionsPerAddress: 256,
  /** WebSockets of one address that have not signed in yet (each lives ≤ 10 s). */
  maxPendingPerAddress: 128,
  /** Sign-ins verified per second per address, sustained (burst twice that). */
  signInRate: 50,
} as const;
const MAX_EPOCH_SECONDS = 24 * 60 * 60;
const MAX_EPOCH_WINDOW = 1000;

export interface Config {
  host: string;
  port: number;
  /** The domain sign-in messages must name; `HOST:PORT` (with the real port) when unset. */
  domain: string | undefined;
  profile: Profile;
  epochSeconds: number;
  epochWindow: number;
  dataDir: string;
  masterKey: Uint8Array | undefined;
  solanaRpcUrl: string | undefined;
  cluster: Cluster;
  treasuryKeyPath: string | undefined;
  priceLamports: bigint;
  redisUrl: string | undefined;
  /** Start even when Redis persists its data (RDB/AOF), which undoes ghostIds' forward secrecy. */
  redisAllowPersistence: boolean;
  frameRate: number;
  logLevel: string;
  /** Proxy addresses whose `X-Forwarded-For` is trusted for per-client limits. */
  trustProxy: string[];
  /** `POST /v1/dev/airdrop` on localnet (`ANOGHOST_DEV_AIRDROP=1`); off by default. */
  devAirdrop: boolean;
  /** Connection caps; see `CONNECTION_CAP_DEFAULTS`. */
  maxConnections: number;
  maxConnectionsPerAddress: number;
  maxPendingPerAddress: number;
  signInRate: number;
}

/** A configuration variable has a value the server cannot use. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

const reader = (env: Env) => (name: string) => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

/** Reads and validates the configuration; throws `ConfigError` naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const read = reader(env);
  const profile = readProfile(read('ANOGHOST_PROFILE'));
  const solanaRpcUrl = readUrl('SOLANA_RPC_URL', read('SOLANA_RPC_URL'), ['http:', 'https:']);
  const redisUrl = readUrl('ANOGHOST_REDIS_URL', read('ANOGHOST_REDIS_URL'), ['redis:', 'rediss:']);
  return {
    host: readHost('ANOGHOST_HOST', read('ANOGHOST_HOST') ?? '127.0.0.1'),
    port: readInt('ANOGHOST_PORT', read('ANOGHOST_PORT'), 8787, 0, 65535),
    domain: readDomain(read('ANOGHOST_DOMAIN')),
    profile,
    epochSeconds: readInt(
      'ANOGHOST_EPOCH_SECONDS',
      read('ANOGHOST_EPOCH_SECONDS'),
      PROFILES[profile].epochSeconds,
      1,
      MAX_EPOCH_SECONDS,
    ),
    epochWindow: readInt(
      'ANOGHOST_EPOCH_WINDOW',
      read('ANOGHOST_EPOCH_WINDOW'),
      PROFILES[profile].epochWindow,
      1,
      MAX_EPOCH_WINDOW,
    ),
    dataDir: read('ANOGHOST_DATA_DIR') ?? './.anoghost',
    masterKey: readMasterKey(read('ANOGHOST_MASTER_KEY')),
    solanaRpcUrl,
    cluster: readCluster(read('ANOGHOST_CLUSTER'), solanaRpcUrl),
    treasuryKeyPath: read('ANOGHOST_TREASURY_KEY'),
    priceLamports: readLamports(read('ANOGHOST_PRICE_LAMPORTS')),
    redisUrl,
    redisAllowPersistence: readFlag(
      'ANOGHOST_REDIS_ALLOW_PERSISTENCE',
      read('ANOGHOST_REDIS_ALLOW_PERSISTENCE'),
    ),
    frameRate: readInt('ANOGHOST_FRAME_RATE', read('ANOGHOST_FRAME_RATE'), DEFAULT_FRAME_RATE, 1, 1_000_000),
    logLevel: readLogLevel(read('ANOGHOST_LOG_LEVEL')),
    trustProxy: readAddressList('ANOGHOST_TRUST_PROXY', read('ANOGHOST_TRUST_PROXY')),
    devAirdrop: readSwitch('ANOGHOST_DEV_AIRDROP', read('ANOGHOST_DEV_AIRDROP')),
    ...readConnectionCaps(read),
  };
}

function readConnectionCaps(read: (name: string) => string | undefined) {
  const d = CONNECTION_CAP_DEFAULTS;
  const cap = (name: string, fallback: number) => readInt(name, read(name), fallback, 1, MAX_CAP);
  const perAddress = cap('ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS', d.maxConnectionsPerAddress);
  const pending = cap('ANOGHOST_MAX_PENDING_PER_ADDRESS', d.maxPendingPerAddress);
  if (pending > perAddress) {
    throw new ConfigError(
      'ANOGHOST_MAX_PENDING_PER_ADDRESS',
      `must not exceed ANOGHOST_MAX_CONNECTIONS_PER_ADDRESS (${perAddress}), got ${pending}`,
    );
  }
  return {
    maxConnections: cap('ANOGHOST_MAX_CONNECTIONS', d.maxConnections),
    maxConnectionsPerAddress: perAddress,
    maxPendingPerAddress: pending,
    signInRate: cap('ANOGHOST_SIGN_IN_RATE', d.signInRate),
  };
}

/** `npm run chain` (the local chain alone): where it listens, its data dir and log level. */
export interface ChainConfig {
  host: string;
  port: number;
  dataDir: string;
  logLevel: string;
}

export const DEFAULT_CHAIN_PORT = 8899;

/** Reads and validates `npm run chain`'s variables, with the same rules as the server's. */
export function loadChainConfig(env: Env = process.env): ChainConfig {
  const read = reader(env);
  return {
    host: readHost('ANOGHOST_CHAIN_HOST', read('ANOGHOST_CHAIN_HOST') ?? '127.0.0.1'),
    port: readInt('ANOGHOST_CHAIN_PORT', read('ANOGHOST_CHAIN_PORT'), DEFAULT_CHAIN_PORT, 0, 65535),
    dataDir: read('ANOGHOST_DATA_DIR') ?? './.anoghost',
    logLevel: readLogLevel(read('ANOGHOST_LOG_LEVEL')),
  };
}

function readProfile(value: string | undefined): Profile {
  if (value === undefined) return 'dev';
  if (value === 'dev' || value === 'prod') return value;
  throw new ConfigError('ANOGHOST_PROFILE', `must be "dev" or "prod", got "${value}"`);
}

function readInt(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function readHost(name: string, value: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(value)) throw new ConfigError(name, `is not a host name or address`);
  return value;
}

function readDomain(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9.-]+(?::\d{1,5})?$/.test(value)) {
    throw new ConfigError('ANOGHOST_DOMAIN', `must be a host name with an optional :port, got "${value}"`);
  }
  return value;
}

function readUrl(name: string, value: string | undefined, protocols: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (!URL.canParse(value)) throw new ConfigError(name, 'is not a URL');
  const url = new URL(value);
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return value;
}

function readMasterKey(value: string | undefined): Uint8Array | undefined {
  if (value === undefined) return undefined;
  const bytes = value.length === 64 ? decodeHex(value) : decodeB64u(value);
  if (bytes?.length !== MASTER_KEY_BYTES) {
    throw new ConfigError(
      'ANOGHOST_MASTER_KEY',
      'must be 32 bytes as 64 hex characters or 43 base64url characters',
    );
  }
  return bytes;
}

function readCluster(value: string | undefined, rpcUrl: string | undefined): Cluster {
  if (value !== undefined) {
    if ((CLUSTERS as readonly string[]).includes(value)) return value as Cluster;
    throw new ConfigError('ANOGHOST_CLUSTER', `must be one of ${CLUSTERS.join(', ')}, got "${value}"`);
  }
  if (rpcUrl === undefined) return 'localnet';
  const host = new URL(rpcUrl).hostname;
  if (host.includes('devnet')) return 'devnet';
  if (host.includes('testnet')) return 'testnet';
  if (host.includes('mainnet')) return 'mainnet-beta';
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return 'localnet';
  throw new ConfigError('ANOGHOST_CLUSTER', 'cannot be derived from SOLANA_RPC_URL: set it explicitly');
}

function readLamports(value: string | undefined): bigint {
  if (value === undefined) return 10_000_000n;
  if (!/^\d{1,19}$/.test(value) || BigInt(value) === 0n) {
    throw new ConfigError(
      'ANOGHOST_PRICE_LAMPORTS',
      `must be a positive whole number of lamports, got "${value}"`,
    );
  }
  return BigInt(value);
}

function readFlag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '0') return false;
  if (value === '1') return true;
  throw new ConfigError(name, `must be 1 or 0, got "${value}"`);
}

function readAddressList(name: string, value: string | undefined): string[] {
  if (value === undefined) return [];
  const list = value.split(',').map((a) => a.trim());
  const bad = list.find((a) => isIP(a) === 0);
  if (bad !== undefined)
    throw new ConfigError(name, `must be IP addresses separated by commas, got "${bad}"`);
  return list;
}

/** An on/off switch: `1` on, `0` (or unset) off; nothing else, so a typo never turns it on. */
function readSwitch(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '0') return false;
  if (value === '1') return true;
  throw new ConfigError(name, `must be 1 (on) or 0 (off), got "${value}"`);
}

function readLogLevel(value: string | undefined): string {
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (value === undefined) return 'info';
  if (!levels.includes(value))
    throw new ConfigError('ANOGHOST_LOG_LEVEL', `must be one of ${levels.join(', ')}`);
  return value;
}
