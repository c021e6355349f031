/**
 * The side panel (Chrome side panel, Firefox sidebar): the messenger. Connection state from the
 * background; rooms on the panel's own connection. Screens: home (home-screen.tsx), one short form
 * per action (new room, join with link, paid chat), and a conversation (chat-room.tsx). While the
 * panel's connection is down an offline banner says when it retries; rooms stay listed and rejoin
 * by themselves. A join link handed over by a /join page waits for the person's "Join"
 * (join-confirm.tsx); a key picked in the popup is joined at once. Joining a room or key already
 * open here opens it instead of joining twice.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Room } from '../../../shared/client/index.ts';
import { deriveRoomId } from '../../../shared/crypto/room-secret.ts';
import { parseShareInput } from '../../../shared/e2e/share-code.ts';
import type { CreateAnoGhostClient } from '../../messaging/anoghost-client-factory.ts';
import { askBackground } from '../../messaging/background-requests.ts';
import { takePendingJoin, watchPendingJoin } from '../../storage/pending-join.ts';
import { BrandTitle } from '../../ui/ghost-mark.tsx';
import { useStatus } from '../../ui/use-status.ts';
import { BackButton } from './back-button.tsx';
import type { Chat } from './chat-book.ts';
import { RoomView } from './chat-room.tsx';
import { type HomeAction, HomeScreen } from './home-screen.tsx';
import { JoinConfirm } from './join-confirm.tsx';
import { describeJoinError } from './join-errors.ts';
import { JoinRoomForm, NewRoomForm } from './new-room-forms.tsx';
import { OfflineBanner } from './offline-banner.tsx';
import { PaidChatForm } from './paid-chat-form.tsx';
import { joinPaidChat } from './paid-room-join.ts';
import { useChatClient } from './use-chat-client.ts';
import { useChats } from './use-chats.ts';
import { usePanelConnection } from './use-connection.ts';

type Screen = { kind: 'home' } | { kind: HomeAction } | { kind: 'chat'; room: Room };

const FORM_TITLES: Record<HomeAction, string> = {
  'new-room': 'New room',
  join: 'Join with link',
  paid: 'Paid chat',
};

export function SidePanelApp({ createClient }: { createClient: CreateAnoGhostClient }) {
  const status = useStatus();
  const chat = useChatClient(status, createClient);
  const client = chat.kind === 'ready' ? chat.client : undefined;
  const connection = usePanelConnection(client);
  const [screen, setScreen] = useState<Screen>({ kind: 'home' });
  const openRoom = screen.kind === 'chat' ? screen.room : null;
  const book = useChats(openRoom);
  const [error, setError] = useState<string | null>(null);
  const [pendingLink, setPendingLink] = useState<string | null>(null);
  const [pendingKey, setPendingKey] = useState<string | null>(null);
  // Joins in flight by room (roomId or mint): a second ask waits for the first instead of joining twice.
  const joining = useRef(new Map<string, Promise<Room>>());

  const show = (room: Room) => {
    book.adopt(room);
    setScreen({ kind: 'chat', room });
    setError(null);
  };
  const enter = (target: string | null, join: () => Promise<Room>): Promise<Room> => {
    const open = target === null ? undefined : book.findOpen({ roomId: target, mint: target });
    if (open) {
      setScreen({ kind: 'chat', room: open.room });
      return Promise.resolve(open.room);
    }
    const inFlight = target === null ? undefined : joining.current.get(target);
    const attempt = inFlight ?? join();
    if (target !== null && !inFlight) {
      joining.current.set(target, attempt);
      void attempt.finally(() => joining.current.delete(target)).catch(() => {});
    }
    return attempt.then((room) => {
      show(room);
      return room;
    });
  };
  const joinFree = (input: string) => {
    if (!client) return Promise.reject(new Error('Not connected yet.'));
    const parsed = parseShareInput(input);
    const target = !parsed.ok
      ? null
      : parsed.kind === 'knock'
        ? parsed.roomId
        : deriveRoomId(parsed.linkSecret);
    return enter(target, () => client.joinFreeRoom(input));
  };
  const joinKey = (mint: string) => {
    if (!client) return Promise.reject(new Error('Not connected yet.'));
    return enter(mint, () => joinPaidChat(client, mint));
  };
  const report = (promise: Promise<unknown>) =>
    void promise.catch((e: unknown) => setError(describeJoinError(e)));

  // A join handed over by the popup or a /join page: taken at once, shown even before we are online.
  useEffect(() => {
    const consume = () =>
      takePendingJoin().then((join) => {
        if (!join) return;
        if (join.kind === 'link') setPendingLink(join.input);
        else setPendingKey(join.mint);
      });
    void consume();
    return watchPendingJoin(() => void consume());
  }, []);
  useEffect(() => {
    if (!client || pendingKey === null) return;
    setPendingKey(null);
    report(joinKey(pendingKey));
  }, [client, pendingKey]);

  const rejoin = async (old: Chat) => {
    if (!client) throw new Error('Not connected yet.');
    try {
      const room =
        old.room.kind === 'paid'
          ? await joinPaidChat(client, old.room.mint!)
          : await client.joinFreeRoom(old.rejoinCode!);
      book.adopt(room, old);
      setScreen({ kind: 'chat', room });
    } catch (e) {
      throw new Error(describeJoinError(e));
    }
  };

  const offline = connection.offline;
  const current = openRoom ? book.of(openRoom) : undefined;
  return (
    <main class="panel">
      <OfflineBanner connection={connection} />
      {client && current ? (
        <RoomView
          key={current.room.handle || current.room.roomId || current.room.mint}
          client={client}
          chat={current}
          canRejoin={book.canRejoin(current)}
          offline={offline}
          onBack={() => setScreen({ kind: 'home' })}
          onMute={(muted) => book.setMuted(current.room, muted)}
          onLeave={async () => {
            if (current.room.status !== 'closed') await current.room.leave();
            book.remove(current.room);
            setScreen({ kind: 'home' });
          }}
          onRejoin={() => rejoin(current)}
        />
      ) : (
        <>
          <PanelHeader screen={screen} onBack={() => setScreen({ kind: 'home' })} />
          {status && <StatusLine status={status} failed={chat.kind === 'failed' ? chat.error : null} />}
          {error && (
            <p class="error" role="alert" data-testid="panel-error" style="padding: 0 12px">
              {error}
            </p>
          )}
          {pendingLink !== null && (
            <div class="panel-body" style="padding-bottom: 0">
              <JoinConfirm
                link={pendingLink}
                disabled={!client || offline}
                onJoin={() => {
                  setPendingLink(null);
                  report(joinFree(pendingLink));
                }}
                onDismiss={() => setPendingLink(null)}
              />
            </div>
          )}
          {screen.kind === 'home' || screen.kind === 'chat' || !client ? (
            status &&
            status.state !== 'signed-out' && (
              <HomeScreen
                status={status}
                chats={book.list()}
                offline={offline}
                ready={client !== undefined}
                onOpen={(c) => setScreen({ kind: 'chat', room: c.room })}
                onAction={(kind) => setScreen({ kind })}
                onAccepted={(mint) => report(joinKey(mint))}
                onError={setError}
              />
            )
          ) : (
            <div class="panel-body">
              {screen.kind === 'new-room' && (
                <NewRoomForm
                  offline={offline}
                  onCreate={(options) => client.createFreeRoom(options).then(show)}
                />
              )}
              {screen.kind === 'join' && <JoinRoomForm offline={offline} onJoin={joinFree} />}
              {screen.kind === 'paid' && <PaidChatForm client={client} offline={offline} onJoined={show} />}
            </div>
          )}
        </>
      )}
    </main>
  );
}

function PanelHeader({ screen, onBack }: { screen: Screen; onBack(): void }) {
  const form = screen.kind !== 'home' && screen.kind !== 'chat' ? screen.kind : null;
  return (
    <header class="panel-header">
      {form ? (
        <>
          <BackButton onBack={onBack} />
          <h1>{FORM_TITLES[form]}</h1>
        </>
      ) : (
        <BrandTitle>AnoGhost</BrandTitle>
      )}
      <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
        Settings
      </button>
    </header>
  );
}

function StatusLine({
  status,
  failed,
}: {
  status: NonNullable<ReturnType<typeof useStatus>>;
  failed: string | null;
}) {
  const connect = () => void askBackground({ type: 'connect-wallet' }).catch(() => {});
  return (
    <div
      class="panel-body"
      style="padding-bottom: 0"
      hidden={status.state === 'online' && !status.error && !failed}
    >
      <p class="muted" data-testid="panel-state" data-state={status.state}>
        {status.state === 'online' ? `Connected to ${status.server}` : describeState(status.state)}
      </p>
      {status.error && (
        <p class="error" role="alert">
          {status.error}
        </p>
      )}
      {failed && (
        <p class="error" role="alert" data-testid="rooms-error">
          {failed}
        </p>
      )}
      {status.state === 'signed-out' && (
        <button type="button" class="primary" onClick={connect}>
          Connect wallet
        </button>
      )}
    </div>
  );
}

function describeState(state: string): string {
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
