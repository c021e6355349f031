/**
 * `POST /v1/dev/airdrop` (PROTOCOL.md §1): funds a wallet on the embedded chain for trying paid
 * chats. Opt-in (`ANOGHOST_DEV_AIRDROP=1`) and only on localnet; otherwise the route does not exist
 * (404). Every airdrop grows the chain the server persists, so it is limited per client address
 * and capped per server run (docs/protocol.md §1 "Dev airdrop"); an amount below the rent-exempt
 * minimum could never create the account and is refused like any bad input.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { address, lamports as toLamports } from '@solana/kit';
import type { Hono } from 'hono';
import * as v from 'valibot';
import { solanaAddress } from '../../shared/protocol/fields.ts';
import { ProtocolError } from '../../shared/protocol/protocol-error.ts';
import { ChainUnavailableError, guardTransport, type SolanaClient } from '../chain/solana-client.ts';
import { clientAddress } from './client-address.ts';
import { IpRateLimit } from './ip-rate-limit.ts';
import { readJsonBody } from './json-body.ts';

const MAX_AIRDROP_LAMPORTS = 1_000_000_000_000n; // 1000 SOL
const AIRDROP_WAIT_MS = 30_000;

/** How many airdrops the route grants. */
export interface AirdropLimits {
  /** Airdrops one address may ask for at once, refilled at `perAddressPerMinute`. */
  perAddressBurst: number;
  perAddressPerMinute: number;
  /** Airdrops in one server run, from everyone. */
  perRun: number;
}

/** docs/protocol.md §1 explains the numbers. */
export const AIRDROP_LIMITS: AirdropLimits = { perAddressBurst: 10, perAddressPerMinute: 10, perRun: 1000 };

const AirdropBody = v.object({
  wallet: solanaAddress('wallet'),
  lamports: v.pipe(
    v.string('lamports must be a decimal string'),
    v.regex(/^[1-9]\d{0,15}$/, 'lamports must be a positive decimal'),
  ),
});

export interface DevRouteDeps {
  chain: SolanaClient;
  /** Peers whose `X-Forwarded-For` names the client (ANOGHOST_TRUST_PROXY). */
  trustedProxies: ReadonlySet<string>;
  limits?: AirdropLimits;
  now: () => number;
}

/** Adds the localnet airdrop; refusals are thrown and rendered by `app.onError`. Returns its cleanup. */
export function addDevRoutes(app: Hono, deps: DevRouteDeps): { stop(): void } {
  const limits = deps.limits ?? AIRDROP_LIMITS;
  const perAddress = new IpRateLimit(limits.perAddressPerMinute / 60, limits.perAddressBurst, deps.now);
  let granted = 0; // this run, including airdrops under way
  let rentMinimum: bigint | undefined;

  app.post('/v1/dev/airdrop', async (c) => {
    const body = await readJsonBody(c, AirdropBody);
    const amount = BigInt(body.lamports);
    if (amount > MAX_AIRDROP_LAMPORTS) throw new ProtocolError('bad_request', 'at most 1000 SOL per airdrop');
    try {
      rentMinimum ??= await guardTransport(() => deps.chain.rpc.getMinimumBalanceForRentExemption(0n).send());
      if (amount < rentMinimum) {
        throw new ProtocolError(
          'bad_request',
          `lamports must be at least ${rentMinimum}, the rent-exempt minimum of an account`,
        );
      }
      const from = clientAddress(
        getConnInfo(c).remote.address,
        c.req.header('x-forwarded-for'),
        deps.trustedProxies,
      );
      if (!perAddress.take(from)) {
        throw new ProtocolError(
          'rate_limited',
          `at most ${limits.perAddressPerMinute} airdrops a minute per address: wait a little`,
        );
      }
      if (granted >= limits.perRun) {
        throw new ProtocolError(
          'rate_limited',
          `this server has given its ${limits.perRun} airdrops for this run: restart it for more`,
        );
      }
      granted += 1;
      try {
        const signature = await guardTransport(() =>
          deps.chain.rpc.requestAirdrop(address(body.wallet), toLamports(amount)).send(),
        );
        await deps.chain.waitForSignature(signature, AIRDROP_WAIT_MS);
        return c.json({ signature });
      } catch (error) {
        granted -= 1; // nothing was given
        throw error;
      }
    } catch (error) {
      if (error instanceof ChainUnavailableError)
        throw new ProtocolError('unavailable', 'the chain is unreachable', { cause: error });
      throw error;
    }
  });
  return { stop: () => perAddress.stop() };
}
