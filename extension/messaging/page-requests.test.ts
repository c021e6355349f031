import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createCredentials, type SessionCredentials } from '../../shared/client/session-credentials.ts';
import {
  deriveSessionPublicKey,
  generateSessionSeed,
  signWithSessionKey,
} from '../../shared/crypto/session-key.ts';
import { encodeBase58 } from '../../shared/encoding.ts';
import { type NftKey, PAGE_REQUESTS, type PageReply, PageRequest, replySchemaOf } from './page-requests.ts';
import type { GhostInfo } from './runtime-messages.ts';

async function sampleCredentials(): Promise<SessionCredentials> {
  const seed = generateSessionSeed();
  return createCredentials({
    wallet: {
      address: encodeBase58(deriveSessionPublicKey(seed)),
      signMessage: async (message) => signWithSessionKey(seed, message),
    },
    challenge: { domain: '127.0.0.1:8787', cluster: 'localnet' },
    origin: 'http://127.0.0.1:8787',
    now: Date.now(),
  });
}

describe('page requests table', () => {
  it('reads every request type of the table, and only those', () => {
    const INVITE = 'AAAAAAAAAAAAAAAAAAAAAA';
    const fields: Record<string, object> = {
      'sign-transaction': { tx: 'AAAA', lamports: '1' },
      'review-payment': { tx: 'AAAA', lamports: '1' },
      'accept-invitation': { invite: INVITE },
      'decline-invitation': { invite: INVITE },
      'initiator-holder': { quoteId: 'q1' },
      'keep-paid-key': {
        quoteId: 'q1',
        mint: 'Mint111',
        secret: 'A'.repeat(43),
        name: 'Plans',
        expiresAt: 1,
        msgTtl: null,
        resend: { quote: 'q', tx: 'AAAA', invites: ['AAAA'] },
      },
      'set-unread': { count: 3 },
    };
    for (const type of Object.keys(PAGE_REQUESTS)) {
      const request = { type, ...fields[type] };
      expect(v.parse(PageRequest, request)).toEqual(request);
    }
    expect(v.safeParse(PageRequest, { type: 'accept-invitation', invite: `${INVITE}A` }).success).toBe(false);
    expect(
      v.safeParse(PageRequest, { ...fields['keep-paid-key'], type: 'keep-paid-key', secret: 'short' })
        .success,
    ).toBe(false);
    expect(v.safeParse(PageRequest, { type: 'open-join-link', link: 'x' }).success).toBe(false);
    // Notifications: a preview is bounded; an unread count is a whole number ≥ 0.
    expect(v.safeParse(PageRequest, { type: 'notify-message', text: 'x'.repeat(200) }).success).toBe(false);
    expect(v.safeParse(PageRequest, { type: 'set-unread', count: -1 }).success).toBe(false);
    expect(v.safeParse(PageRequest, { type: 'set-unread', count: 1.5 }).success).toBe(false);
    expect(v.safeParse(PageRequest, { type: 'sign-transaction' }).success).toBe(false);
    expect(
      v.safeParse(PageRequest, { type: 'sign-transaction', tx: 'A'.repeat(4097), lamports: '1' }).success,
    ).toBe(false);
    expect(v.safeParse(PageRequest, { type: 'sign-transaction', tx: 'AAAA' }).success).toBe(false);
    expect(v.safeParse(PageRequest, { type: 'review-payment', tx: 'AAAA', lamports: '0.02' }).success).toBe(
      false,
    );
  });

  it('pairs each request with the reply it gets', () => {
    const ghost = { ghostId: 'g', issuedAt: 1, rotatesAt: 2, liveUntil: 3 };
    expect(v.parse(replySchemaOf('rotate'), ghost)).toEqual(ghost);
    expect(v.safeParse(replySchemaOf('rotate'), 'g').success).toBe(false);
    expect(
      v.safeParse(replySchemaOf('list-keys'), [{ mint: 'm', name: null, expiresAt: null }]).success,
    ).toBe(true);
    expect(v.safeParse(replySchemaOf('connect-wallet'), undefined).success).toBe(false);
    expect(v.safeParse(replySchemaOf('sign-transaction'), null).success).toBe(false);
  });

  it('accepts only credentials the library would sign in with, or null', async () => {
    const credentials = await sampleCredentials();
    const schema = replySchemaOf('session-credentials');
    expect(v.parse(schema, credentials)).toEqual(credentials);
    expect(v.parse(schema, null)).toBeNull();
    const otherSeed = (await sampleCredentials()).sessionSeed; // not the key the wallet signed
    expect(v.safeParse(schema, { ...credentials, sessionSeed: otherSeed }).success).toBe(false);
  });

  it('types each reply by its request', () => {
    expectTypeOf<PageReply<'rotate'>>().toEqualTypeOf<GhostInfo>();
    expectTypeOf<PageReply<'list-keys'>>().toEqualTypeOf<NftKey[]>();
    expectTypeOf<PageReply<'session-credentials'>>().toEqualTypeOf<SessionCredentials | null>();
    expectTypeOf<PageReply<'sign-transaction'>>().toEqualTypeOf<string>();
    expectTypeOf<PageReply<'connect-wallet'>>().toEqualTypeOf<null>();
  });
});
