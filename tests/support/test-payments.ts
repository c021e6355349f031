/** Test-side wallet operations for paid chats: sign the server's payment transaction, airdrop. */
import { getTransactionDecoder, getTransactionEncoder, type SignatureBytes } from '@solana/kit';
import { decodeB64u, encodeB64u } from '../../shared/encoding.ts';
import type { TestKey } from './test-wallet.ts';

/** Signs a wire transaction (b64u) as `wallet` would with `solana:signTransaction`. */
export function signWireTransaction(wire: string, wallet: TestKey): string {
  const tx = getTransactionDecoder().decode(decodeB64u(wire)!);
  const signature = wallet.sign(new Uint8Array(tx.messageBytes)) as SignatureBytes;
  const signed = { ...tx, signatures: { ...tx.signatures, [wallet.address]: signature } };
  return encodeB64u(new Uint8Array(getTransactionEncoder().encode(signed)));
}

/** Funds `wallet` through the server's localnet airdrop endpoint. */
export async function airdrop(serverUrl: string, wallet: string, lamports = 5_000_000_000n): Promise<string> {
  const res = await fetch(`${serverUrl}/v1/dev/airdrop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ wallet, lamports: lamports.toString() }),
  });
  const body = (await res.json()) as { signature?: string; message?: string };
  if (!res.ok || !body.signature) throw new Error(`airdrop failed: ${res.status} ${body.message}`);
  return body.signature;
}
