/**
 * The room-info drawer over the conversation: the room's name (editable) and your nickname, the
 * share code with Copy code and Copy link, its lifetimes, notifications (mute), the members with
 * fingerprints and verify, the paid chat's own line, and Leave. It stays in the page while closed
 * (hidden), so what it lists is always current; Esc or Close shuts it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnoGhostClient } from '../../../shared/client/index.ts';
import { MAX_NICKNAME_CHARS } from '../../../shared/e2e/message-plaintext.ts';
import { MAX_CHAT_NAME_CHARS } from '../../../shared/protocol/limits.ts';
import { useCopy } from '../../ui/use-copy.ts';
import { formatCountdown } from '../../ui/use-now.ts';
import type { Chat } from './chat-book.ts';
import { describeJoinError } from './join-errors.ts';
import { MESSAGE_LIFETIMES } from './lifetime-selects.tsx';
import { PaidChatInfo } from './paid-chat-info.tsx';
import { MemberList } from './room-members.tsx';

export function RoomInfo({
  client,
  chat,
  open,
  now,
  onClose,
  onMute,
  onLeave,
}: {
  client: AnoGhostClient;
  chat: Chat;
  open: boolean;
  now: number;
  onClose(): void;
  onMute(muted: boolean): void;
  onLeave(): Promise<unknown>;
}) {
  const { room } = chat;
  const [error, setError] = useState<string | null>(null);
  const code = useCopy(setError);
  const link = useCopy(setError);
  const closeButton = useRef<HTMLButtonElement>(null);
  const shareCode = room.shareCode();
  const joinUrl = room.joinUrl();
  const joined = room.status === 'joined';
  const closed = room.status === 'closed';
  const fail = (e: unknown) => setError(describeJoinError(e));

  useEffect(() => {
    if (open) closeButton.current?.focus();
  }, [open]);

  return (
    <aside
      class="drawer"
      hidden={!open}
      aria-labelledby="room-info-heading"
      data-testid="room-info"
      data-open={open ? 'true' : 'false'}
    >
      <div class="panel-header">
        <h2 id="room-info-heading">Room info</h2>
        <button type="button" ref={closeButton} onClick={onClose} data-testid="close-room-info">
          Close
        </button>
      </div>
      <div class="panel-body">
        {joined && (
          <section class="settings" aria-label="Names">
            <TextSetting
              key={`name:${room.name ?? ''}`}
              label="Room name (every member sees it)"
              name="room-name"
              value={room.name ?? ''}
              button="Rename room"
              max={MAX_CHAT_NAME_CHARS}
              onSave={(text) => room.setName(text).catch(fail)}
            />
            <TextSetting
              key={`nick:${room.nickname ?? ''}`}
              label="Your nickname in this room"
              name="nickname"
              value={room.nickname ?? ''}
              button="Set nickname"
              max={MAX_NICKNAME_CHARS}
              onSave={(text) => room.setNickname(text).catch(fail)}
            />
          </section>
        )}
        {shareCode && room.status !== 'knocking' && (
          <section aria-labelledby="share-heading">
            <h3 id="share-heading">Invite people</h3>
            <p class="muted" data-testid="share-hint">
              {room.admission === 'approval'
                ? 'Share this code or link: it asks to join, and a member approves each newcomer.'
                : 'Share this code or link (it opens the room; anyone who has it can join):'}
            </p>
            <p class="mono" data-testid="share-code">
              {shareCode}
            </p>
            <div class="row">
              <button type="button" onClick={() => void code.copy(shareCode)} data-testid="copy-code">
                {code.copied ? 'Code copied' : 'Copy code'}
              </button>
              <button type="button" onClick={() => void link.copy(joinUrl ?? '')} data-testid="copy-link">
                {link.copied ? 'Link copied' : 'Copy link'}
              </button>
            </div>
          </section>
        )}
        <section aria-labelledby="lifetimes-heading">
          <h3 id="lifetimes-heading">Lifetimes</h3>
          <p class="muted" data-testid="room-lifetime">
            {room.expiresAt === null
              ? 'The room lasts while someone is in it.'
              : closed
                ? 'The room is closed.'
                : `The room ends in ${formatCountdown(room.expiresAt - now)}.`}{' '}
            {room.msgTtl === null
              ? 'Messages stay until the room ends (or are unsent).'
              : `Messages vanish after ${MESSAGE_LIFETIMES.find((o) => o.seconds === room.msgTtl)?.label ?? `${room.msgTtl} s`} unless the sender picks otherwise.`}
          </p>
        </section>
        <section aria-labelledby="notify-heading">
          <h3 id="notify-heading">Notifications</h3>
          <label class="check">
            <input
              type="checkbox"
              name="mute"
              checked={chat.muted}
              onChange={(e) => onMute(e.currentTarget.checked)}
              data-testid="mute"
            />{' '}
            Mute this room (unread messages are still counted)
          </label>
        </section>
        {room.status !== 'knocking' && !closed && <MemberList room={room} />}
        {room.kind === 'paid' && <PaidChatInfo key={room.mint} client={client} room={room} />}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="button" onClick={() => void onLeave().catch(fail)} data-testid="leave-room">
          {closed ? 'Remove from your chats' : 'Leave room'}
        </button>
      </div>
    </aside>
  );
}

function TextSetting({
  label,
  name,
  value,
  button,
  max,
  onSave,
}: {
  label: string;
  name: string;
  value: string;
  button: string;
  max: number;
  onSave(text: string): Promise<unknown>;
}) {
  const [text, setText] = useState(value);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="settings"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        void onSave(text).finally(() => setBusy(false));
      }}
    >
      <label>
        {label}
        <input
          name={name}
          value={text}
          maxLength={max}
          onInput={(e) => setText(e.currentTarget.value)}
          autocomplete="off"
        />
      </label>
      <button type="submit" disabled={busy || text.trim() === '' || text.trim() === value}>
        {button}
      </button>
    </form>
  );
}
