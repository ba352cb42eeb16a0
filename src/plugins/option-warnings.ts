/**
 * The plugin's options that cannot take effect where it runs, each said once in words,
 * never dropped silently: a typo, relay options in a build (which carries no relay), a
 * relay that cannot share a dev server without an HTTP server, a `config.relay` that
 * the plugin's own relay replaces.
 */
import type { NetkitConfig } from '../core/netkit-config.js';
import type { NetworkKitPluginOptions } from './network-kit-options.js';

const PLUGIN_OPTIONS = { relay: true, config: true } satisfies Record<keyof NetworkKitPluginOptions, true>;
// The compiler keeps this list complete: a new setting that is missing here fails the type check.
const CONFIG_SETTINGS = {
  relay: true,
  useRelay: true,
  strict: true,
  filesDir: true,
  device: true,
  servers: true,
} satisfies Record<keyof NetkitConfig, true>;

const unknownKeys = (value: object, known: object): string[] => Object.keys(value).filter((key) => !Object.hasOwn(known, key));
const list = (names: readonly string[]): string => names.map((name) => `'${name}'`).join(', ');

/** Names that are no option at all, wherever the plugin runs. */
export function unknownOptionWarnings(options: NetworkKitPluginOptions): string[] {
  const warnings: string[] = [];
  const unknown = unknownKeys(options, PLUGIN_OPTIONS);
  if (unknown.length > 0) warnings.push(`unknown option ${list(unknown)} ignored (the options are ${list(Object.keys(PLUGIN_OPTIONS))})`);
  const unknownSettings = options.config === undefined ? [] : unknownKeys(options.config, CONFIG_SETTINGS);
  if (unknownSettings.length > 0) {
    warnings.push(`unknown setting config.${unknownSettings.join(', config.')} ignored (the settings are ${list(Object.keys(CONFIG_SETTINGS))})`);
  }
  return warnings;
}

const hasRelayOptions = (options: NetworkKitPluginOptions): boolean => typeof options.relay === 'object' && Object.keys(options.relay).length > 0;

/** `vite build`, a Rollup build: the output runs without the plugin, so without its relay. */
export function buildWarnings(options: NetworkKitPluginOptions): string[] {
  if (!hasRelayOptions(options)) return [];
  return [
    "the relay options do nothing in a build: a build carries no relay (the plugin runs one in Vite's dev server only). " +
      'To use a relay from a built app, run one (npx ohos-netkit relay) and give its address in config.relay.',
  ];
}

/** Vite's dev server (not Vitest's, whose tests run in Node and need no relay). */
export function devServerWarnings(options: NetworkKitPluginOptions, server: { hasHttpServer: boolean }): string[] {
  if (options.relay === false) return [];
  const warnings: string[] = [];
  if (!server.hasHttpServer) {
    warnings.push(
      'no dev relay: this dev server has no HTTP server of its own (middlewareMode), so the relay cannot share its port. ' +
        'Attach one to your server (createRelay().attach(server) from ohos-netkit/relay) and pass relay: false, config: { relay: { url, token } }.',
    );
    return warnings;
  }
  const relayOptions = (options.relay ?? {}) as Record<string, unknown>;
  const serversOwn = ['host', 'port'].filter((name) => relayOptions[name] !== undefined);
  if (serversOwn.length > 0) {
    warnings.push(`relay.${serversOwn.join(' and relay.')} ignored: the relay answers on the dev server's own address (server.host, server.port)`);
  }
  if (options.config?.relay !== undefined) {
    warnings.push('config.relay ignored: the plugin runs its own relay in this dev server and gives the page its address (relay: false uses yours)');
  }
  return warnings;
}
