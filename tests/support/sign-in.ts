/** Opens a connection and signs in with a test wallet: the common start of integration tests. */
import { type Frame, FrameClient } from './frame-client.ts';
import { authFrame, createTestKey, type SignInOptions, signInMessage, type TestKey } from './test-wallet.ts';

export interface SignedIn {
  client: FrameClient;
  ghost: Frame;
  wallet: TestKey;
  session: TestKey;
}

export async function connectSignedIn(
  server: { wsUrl: string; domain: string },
  keys: { wallet?: TestKey; session?: TestKey; localAddress?: string } = {},
  options: Partial<SignInOptions> = {},
): Promise<SignedIn> {
  const wallet = keys.wallet ?? createTestKey();
  const session = keys.session ?? createTestKey();
  const client = await FrameClient.connect(
    server.wsUrl,
    keys.localAddress === undefined ? undefined : { localAddress: keys.localAddress },
  );
  const challenge = await client.next('challenge');
  const signed = signInMessage(wallet, session, { domain: server.domain, ...options });
  client.send(authFrame(signed, session, challenge.nonce as string));
  const ghost = await client.next((f) => f.t === 'ghost' || f.t === 'error');
  if (ghost.t !== 'ghost') throw new Error(`sign-in failed: ${String(ghost.message)}`);
  return { client, ghost, wallet, session };
}
