/**
 * `ohos-netkit/plugin`: one plugin for Rollup and Vite.
 *
 * - Resolves the ArkTS module names (`@kit.NetworkKit`, `@kit.BasicServicesKit`,
 *   `@ohos.net.webSocket`, `@ohos.net.http`) to this package's browser build, or to its Node build where
 *   the code runs in Node (SSR, Vitest), so app code imports them unchanged.
 * - With `config`, resolves them through a virtual module that hands the app those
 *   settings first: in the dev server and in every build alike.
 * - In Vite's dev server only, runs the dev relay inside the dev server (on its own
 *   port, on an upgrade path: no extra port), hands the page the relay's address and
 *   token before app code runs (unless the page has a relay already: the Playwright
 *   fixture's), and says in the log where it answers. `vite build` and Rollup builds
 *   carry no relay.
 * - Says, once, which options cannot take effect where it runs.
 */
import { createRelay, type Relay, type RelayOptions } from '../entries/relay/compose-relay.js';
import {
  ARKTS_ENTRIES,
  entryFile,
  isArktsModule,
  parseVirtualModuleId,
  SETTINGS_MODULE,
  settingsModuleSource,
  virtualModuleId,
  virtualModuleSource,
} from './arkts-modules.js';
import { codeTarget, isVitestNodeServer, type ResolveSite } from './code-target.js';
import type { NetworkKitPluginOptions } from './network-kit-options.js';
import { buildWarnings, devServerWarnings, unknownOptionWarnings } from './option-warnings.js';
import { relayEndpoint, type ListeningAddress } from './relay-endpoint.js';

export type { NetworkKitPluginOptions } from './network-kit-options.js';

/** The subset of the Rollup/Vite plugin interface this plugin uses (no dependency on either package's types). */
export interface NetworkKitPlugin {
  name: string;
  enforce: 'pre';
  configResolved(config: ViteResolvedConfigLike): void;
  buildStart(this: { warn(message: string): void }): void;
  resolveId(
    this: { error(message: string): never; environment?: ResolveSite['environment'] },
    source: string,
    importer?: string,
    options?: { ssr?: boolean; [key: string]: unknown },
  ): string | { id: string; moduleSideEffects: boolean } | null;
  load(id: string): string | null;
  configureServer(server: ViteDevServerLike): void;
  transformIndexHtml(): { tag: string; children: string; injectTo: 'head-prepend' }[] | undefined;
}

interface ViteLoggerLike {
  info(message: string): void;
  warn(message: string): void;
}

interface ViteResolvedConfigLike {
  command: 'build' | 'serve';
  plugins: readonly { name: string }[];
  logger: ViteLoggerLike;
}

interface ViteDevServerLike {
  config: { logger: ViteLoggerLike; server: { https?: unknown } };
  httpServer: {
    // The upgrade's request, socket and head (Node's IncomingMessage, Duplex, Buffer) only
    // pass through to the relay, so they are typed `never`: the plugin's declarations name
    // no Node type (a Rollup project may have none), and Node's listener type still fits.
    on(event: 'upgrade', listener: (request: never, socket: never, head: never) => void): unknown;
    once(event: 'close' | 'listening', listener: () => void): unknown;
    address(): ListeningAddress | string | null;
  } | null;
}

/**
 * Node-only entries. Their exports carry `"browser": null`, which esbuild, webpack and
 * Rollup's resolver refuse; Vite 8's resolver falls through to `default` and would bundle
 * Node code with stubbed built-ins, so the plugin refuses them itself.
 */
const NODE_ONLY = new Set(['ohos-netkit/relay', 'ohos-netkit/plugin', 'ohos-netkit/playwright']);

/** ArkTS name → the entry's file name in dist/browser and dist/node. */
export const ARKTS_MODULES: Readonly<Record<string, string>> = ARKTS_ENTRIES;

/** Vite's logger prints no plugin name of its own (Rollup's this.warn does). */
const PREFIX = '[ohos-netkit]';

export function networkKit(options: NetworkKitPluginOptions = {}): NetworkKitPlugin {
  let relay: Relay | undefined;
  /** Set by Vite (configResolved); Rollup never calls it. */
  let vite: ViteResolvedConfigLike | undefined;
  let vitestNodeServer = false;
  /** Rollup's watch mode calls buildStart on every rebuild: say it on the first. */
  let warned = false;
  return {
    name: 'ohos-netkit',
    // Before Vite's own resolver, which would look for a package named "@kit.NetworkKit".
    enforce: 'pre',
    configResolved(config) {
      vite = config;
      vitestNodeServer = isVitestNodeServer(config);
      const warnings = [...unknownOptionWarnings(options), ...(config.command === 'build' ? buildWarnings(options) : [])];
      for (const warning of warnings) config.logger.warn(`${PREFIX} ${warning}`);
    },
    buildStart() {
      // Under Vite, configResolved has said it (and Vite also calls this in its dev server).
      if (vite !== undefined || warned) return;
      warned = true;
      for (const warning of [...unknownOptionWarnings(options), ...buildWarnings(options)]) this.warn(warning);
    },
    resolveId(source, importer, resolveOptions) {
      if (source === SETTINGS_MODULE) return { id: SETTINGS_MODULE, moduleSideEffects: true };
      const target = codeTarget({ ssr: resolveOptions?.ssr, environment: this.environment }, vitestNodeServer);
      if (NODE_ONLY.has(source) && target === 'browser') {
        this.error(`${source} is Node-only and cannot go into a browser build (imported by ${importer ?? 'the entry'})`);
      }
      if (!isArktsModule(source)) return null;
      return options.config === undefined ? entryFile(target, source) : virtualModuleId(target, source);
    },
    load(id) {
      if (id === SETTINGS_MODULE) return settingsModuleSource(options.config ?? {});
      const virtual = parseVirtualModuleId(id);
      return virtual === undefined ? null : virtualModuleSource(virtual.target, virtual.source);
    },
    // Vite calls this for dev servers only: builds never start a relay.
    configureServer(server) {
      // Vitest's own server: the tests run in Node, on the Node build, which needs no relay.
      if (vitestNodeServer) return;
      const logger = server.config.logger;
      const httpServer = server.httpServer;
      for (const warning of devServerWarnings(options, { hasHttpServer: httpServer !== null })) logger.warn(`${PREFIX} ${warning}`);
      if (options.relay === false || httpServer === null) return;
      // The dev server's address is the relay's: its own host and port have no say here.
      const { host: _host, port: _port, ...relayOptions } = (options.relay ?? {}) as RelayOptions;
      const started = createRelay(relayOptions);
      relay = started;
      httpServer.on('upgrade', (request, socket, head) => started.handleUpgrade(request, socket, head));
      httpServer.once('close', () => void started.close());
      httpServer.once('listening', () => {
        const address = httpServer.address();
        if (address === null || typeof address === 'string') return;
        // The token stays out of every log: the page gets it from index.html.
        logger.info(`ohos-netkit dev relay on ${relayEndpoint(address, started.path, Boolean(server.config.server.https))} (token in the page)`);
      });
    },
    transformIndexHtml() {
      if (relay === undefined) return undefined;
      // The page reaches the relay on the dev server's own origin, whatever port Vite picked.
      // Under what the page has set already, key by key: a page that has a relay (the
      // Playwright fixture's, from an init script that ran before this) keeps it, so that
      // the test's relay options and netkitRelay.whenListening() are the ones that count.
      const script =
        `globalThis.__OHOS_NETKIT_CONFIG__ = Object.assign({ relay: { url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + ` +
        `location.host + ${JSON.stringify(relay.path)}, token: ${JSON.stringify(relay.token)} } }, globalThis.__OHOS_NETKIT_CONFIG__);`;
      return [{ tag: 'script', children: script, injectTo: 'head-prepend' }];
    },
  };
}

export default networkKit;
