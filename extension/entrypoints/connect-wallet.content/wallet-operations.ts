/**
 * Wallet Standard calls on one chosen wallet: `standard:connect`, `solana:signIn` (preferred for
 * the sign-in message) or `solana:signMessage`, and `solana:signTransaction`. Failures become
 * `WalletRequestError` with a reason the background turns into a message a person can act on.
 */
import {
  SolanaSignIn,
  type SolanaSignInFeature,
  SolanaSignMessage,
  type SolanaSignMessageFeature,
  SolanaSignTransaction,
  type SolanaSignTransactionFeature,
} from '@solana/wallet-standard-features';
import type { IdentifierString, Wallet, WalletAccount } from '@wallet-standard/base';
import { StandardConnect, type StandardConnectFeature } from '@wallet-standard/core';
import { decodeUtf8 } from '../../../shared/encoding.ts';
import { parseSignInMessage, SESSION_KEY_STATEMENT_PREFIX } from '../../../shared/sign-in/sign-in-message.ts';
import type { BridgeFailureReason } from '../../messaging/bridge-messages.ts';

export class WalletRequestError extends Error {
  override name = 'WalletRequestError';
  constructor(
    readonly reason: BridgeFailureReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A connected wallet account. */
export interface Connection {
  wallet: Wallet;
  account: WalletAccount;
}

export async function connectWallet(wallet: Wallet): Promise<Connection> {
  const feature = wallet.features[StandardConnect] as
    | StandardConnectFeature[typeof StandardConnect]
    | undefined;
  if (!feature)
    throw new WalletRequestError('unsupported', `${wallet.name} does not support standard:connect`);
  const { accounts } = await call(() => feature.connect());
  const account = accounts.find((a) => a.features.includes(SolanaSignMessage)) ?? accounts[0];
  if (!account) throw new WalletRequestError('refused', `${wallet.name} shared no account`);
  return { wallet, account };
}

/**
 * Signs the sign-in message. PROTOCOL.md §2: prefer `solana:signIn` where the wallet offers it (its
 * own sign-in screen), given exactly our fields, and use its signature only if the text it signed
 * is byte for byte ours; otherwise, and for wallets without it, fall back to `solana:signMessage`.
 */
export async function signMessage(connection: Connection, message: Uint8Array): Promise<Uint8Array> {
  const viaSignIn = await signInWith(connection, message);
  return viaSignIn ?? signPlainMessage(connection, message);
}

async function signInWith(
  { wallet, account }: Connection,
  message: Uint8Array,
): Promise<Uint8Array | undefined> {
  const feature = wallet.features[SolanaSignIn] as SolanaSignInFeature[typeof SolanaSignIn] | undefined;
  const text = decodeUtf8(message);
  const parsed = feature && text !== undefined ? parseSignInMessage(text) : undefined;
  if (!feature || !parsed?.ok || parsed.value.address !== account.address) return undefined;
  const f = parsed.value;
  const [output] = await call(() =>
    feature.signIn({
      domain: f.domain,
      address: f.address,
      statement: `${SESSION_KEY_STATEMENT_PREFIX}${f.sessionKey}`,
      uri: f.uri,
      version: '1',
      chainId: f.chainId,
      nonce: f.nonce,
      issuedAt: f.issuedAt,
      expirationTime: f.expirationTime,
    }),
  );
  const same =
    output?.account.address === account.address &&
    output.signedMessage.length === message.length &&
    output.signedMessage.every((byte, i) => byte === message[i]);
  return same ? output.signature : undefined;
}

async function signPlainMessage({ wallet, account }: Connection, message: Uint8Array): Promise<Uint8Array> {
  const feature = wallet.features[SolanaSignMessage] as
    | SolanaSignMessageFeature[typeof SolanaSignMessage]
    | undefined;
  if (!feature) throw new WalletRequestError('unsupported', `${wallet.name} cannot sign messages`);
  const [output] = await call(() => feature.signMessage({ account, message }));
  if (!output) throw new WalletRequestError('failed', 'the wallet returned no signature');
  return output.signature;
}

export async function signTransaction(
  { wallet, account }: Connection,
  transaction: Uint8Array,
  chain: string,
): Promise<Uint8Array> {
  const feature = wallet.features[SolanaSignTransaction] as
    | SolanaSignTransactionFeature[typeof SolanaSignTransaction]
    | undefined;
  if (!feature) throw new WalletRequestError('unsupported', `${wallet.name} cannot sign transactions`);
  const [output] = await call(() =>
    feature.signTransaction({ account, transaction, chain: chain as IdentifierString }),
  );
  if (!output) throw new WalletRequestError('failed', 'the wallet returned no transaction');
  return output.signedTransaction;
}

/** Wallets reject with user-rejection errors of many shapes; treat any rejection as a refusal. */
async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const refused =
      /reject|denied|declined|cancel/i.test(message) || (error as { code?: number }).code === 4001;
    throw new WalletRequestError(refused ? 'refused' : 'failed', message.slice(0, 300), { cause: error });
  }
}
