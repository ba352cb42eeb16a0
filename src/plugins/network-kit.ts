/**
 * `ohos-netkit/plugin`: one plugin for Rollup and Vite.
 *
 * - Resolves the ArkTS module names (`@kit.NetworkKit`, `@kit.BasicServicesKit`,
 *   `@ohos.net.webSocket`) to this package's browser build, so app code imports them
 *   unchanged.
 * - In Vite's dev server only, runs the dev relay inside the dev server (on its own
 *   port, on an upgrade path: no extra port) and hands the page the relay's address and
 *   token before app code runs. `vite build` and Rollup builds carry no relay.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createRelay, type Relay } from '../relay/index.js';
import type { RelayOptions } from '../relay/relay-options.js';
import type { NetkitConfig } from '../core/netkit-config.js';

export interface NetworkKitPluginOptions {
  /**
   * The dev relay in Vite's dev server: false turns it off; an object configures it
   * (its `host`/`port` are the dev server's and cannot be set here).
   * @default {} (on, with the relay's defaults)
   */
  relay?: false | Omit<RelayOptions, 'host' | 'port'>;
  /** Extra settings handed to the page with the relay's address (e.g. `useRelay: 'always'`, `strict`). */
  config?: Omit<NetkitConfig, 'relay'>;
}

/** The subset of the Rollup/Vite plugin interface this plugin uses (no dependency on either package's types). */
export interface NetworkKitPlugin {
  name: string;
  enforce: 'pre';
  resolveId(
    this: { error(message: string): never },
    source: string,
    importer?: string,
    options?: { ssr?: boolean; [key: string]: unknown },
  ): string | null;
  configureServer(server: ViteDevServerLike): void;
  transformIndexHtml(): { tag: string; children: string; injectTo: 'head-prepend' }[] | undefined;
}

interface ViteDevServerLike {
  httpServer: {
    on(event: 'upgrade', listener: (request: IncomingMessage, socket: Duplex, head: Buffer) => void): unknown;
    once(event: 'close', listener: () => void): unknown;
  } | null;
}

/** dist/node/plugin.js → dist/browser/*.js: the browser build shipped next to it, wherever the package is installed. */
const browserEntry = (name: string): string => fileURLToPath(new URL(`../browser/${name}.js`, import.meta.url));

/**
 * Node-only entries. Their exports carry `"browser": null`, which esbuild, webpack and
 * Rollup's resolver refuse; Vite 8's resolver falls through to `default` and would bundle
 * Node code with stubbed built-ins, so the plugin refuses them itself.
 */
const NODE_ONLY = new Set(['ohos-netkit/relay', 'ohos-netkit/plugin', 'ohos-netkit/playwright']);

export const ARKTS_MODULES: Readonly<Record<string, string>> = {
  '@kit.NetworkKit': 'index',
  '@kit.BasicServicesKit': 'basic-services-kit',
  '@ohos.net.webSocket': 'ohos.net.webSocket',
};

export function networkKit(options: NetworkKitPluginOptions = {}): NetworkKitPlugin {
  let relay: Relay | undefined;
  return {
    name: 'ohos-netkit',
    // Before Vite's own resolver, which would look for a package named "@kit.NetworkKit".
    enforce: 'pre',
    resolveId(source, importer, resolveOptions) {
      if (NODE_ONLY.has(source) && resolveOptions?.ssr !== true) {
        this.error(`${source} is Node-only and cannot go into a browser build (imported by ${importer ?? 'the entry'})`);
      }
      const entry = ARKTS_MODULES[source];
      return entry === undefined ? null : browserEntry(entry);
    },
    // Vite calls this for the dev server only: builds never start a relay.
    configureServer(server) {
      if (options.relay === false || server.httpServer === null) return;
      const started = createRelay(options.relay ?? {});
      relay = started;
      server.httpServer.on('upgrade', (request, socket, head) => started.handleUpgrade(request, socket, head));
      server.httpServer.once('close', () => void started.close());
    },
    transformIndexHtml() {
      if (relay === undefined) return undefined;
      // The page reaches the relay on the dev server's own origin, whatever port Vite picked.
      const script =
        `globalThis.__OHOS_NETKIT_CONFIG__ = Object.assign({}, globalThis.__OHOS_NETKIT_CONFIG__, ${JSON.stringify(options.config ?? {})}, ` +
        `{ relay: { url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + ${JSON.stringify(relay.path)}, token: ${JSON.stringify(relay.token)} } });`;
      return [{ tag: 'script', children: script, injectTo: 'head-prepend' }];
    },
  };
}

export default networkKit;
