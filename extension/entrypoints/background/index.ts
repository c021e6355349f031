/** The background: wires the connection, the wallet bridge, page requests and the context menu. */
import { defineBackground } from 'wxt/utils/define-background';
import { createInterimCredentials } from '../../client/interim-credentials.ts';
import { connectInterimGhostClient, probeInterimServer } from '../../client/interim-ghost-client.ts';
import { loadServerUrl } from '../../settings/server-url.ts';
import { ConnectionManager } from './connection-manager.ts';
import { installContextMenu } from './context-menu.ts';
import { openJoinLinks } from './join-links.ts';
import { routePageRequests } from './page-router.ts';
import { publishStatus } from './status-hub.ts';
import { exposeTestHooks } from './test-hooks.ts';
import { scheduleWakeAlarm } from './wake-alarm.ts';
import { WalletBridge } from './wallet-bridge.ts';
import { welcomeOnInstall } from './welcome.ts';

export default defineBackground({
  main() {
    const bridge = new WalletBridge(loadServerUrl);
    const manager = new ConnectionManager({
      connect: connectInterimGhostClient,
      createCredentials: createInterimCredentials,
      probe: probeInterimServer,
      bridge,
      loadServer: loadServerUrl,
    });
    bridge.listen();
    publishStatus(manager);
    routePageRequests(manager, bridge);
    openJoinLinks();
    installContextMenu(manager);
    welcomeOnInstall();
    scheduleWakeAlarm(manager);
    exposeTestHooks(manager);
    void manager.start();
  },
});
