/**
 * The background: wires the connection (client library + stored session key), the wallet bridge,
 * the payment guard, the paid chats (the ghost cards' invite keys, invitations), page requests,
 * join links, notifications and the badge, the context menu and the wake alarm. Nothing runs before `main`. Test hooks exist
 * only in the browser tests' build (`wxt build --mode e2e`): the condition is a build-time
 * constant, so the production bundle does not contain them.
 */
import { defineBackground } from 'wxt/utils/define-background';
import { createBrowserAnoGhostClient } from '../../messaging/anoghost-client-factory.ts';
import { fetchTreasury } from '../../messaging/server-health.ts';
import { probeServer } from '../../messaging/server-probe.ts';
import { loadServerUrl } from '../../storage/server-url.ts';
import { ConnectionManager } from './connection-manager.ts';
import { installContextMenu } from './context-menu.ts';
import { openJoinLinks } from './join-links.ts';
import { Notifier } from './notifications.ts';
import { routePageRequests } from './page-router.ts';
import { createPaidChats } from './paid-chats.ts';
import { createPaymentGuard } from './payment-guard.ts';
import { syncServerPageScripts } from './server-page-scripts.ts';
import { createWalletSignIn } from './session-sign-in.ts';
import { publishStatus } from './status-hub.ts';
import { exposeTestHooks } from './test-hooks.ts';
import { scheduleWakeAlarm } from './wake-alarm.ts';
import { WalletBridge } from './wallet-bridge.ts';
import { welcomeOnInstall } from './welcome.ts';

export default defineBackground({
  main() {
    const bridge = new WalletBridge(loadServerUrl);
    const notifier = new Notifier();
    const paid = createPaidChats(() => manager, notifier);
    const manager: ConnectionManager = new ConnectionManager({
      createClient: createBrowserAnoGhostClient,
      probe: probeServer,
      signInWithWallet: createWalletSignIn(bridge),
      loadServer: loadServerUrl,
      onServer: syncServerPageScripts,
      cardFor: (ghost) => paid.ring.cardFor(ghost),
      onClient: paid.attach,
      onSignOut: () => {
        paid.ring.clear();
        paid.inbox.clear();
      },
    });
    bridge.listen();
    publishStatus(manager);
    routePageRequests(manager, bridge, createPaymentGuard(fetchTreasury), paid.inbox, notifier);
    openJoinLinks();
    installContextMenu(manager);
    welcomeOnInstall();
    scheduleWakeAlarm(manager);
    if (import.meta.env.MODE === 'e2e') exposeTestHooks(manager, paid.inbox, notifier);
    void manager.start();
  },
});
