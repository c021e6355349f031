/** `POST /v1/dev/airdrop` (PROTOCOL.md §1): localnet only; elsewhere the route does not exist (404). */
import { address, lamports as toLamports } from '@solana/kit';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { solanaAddress } from '../../shared/protocol/fields.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import { ChainUnavailableError, guardTransport, type SolanaClient } from '../chain/solana-client.ts';
import { readJsonBody } from './json-body.ts';

const MAX_AIRDROP_LAMPORTS = 1_000_000_000_000n; // 1000 SOL
const AIRDROP_WAIT_MS = 30_000;

const AirdropBody = v.object({
  wallet: solanaAddress('wallet'),
  lamports: v.pipe(
    v.string('lamports must be a decimal string'),
    v.regex(/^[1-9]\d{0,15}$/, 'lamports must be a positive decimal'),
  ),
});

/** Adds the localnet airdrop; refusals are thrown and rendered by `app.onError`. */
export function addDevRoutes(app: Hono, chain: SolanaClient): void {
  app.post('/v1/dev/airdrop', async (c) => {
    const body = await readJsonBody(c, AirdropBody);
    const amount = BigInt(body.lamports);
    if (amount > MAX_AIRDROP_LAMPORTS) throw new ProtocolError('bad_request', 'at most 1000 SOL per airdrop');
    try {
      const signature = await guardTransport(() =>
        chain.rpc.requestAirdrop(address(body.wallet), toLamports(amount)).send(),
      );
      await chain.waitForSignature(signature, AIRDROP_WAIT_MS);
      return c.json({ signature });
    } catch (error) {
      if (error instanceof ChainUnavailableError)
        throw new ProtocolError('unavailable', 'the chain is unreachable', { cause: error });
      throw error;
    }
  });
}
