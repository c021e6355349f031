/**
 * Invitations shared by every instance through Redis (docs/scaling-out.md "Invitations"), with the
 * contract of paid/invitation-store.ts: records sealed, under keyed names, with TTLs, changed only
 * by the scripts of invitation-scripts.ts. A new invitation is published on its wallet's channel;
 * each instance subscribes to the channels of the wallets it has sessions for, and pushes to them
 * (paid/invitations.ts), its own publications included. While Redis is unreachable every operation
 * refuses at once with `InvitationsUnavailableError` (`unavailable`), changing nothing.
 */
import type { Redis } from 'ioredis';
import * as v from 'valibot';
import type { Logger } from '../log/logger.ts';
import type { StoredInvitation } from '../paid/invitation-record.ts';
import {
  ENDED_MEMORY_MS,
  type InvitationStore,
  InvitationsUnavailableError,
  type TakeOutcome,
} from '../paid/invitation-store.ts';
import { CREATE_INVITE_SCRIPT, RESTORE_INVITE_SCRIPT, TAKE_INVITE_SCRIPT } from './invitation-scripts.ts';
import { type RedisConnection, withDeadline } from './redis-connection.ts';
import {
  INVITE_CHANNEL_PREFIX,
  inviteChannel,
  inviteKey,
  inviteMarkKey,
  invitePendingKey,
} from './store-keys.ts';

const ANSWER_MS = 3000;
const Name = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/));
/** A record's value, `expiresAt.sealed`, and a publication, `name.expiresAt.sealed`. */
const VALUE = /^(\d{1,16})\.([A-Za-z0-9_-]{1,4096})$/;
const TakeReply = v.union([
  v.tuple([v.literal('taken'), v.string()]),
  v.tuple([v.picklist(['ended', 'unknown'])]),
]);

type Scripted = Redis & {
  inviteCreate(...args: (string | number)[]): Promise<unknown>;
  inviteTake(...args: string[]): Promise<unknown>;
  inviteRestore(...args: (string | number)[]): Promise<unknown>;
};

export class RedisInvitations implements InvitationStore {
  readonly #client: Scripted;
  readonly #listeners: Array<(stored: StoredInvitation) => void> = [];

  constructor(
    private readonly redis: RedisConnection,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {
    const commands = redis.commands;
    commands.defineCommand('inviteCreate', { numberOfKeys: 3, lua: CREATE_INVITE_SCRIPT });
    commands.defineCommand('inviteTake', { numberOfKeys: 3, lua: TAKE_INVITE_SCRIPT });
    commands.defineCommand('inviteRestore', { numberOfKeys: 3, lua: RESTORE_INVITE_SCRIPT });
    this.#client = commands as Scripted;
    redis.subscriber.on('message', (channel: string, message: string) => this.#receive(channel, message));
  }

  async create(stored: StoredInvitation): Promise<boolean> {
    const ttl = stored.expiresAt - this.now();
    if (ttl <= 0) return false;
    const { walletName: w, name } = stored;
    const value = `${stored.expiresAt}.${stored.sealed}`;
    const created = await this.#ask('create', () =>
      this.#client.inviteCreate(...keysOf(w, name), value, ttl, ttl + ENDED_MEMORY_MS, name),
    );
    if (created !== 1) return false;
    await this.#ask('publish', () => this.redis.commands.publish(inviteChannel(w), `${name}.${value}`));
    return true;
  }

  async pending(walletName: string): Promise<StoredInvitation[]> {
    const names = await this.#ask('pending', () =>
      this.redis.commands.smembers(invitePendingKey(walletName)),
    );
    const valid = names.filter((n) => v.is(Name, n));
    if (valid.length === 0) return [];
    const values = await this.#ask('pending', () =>
      this.redis.commands.mget(...valid.map((n) => inviteKey(walletName, n))),
    );
    return valid
      .map((name, i) => parseValue(walletName, name, values[i] ?? null))
      .filter((s): s is StoredInvitation => s !== undefined);
  }

  async take(walletName: string, name: string): Promise<TakeOutcome> {
    const reply = await this.#ask('take', () => this.#client.inviteTake(...keysOf(walletName, name), name));
    const parsed = v.safeParse(TakeReply, reply);
    if (!parsed.success) throw new InvitationsUnavailableError('redis answered take with something else');
    const [kind, value] = parsed.output;
    if (kind !== 'taken') return { kind };
    const stored = parseValue(walletName, name, value ?? null);
    return stored ? { kind: 'taken', stored } : { kind: 'ended' };
  }

  async restore(stored: StoredInvitation): Promise<void> {
    const ttl = stored.expiresAt - this.now();
    if (ttl <= 0) return;
    const value = `${stored.expiresAt}.${stored.sealed}`;
    await this.#ask('restore', () =>
      this.#client.inviteRestore(...keysOf(stored.walletName, stored.name), value, ttl, stored.name),
    );
  }

  onCreated(listener: (stored: StoredInvitation) => void): void {
    this.#listeners.push(listener);
  }

  watch(walletName: string): void {
    // ioredis subscribes again by itself after a reconnect.
    this.redis.subscriber.subscribe(inviteChannel(walletName)).catch(() => {
      this.logger.warn('could not subscribe to invitations: pushes wait for the next sign-in');
    });
  }

  unwatch(walletName: string): void {
    this.redis.subscriber.unsubscribe(inviteChannel(walletName)).catch(() => {});
  }

  async close(): Promise<void> {} // the connections are the store's (redis-store.ts)

  async #ask<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (!this.redis.reachable) throw new InvitationsUnavailableError('redis is unreachable');
    try {
      return await withDeadline(work(), ANSWER_MS, `invitation ${what}`);
    } catch (error) {
      throw new InvitationsUnavailableError(`redis did not answer invitation ${what}`, { cause: error });
    }
  }

  #receive(channel: string, message: string): void {
    if (!channel.startsWith(INVITE_CHANNEL_PREFIX)) return;
    const walletName = channel.slice(INVITE_CHANNEL_PREFIX.length);
    const dot = message.indexOf('.');
    const stored = parseValue(walletName, message.slice(0, dot), message.slice(dot + 1));
    if (!stored || !v.is(Name, walletName)) {
      this.logger.warn('ignored a malformed invitation from redis');
      return;
    }
    for (const listener of this.#listeners) listener(stored);
  }
}

function keysOf(walletName: string, name: string): [string, string, string] {
  return [inviteKey(walletName, name), inviteMarkKey(walletName, name), invitePendingKey(walletName)];
}

/** A record's value read back; `undefined` when missing (expired) or not what this server writes. */
function parseValue(walletName: string, name: string, value: string | null): StoredInvitation | undefined {
  if (value === null || !v.is(Name, name)) return undefined;
  const match = VALUE.exec(value);
  if (!match) return undefined;
  return { walletName, name, expiresAt: Number(match[1]), sealed: match[2]! };
}
