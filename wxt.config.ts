/**
 * WXT build of the browser extension (DESIGN.md "Extension"): Chrome MV3 and Firefox MV3 from the
 * same sources under `extension/`. Auto-imports are off: every file imports what it uses.
 */
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig, type WxtViteConfig } from 'wxt';

/**
 * The default server and the local dev servers the extension may talk to without asking. No content
 * script is in the manifest: the background registers them for the configured server's /connect
 * and /join pages only (extension/entrypoints/background/server-page-scripts.ts).
 */
const LOCAL_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];
const LOCAL_CONNECT_SRC = 'http://127.0.0.1:* ws://127.0.0.1:* http://localhost:* ws://localhost:*';
/** ts-mls's optional dependencies for ciphersuites rooms do not use (see the module itself). */
const MISSING_OPTIONAL_MODULE = fileURLToPath(
  new URL('./extension/missing-optional-module.ts', import.meta.url),
);
const TS_MLS_OPTIONAL = [
  '@hpke/chacha20poly1305',
  '@hpke/dhkem-x448',
  '@hpke/ml-kem',
  '@hpke/hybridkem-x-wing',
  '@noble/post-quantum/ml-dsa.js',
];

export default defineConfig({
  srcDir: 'extension',
  hooks: {
    // WXT writes no `open_at_install`, and Firefox then opens the sidebar at install, over the
    // welcome page (issue #13): the welcome page's last step opens the chat when the person wants it.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (manifest.sidebar_action) manifest.sidebar_action.open_at_install = false;
    },
  },
  manifestVersion: 3,
  imports: false,
  // @preact/preset-vite is typed against the top-level Vite 8 while WXT 0.21 bundles Vite 7; the
  // plugin works with both, only the declared types differ.
  vite: () => ({
    plugins: [preact()] as unknown as WxtViteConfig['plugins'],
    resolve: { alias: Object.fromEntries(TS_MLS_OPTIONAL.map((name) => [name, MISSING_OPTIONAL_MODULE])) },
  }),
  manifest: ({ browser }) => ({
    name: 'AnoGhost',
    description: 'Privacy-first messenger: rotating ghostIds, end-to-end encrypted rooms, NFT-keyed chats.',
    // notifications: a message or invitation while the side panel is hidden (issue #13).
    permissions: [
      'storage',
      'contextMenus',
      'clipboardWrite',
      'activeTab',
      'scripting',
      'alarms',
      'notifications',
    ],
    host_permissions: LOCAL_HOSTS,
    // Another server URL set in the options page is requested at run time; remote means https.
    optional_host_permissions: ['https://*/*'],
    action: { default_title: 'AnoGhost' },
    // Firefox's MV3 default CSP upgrades ws:// to wss://, which breaks a local http server. No
    // WebAssembly runs in the extension (noble and WebCrypto are plain JS), so no 'wasm-unsafe-eval'.
    content_security_policy: {
      extension_pages: `script-src 'self'; object-src 'self'; connect-src 'self' https: wss: ${LOCAL_CONNECT_SRC}`,
    },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'anoghost@anoghost.dev', strict_min_version: '128.0' } } }
      : {}),
  }),
});
