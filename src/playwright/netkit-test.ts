/**
 * `ohos-netkit/playwright`: a Playwright `test` whose pages reach the dev relay.
 *
 * Each worker starts one relay (loopback only, on a free port) and stops it when the
 * worker ends; every page of a test learns the relay's address and token from an
 * init script, before any app code runs (a Vite dev server's own relay steps aside for
 * it). App code and tests stay as they are:
 *
 *   import { test, expect } from 'ohos-netkit/playwright';
 *
 * Where Playwright's own browser download is missing (a container with the system's
 * Chromium), CHROMIUM_PATH names the browser, as for this repository's own tests.
 */
import { test as base, expect } from '@playwright/test';
import type { PlaywrightTestArgs, PlaywrightTestOptions, PlaywrightWorkerArgs, PlaywrightWorkerOptions, TestType } from '@playwright/test';
import type { NetkitConfig } from '../core/netkit-config.js';
import { startRelay, type RelayOptions, type RelayServer } from '../entries/relay/compose-relay.js';

export interface NetkitWorkerFixtures {
  /**
   * Options of the worker's relay (set with `test.use({ netkitRelayOptions: … })` at file
   * or project level). Unless they say otherwise, the app's WebSocketServers listen on
   * free ports (`servers: { ports: 'free' }`), so that parallel workers need not own the
   * app's port: `netkitRelay.whenListening(appPort)` tells where a server listens, and
   * a page's own clients reach it on the app's port.
   */
  netkitRelayOptions: RelayOptions;
  /** The worker's relay: its `url`, `token`, `connections`. */
  netkitRelay: RelayServer;
}

export interface NetkitTestFixtures {
  /** Settings handed to pages besides the relay's address, e.g. `{ useRelay: 'always' }` or `{ strict: true }`. */
  netkitConfig: Omit<NetkitConfig, 'relay'>;
}

// Its type spelled out: inferred, the declaration would name Playwright's types by where
// @playwright/test re-exports them from (the package `playwright`), which an app's
// node_modules need not let ohos-netkit resolve.
export const test: TestType<
  PlaywrightTestArgs & PlaywrightTestOptions & NetkitTestFixtures,
  PlaywrightWorkerArgs & PlaywrightWorkerOptions & NetkitWorkerFixtures
> = base.extend<NetkitTestFixtures, NetkitWorkerFixtures>({
  // Not an option of its own: a plain function over Playwright's launchOptions option
  // sees what the config's `use` (or a project's) set there, and only fills in the
  // browser when nothing chose one. An explicit executablePath or channel wins. A spec
  // file's own test.use({ launchOptions }) replaces this function altogether (Playwright
  // layers it on top), which the README tells users.
  launchOptions: async ({ launchOptions, browserName }, use) => {
    const fromEnv = process.env.CHROMIUM_PATH;
    const chosen = launchOptions.executablePath !== undefined || launchOptions.channel !== undefined;
    await use(
      browserName === 'chromium' && fromEnv !== undefined && fromEnv !== '' && !chosen
        ? { ...launchOptions, executablePath: fromEnv }
        : launchOptions,
    );
  },
  netkitRelayOptions: [{}, { scope: 'worker', option: true }],
  netkitRelay: [
    async ({ netkitRelayOptions }, use) => {
      const relay = await startRelay({ ...netkitRelayOptions, servers: { ports: 'free', ...netkitRelayOptions.servers } });
      await use(relay);
      await relay.close();
    },
    { scope: 'worker' },
  ],
  netkitConfig: [{}, { option: true }],
  // The context, not the page: popups and extra pages of the test get the relay too.
  context: async ({ context, netkitRelay, netkitConfig }, use) => {
    const config: NetkitConfig = { ...netkitConfig, relay: { url: netkitRelay.url, token: netkitRelay.token } };
    await context.addInitScript((settings) => {
      const holder = globalThis as { __OHOS_NETKIT_CONFIG__?: object };
      holder.__OHOS_NETKIT_CONFIG__ = { ...holder.__OHOS_NETKIT_CONFIG__, ...settings };
    }, config);
    await use(context);
  },
});

export { expect };
