/**
 * Answers the background's wallet requests on the /connect page: discovers Solana wallets with
 * Wallet Standard (`getWallets()`), lets the person pick one, then performs each request on it.
 * Talks only to the isolated-world relay, through validated `window.postMessage` envelopes.
 *
 * It touches the page only inside the server's `#anoghost-connect` placeholder (a page without one
 * is not ours and is left alone), and only once the background sent a request: a /connect page the
 * background did not open and adopt stays as it was.
 */
import { SolanaSignMessage } from '@solana/wallet-standard-features';
import { getWallets } from '@wallet-standard/app';
import type { Wallet } from '@wallet-standard/base';
import * as v from 'valibot';
import { decodeB64u, encodeB64u } from '../../../shared/encoding.ts';
import { formatSol } from '../../../shared/solana/lamports.ts';
import {
  BRIDGE_SOURCE,
  type BridgeRequest,
  type BridgeResult,
  WorldEnvelope,
} from '../../messaging/bridge-messages.ts';
import { CONNECT_PAGE_ROOT_ID } from '../../messaging/server-pages.ts';
import { purposeOf } from './connect-purpose.ts';
import {
  type Connection,
  connectWallet,
  signMessage,
  signTransaction,
  WalletRequestError,
} from './wallet-operations.ts';
import { createWalletPicker, type WalletPicker } from './wallet-picker.ts';

export function startWalletBridge(): void {
  const root = document.getElementById(CONNECT_PAGE_ROOT_ID);
  if (!root) return;
  const { get, on } = getWallets();
  const solanaWallets = () => get().filter((w) => w.features[SolanaSignMessage] !== undefined);
  let shown: WalletPicker | undefined;
  let cancelCurrent: ((error: Error) => void) | undefined;
  const picker = () => {
    if (!shown) {
      shown = createWalletPicker(root);
      shown.onCancel(() => cancelCurrent?.(new WalletRequestError('cancelled', 'cancelled on this page')));
    }
    return shown;
  };
  /** `perform(request)`, unless the person presses Cancel first. */
  const performUnlessCancelled = (request: BridgeRequest): Promise<string> => {
    const cancelled = new Promise<never>((_, reject) => {
      cancelCurrent = reject;
    });
    return Promise.race([perform(request), cancelled]);
  };
  let connection: Connection | undefined;

  /** Lets the person pick a wallet and connects it (once per page). */
  const ensureConnection = async (): Promise<Connection> => {
    if (connection) return connection;
    const wallet: Wallet = await picker().pick(solanaWallets, (listener) => {
      on('register', listener);
      on('unregister', listener);
    });
    picker().showStatus(`Connecting to ${wallet.name}…`);
    connection = await connectWallet(wallet);
    return connection;
  };

  const perform = async (request: BridgeRequest): Promise<string> => {
    picker().showPurpose(purposeOf(request));
    if (request.op === 'connect') {
      const { wallet, account } = await ensureConnection();
      picker().showStatus(`Connected to ${wallet.name}. Approve the sign-in in your wallet.`);
      return account.address;
    }
    // A payment may come long after sign-in, on a freshly opened page: pick the wallet again.
    const active = await ensureConnection();
    if (request.op === 'sign-message') {
      return encodeB64u(await signMessage(active, bytesOf(request.message)));
    }
    picker().showStatus(`Approve the payment of ${formatSol(BigInt(request.lamports))} SOL in your wallet.`);
    return encodeB64u(await signTransaction(active, bytesOf(request.tx), request.chain));
  };

  window.addEventListener('message', (event) => {
    if (event.source !== window || event.origin !== window.location.origin) return;
    const parsed = v.safeParse(WorldEnvelope, event.data);
    if (!parsed.success || parsed.output.direction !== 'to-page') return;
    const request = parsed.output.message.request;
    performUnlessCancelled(request).then(
      (value) => reply({ ok: true, requestId: request.requestId, value }),
      (error: unknown) => {
        const failure =
          error instanceof WalletRequestError
            ? { reason: error.reason, message: error.message }
            : {
                reason: 'failed' as const,
                message: error instanceof Error ? error.message : 'unknown error',
              };
        picker().showStatus(
          failure.reason === 'cancelled'
            ? 'Cancelled: nothing was signed. You can close this page.'
            : `The wallet request failed: ${failure.message}`,
          true,
        );
        reply({ ok: false, requestId: request.requestId, ...failure });
      },
    );
  });
  send({ kind: 'ready' });
}

function reply(result: BridgeResult): void {
  send({ kind: 'result', result });
}

function send(message: WorldEnvelope['message'] & { kind: 'ready' | 'result' }): void {
  const envelope = { source: BRIDGE_SOURCE, direction: 'to-extension', message } as WorldEnvelope;
  window.postMessage(envelope, window.location.origin);
}

function bytesOf(b64u: string): Uint8Array {
  const bytes = decodeB64u(b64u);
  if (!bytes) throw new WalletRequestError('failed', 'malformed request bytes');
  return bytes;
}
