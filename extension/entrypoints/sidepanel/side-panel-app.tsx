/**
 * The side panel (Chrome side panel, Firefox sidebar): the chat. Connection state from the
 * background; rooms on the panel's own connection; a list of rooms, the open room, and forms to
 * create or join rooms and paid chats. A join link handed over by a /join page waits for the
 * person's "Join" (join-confirm.tsx); a key picked in the popup is joined at once. A knock link
 * (approval room) gives a room in status `knocking`, shown as waiting until a member approves.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Room } from '../../../shared/client/index.ts';
import type { CreateAnoGhostClient } from '../../messaging/anoghost-client-factory.ts';
import { askBackground } from '../../messaging/background-requests.ts';
import { takePendingJoin, watchPendingJoin } from '../../storage/pending-join.ts';
import { describeError } from '../../ui/error-messages.ts';
import { InvitationList } from '../../ui/invitation-list.tsx';
import { useStatus } from '../../ui/use-status.ts';
import { RoomView } from './chat-room.tsx';
import { JoinConfirm } from './join-confirm.tsx';
import { NewRoomForms } from './new-room-forms.tsx';
import { PaidChatForm } from './paid-chat-form.tsx';
import { PaidChatInfo } from './paid-chat-info.tsx';
import { joinPaidChat } from './paid-room-join.ts';
import { RoomList } from './room-list.tsx';
import { useChatClient } from './use-chat-client.ts';

export function SidePanelApp({ createClient }: { createClient: CreateAnoGhostClient }) {
  const status = useStatus();
  const chat = useChatClient(status, createClient);
  const [rooms, setRooms] = useState<Room[]>([]);
  const [openRoom, setOpenRoom] = useState<Room | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pendingLink, setPendingLink] = useState<string | null>(null);
  const [, setRoomsVersion] = useState(0);
  const client = chat.kind === 'ready' ? chat.client : undefined;

  const adopt = (room: Room) => {
    setRooms(client ? client.rooms() : [room]);
    setOpenRoom(room);
    setError(null);
    // The room list shows names and follows renames.
    room.on('name', () => setRoomsVersion((n) => n + 1));
    room.on('closed', () => setRooms((list) => list.filter((r) => r !== room)));
  };
  const run = (action: () => Promise<Room>) =>
    action().then(adopt, (e: unknown) => setError(describeError(e)));

  useEffect(() => {
    if (!client) return;
    const consume = () =>
      takePendingJoin().then((join) => {
        if (!join) return;
        if (join.kind === 'link') setPendingLink(join.input);
        else void run(() => joinPaidChat(client, join.mint));
      });
    void consume();
    return watchPendingJoin(() => void consume());
  }, [client]);

  const connect = () => askBackground({ type: 'connect-wallet' }).catch((e: Error) => setError(e.message));

  return (
    <main>
      <header class="row" style="justify-content: space-between">
        <h1>👻 AnoGhost chat</h1>
        <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          Settings
        </button>
      </header>
      <p class="muted" data-testid="panel-state" data-state={status?.state ?? 'starting'}>
        {status?.state === 'online' ? `Connected to ${status.server}` : describeState(status?.state)}
      </p>
      {status?.error && (
        <p class="error" role="alert">
          {status.error}
        </p>
      )}
      {status?.state === 'signed-out' && (
        <button type="button" class="primary" onClick={connect}>
          Connect wallet
        </button>
      )}
      {chat.kind === 'failed' && (
        <p class="error" role="alert" data-testid="rooms-error">
          {chat.error}
        </p>
      )}
      {error && (
        <p class="error" role="alert" data-testid="panel-error">
          {error}
        </p>
      )}
      {client && pendingLink !== null && (
        <JoinConfirm
          link={pendingLink}
          onJoin={() => {
            setPendingLink(null);
            void run(() => client.joinFreeRoom(pendingLink));
          }}
          onDismiss={() => setPendingLink(null)}
        />
      )}
      {client && status && (
        <InvitationList
          invitations={status.invitations}
          onError={setError}
          onAccepted={(mint) => void run(() => joinPaidChat(client, mint))}
        />
      )}
      {client && (
        <>
          <RoomList rooms={rooms} open={openRoom} onOpen={setOpenRoom} />
          {openRoom ? (
            <>
              {openRoom.kind === 'paid' && (
                <PaidChatInfo key={openRoom.mint} client={client} room={openRoom} />
              )}
              <RoomView
                key={openRoom.roomId ?? openRoom.mint}
                room={openRoom}
                onClose={() => setOpenRoom(null)}
              />
            </>
          ) : (
            <>
              <NewRoomForms
                onCreate={(options) => run(() => client.createFreeRoom(options))}
                onJoin={(input) => run(() => client.joinFreeRoom(input))}
              />
              <PaidChatForm client={client} onJoined={adopt} />
            </>
          )}
        </>
      )}
    </main>
  );
}

function describeState(state: string | undefined): string {
  switch (state) {
    case 'signed-out':
      return 'Not connected: connect your wallet to chat.';
    case 'awaiting-wallet':
      return 'Waiting for the wallet…';
    case 'reconnecting':
      return 'Reconnecting…';
    default:
      return 'Connecting…';
  }
}
