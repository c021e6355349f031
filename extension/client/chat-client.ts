/**
 * What the side panel needs for rooms and paid chats: the surface of the client library's
 * `AnoGhostClient` and `Room` (`shared/client/`), stated structurally so the panel is written and
 * type-checked against it before the library lands on main. The panel holds its own connection
 * (see README "Extension"): room keys live only in the panel page's memory.
 */
import type { GhostInfo } from '../messaging/runtime-messages.ts';

export interface ChatMember {
  member: string;
  accepted: boolean;
  reason?: unknown;
}

export interface ChatMessage {
  id: string;
  from: string;
  own: boolean;
  body: string;
  sentAt: number;
  receivedAt: number;
  ttl: number | null;
  expiresAt: number | null;
}

export interface ChatRoomEvents {
  message: ChatMessage;
  'message-removed': { message: ChatMessage; reason: 'expired' | 'unsent' };
  'member-joined': ChatMember;
  'member-left': { member: string };
  typing: { member: string };
  rejoined: { member: string };
  closed: { reason: string };
  'decrypt-error': { from: string; error: unknown };
}

export interface ChatRoom {
  readonly kind: 'free' | 'paid';
  status: 'joining' | 'joined' | 'rejoining' | 'closed';
  handle: string;
  expiresAt: number | null;
  msgTtl: number | null;
  name: string | null;
  readonly member: string;
  members(): ChatMember[];
  messages(): ChatMessage[];
  safetyCode(): string;
  shareCode(): string | undefined;
  joinUrl(): string | undefined;
  sendText(body: string, options?: { ttl?: number }): Promise<ChatMessage>;
  unsend(messageId: string): Promise<void>;
  typing(): void;
  leave(): Promise<void>;
  on<K extends keyof ChatRoomEvents>(event: K, listener: (payload: ChatRoomEvents[K]) => void): () => void;
}

export interface ChatQuote {
  quote: string;
  lamports: string;
  tx: string;
  live: boolean[];
  expiresAt: number;
}

export interface ChatClient {
  connect(): Promise<GhostInfo>;
  close(): void;
  rooms(): ChatRoom[];
  createFreeRoom(options: { ttl: number; msgTtl?: number }): Promise<ChatRoom>;
  joinFreeRoom(input: string): Promise<ChatRoom>;
  joinPaidRoom(mint: string): Promise<ChatRoom>;
  check(ghostIds: string[]): Promise<boolean[]>;
  quote(request: { ghostIds: string[]; name: string; ttl: number; sealName?: boolean }): Promise<ChatQuote>;
  redeem(
    request: { quote: string; tx: string } | { quote: string; signature: string },
  ): Promise<{ keys: { mint: string; tx: string }[]; mine: string }>;
}

/** Opens the panel's own connection with the session credentials the background holds. */
export type CreateChatClient = (options: { serverUrl: string; credentials: unknown }) => ChatClient;

/** Thrown while the build has no rooms implementation (the client library has not landed yet). */
export class RoomsUnavailableError extends Error {
  override name = 'RoomsUnavailableError';
}

export const createUnavailableChatClient: CreateChatClient = () => {
  throw new RoomsUnavailableError(
    'Rooms need the AnoGhost client library, which this build of the extension does not include yet.',
  );
};
