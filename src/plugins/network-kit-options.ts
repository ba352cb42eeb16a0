/** The options of `networkKit()`, the Rollup/Vite plugin (README, "With Rollup or Vite: the plugin"). */
import type { NetkitConfig } from '../core/netkit-config.js';
import type { RelayOptions } from '../entries/relay/compose-relay.js';

export interface NetworkKitPluginOptions {
  /**
   * The dev relay in Vite's dev server: false turns it off; an object configures it
   * (its `host`/`port` are the dev server's and cannot be set here). Builds carry no
   * relay: relay options there are warned about.
   * @default {} (on in Vite's dev server, with the relay's defaults)
   */
  relay?: false | Omit<RelayOptions, 'host' | 'port'>;
  /**
   * Settings for the app's code (e.g. `strict`, `useRelay`, `device`), put on
   * `globalThis.__OHOS_NETKIT_CONFIG__` wherever it imports an ArkTS module: in the dev
   * server, in `vite build` and Rollup output, under SSR and Vitest. What the page sets
   * itself wins. `relay` points the app at a relay you run (with `relay: false`, or in a
   * build); in the dev server the plugin's own relay replaces it.
   */
  config?: NetkitConfig;
}
