/**
 * The Sign-In-With-Solana text that authorizes a session key (PROTOCOL.md §2). `buildSignInMessage`
 * writes it for the wallet to sign; `parseSignInMessage` reads it back strictly: exactly the eleven
 * lines, in order, with nothing added, or a clear reason why not.
 */
import { decodeAddress } from '../encoding.ts';
import { MAX_SIGN_IN_MESSAGE_CHARS } from '../protocol/limits.ts';

export const SESSION_KEY_STATEMENT_PREFIX = 'AnoGhost session key: ';
const HEADER_SUFFIX = ' wants you to sign in with your Solana account:';
const NONCE_PATTERN = /^[A-Za-z0-9]{8,64}$/;
const DOMAIN_PATTERN = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;
const CHAIN_ID_PATTERN = /^(?:solana:)?[a-z0-9-]{1,32}$/; // `mainnet` or `solana:mainnet` (chain-ids.ts)
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

export interface SignInFields {
  domain: string;
  /** The wallet address, base58. */
  address: string;
  /** The session public key, base58. */
  sessionKey: string;
  uri: string;
  chainId: string;
  nonce: string;
  issuedAt: string;
  expirationTime: string;
}

export interface ParsedSignIn extends SignInFields {
  /** The host (with port) of `uri`, which the server compares with its domain. */
  uriHost: string;
  walletKey: Uint8Array;
  sessionKeyBytes: Uint8Array;
  issuedAtMs: number;
  expiresAtMs: number;
}

export type SignInParseResult = { ok: true; value: ParsedSignIn } | { ok: false; reason: string };

/** Writes the sign-in text, exactly as a wallet's `solana:signIn` would for the same fields. */
export function buildSignInMessage(f: SignInFields): string {
  return [
    `${f.domain}${HEADER_SUFFIX}`,
    f.address,
    '',
    `${SESSION_KEY_STATEMENT_PREFIX}${f.sessionKey}`,
    '',
    `URI: ${f.uri}`,
    'Version: 1',
    `Chain ID: ${f.chainId}`,
    `Nonce: ${f.nonce}`,
    `Issued At: ${f.issuedAt}`,
    `Expiration Time: ${f.expirationTime}`,
  ].join('\n');
}

/** Parses the sign-in text strictly. Never throws. */
export function parseSignInMessage(message: string): SignInParseResult {
  if (message.length > MAX_SIGN_IN_MESSAGE_CHARS) return fail('message is too long');
  if (!message.isWellFormed()) return fail('message is not valid Unicode');
  const lines = message.split('\n');
  if (lines.length !== 11) return fail(`message must have 11 lines, has ${lines.length}`);
  const [header, address, blank1, statement, blank2, uriLine, version, chain, nonce, issued, expiration] =
    lines as [string, string, string, string, string, string, string, string, string, string, string];

  if (!header.endsWith(HEADER_SUFFIX)) return fail('first line is not a Solana sign-in header');
  const domain = header.slice(0, -HEADER_SUFFIX.length);
  if (!DOMAIN_PATTERN.test(domain)) return fail('domain is malformed');
  const walletKey = decodeAddress(address);
  if (!walletKey) return fail('wallet address is not a base58 public key');
  if (blank1 !== '' || blank2 !== '') return fail('statement must stand between blank lines');
  if (!statement.startsWith(SESSION_KEY_STATEMENT_PREFIX)) return fail('statement must name the session key');
  const sessionKey = statement.slice(SESSION_KEY_STATEMENT_PREFIX.length);
  const sessionKeyBytes = decodeAddress(sessionKey);
  if (!sessionKeyBytes) return fail('session key is not a base58 public key');

  const uri = field(uriLine, 'URI');
  const versionValue = field(version, 'Version');
  const chainId = field(chain, 'Chain ID');
  const nonceValue = field(nonce, 'Nonce');
  const issuedAt = field(issued, 'Issued At');
  const expirationTime = field(expiration, 'Expiration Time');
  const uriHost = uri === undefined ? undefined : httpUriHost(uri);
  if (uri === undefined || uriHost === undefined) return fail('URI line is missing or malformed');
  if (versionValue !== '1') return fail('Version must be 1');
  if (!chainId || !CHAIN_ID_PATTERN.test(chainId)) return fail('Chain ID line is missing or malformed');
  if (nonceValue === undefined || !NONCE_PATTERN.test(nonceValue))
    return fail('Nonce must be 8+ letters or digits');
  const issuedAtMs = parseIso(issuedAt);
  if (issuedAtMs === undefined) return fail('Issued At is not an ISO 8601 time');
  const expiresAtMs = parseIso(expirationTime);
  if (expiresAtMs === undefined) return fail('Expiration Time is not an ISO 8601 time');

  return {
    ok: true,
    value: {
      domain,
      address,
      sessionKey,
      uri,
      uriHost,
      chainId,
      nonce: nonceValue,
      issuedAt: issuedAt as string,
      expirationTime: expirationTime as string,
      walletKey,
      sessionKeyBytes,
      issuedAtMs,
      expiresAtMs,
    },
  };
}

function field(line: string, name: string): string | undefined {
  const prefix = `${name}: `;
  return line.startsWith(prefix) ? line.slice(prefix.length) : undefined;
}

function parseIso(value: string | undefined): number | undefined {
  if (value === undefined || !ISO_8601.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The host of an http(s) URI; `undefined` for anything else. */
function httpUriHost(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
}

function fail(reason: string): SignInParseResult {
  return { ok: false, reason };
}

/** The bytes the session key signs to prove possession for one connection (PROTOCOL.md §2). */
export function sessionProofText(nonce: string): string {
  return `anoghost/auth/v1:${nonce}`;
}
