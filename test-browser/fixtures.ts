/**
 * The specs' world:
 * - `servers` (one set per worker): the static server for dist/ and the harness, and the
 *   upstream WebSocket server (behaviour chosen by URL, see src/testing/upstream-server.ts);
 * - `host` (per worker): one browser page that holds the tests' frames;
 * - `openFrame` (per test): loads a harness page into a fresh iframe of the host, so
 *   every test gets its own document and its own copy of the bundle (module state,
 *   config global, one-time warnings) for ~0.1 s instead of ~0.5 s for a new tab;
 * - `kit` (per test): such a frame with harness/index.html, window.kit and window.helpers;
 * - `listener` (per test): a TCP listener that accepts and never answers;
 * - `consoleLog` and `pageErrors` (per test): what page code printed and threw.
 *
 * The dev relay's world, started only in workers that run a relay spec:
 * - `relayTls` (per worker): CA, server, client, expired and self-signed certificates
 *   made by openssl for this run; their directory is the relay's sandboxDir;
 * - `relay` and `relayLog` (per worker): a relay that may reach loopback only, and
 *   every line it logged;
 * - `relayUpstreams` (per worker): the servers behind it (servers/relay-upstreams.ts);
 * - `tinyproxy` (per worker): a real tinyproxy on loopback, with its log;
 * - `openConfiguredFrame` (per test): a harness frame whose config global is set
 *   before the bundle loads (`index.html?config=<JSON>`);
 * - `relayKit` / `relayAlwaysKit` (per test): frames configured with the worker's relay,
 *   `useRelay` 'auto' (only connections that need the relay use it) and the default
 *   (every connection through the relay).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Frame, type Page, type TestInfo } from '@playwright/test';
import type { RelayServer } from '../src/entries/relay/compose-relay.js';
import { CaptureLogger } from '../src/relay/testing/capture-logger.js';
import { startUpstreamServer } from '../src/testing/upstream-server.js';
import { startLoopbackRelay } from '../src/entries/relay/testing/loopback-relay.js';
import { startTinyproxy, type Tinyproxy } from '../src/testing/tinyproxy.js';
import { createTlsFixtures, type TlsFixtures } from '../src/testing/tls-fixtures.js';
import { startHangingListener, type HangingListener } from './servers/hanging-listener.js';
import { startRelayUpstreams, type RelayUpstreams } from './servers/relay-upstreams.js';
import { startStatic } from './servers/static.js';
import { ConsoleLog } from './support/console-log.js';
import { installPageHelpers } from './support/page-helpers.js';

export interface Servers {
  /** `http://127.0.0.1:<port>`: dist/ at `/`, the harness pages at `/harness/`. */
  http: string;
  /** `ws://127.0.0.1:<port>`: append a behaviour path such as `/echo`. */
  upstream: string;
}

/** Loads `/harness/<page>` (with an optional query) into a new frame and waits for `window.ready`. */
export type OpenFrame = (harnessPage: string) => Promise<Frame>;

/** Loads harness/index.html with `globalThis.__OHOS_NETKIT_CONFIG__ = config` set before the bundle. */
export type OpenConfiguredFrame = (config: Record<string, unknown>) => Promise<Frame>;

const DIST = fileURLToPath(new URL('../dist', import.meta.url));
const HARNESS = fileURLToPath(new URL('./harness', import.meta.url));
const READY_TIMEOUT_MS = 5000;
/** openssl runs and server starts for the relay's world, on a busy two-core machine. */
const RELAY_WORLD_TIMEOUT_MS = 30_000;

interface TestFixtures {
  /** Automatic: a failed test gets the lines the worker's relay logged while it ran, as an attachment. */
  relayLogOfTest: void;
  openFrame: OpenFrame;
  kit: Frame;
  listener: HangingListener;
  consoleLog: ConsoleLog;
  pageErrors: string[];
  openConfiguredFrame: OpenConfiguredFrame;
  relayKit: Frame;
  relayAlwaysKit: Frame;
}

interface WorkerFixtures {
  servers: Servers;
  host: Page;
  relayTls: TlsFixtures;
  relayLog: CaptureLogger;
  relay: RelayServer;
  relayUpstreams: RelayUpstreams;
  tinyproxy: Tinyproxy;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  servers: [
    // The empty pattern is Playwright's way of saying "depends on no other fixture".
    async ({}, use) => {
      if (!existsSync(`${DIST}/browser/index.js`)) {
        throw new Error(`${DIST}/browser/index.js is missing: run \`npm run build\` before the e2e suite`);
      }
      const [web, upstream] = await Promise.all([startStatic({ dist: DIST, harness: HARNESS }), startUpstreamServer()]);
      await use({ http: web.url, upstream: upstream.origin });
      await Promise.all([web.close(), upstream.close()]);
    },
    { scope: 'worker' },
  ],

  host: [
    async ({ browser, servers }, use) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      // Runs in every frame before its own scripts: window.helpers is there from the start.
      await page.addInitScript(installPageHelpers);
      await page.goto(`${servers.http}/harness/host.html`);
      await use(page);
      await context.close();
    },
    { scope: 'worker' },
  ],

  relayLogOfTest: [
    async ({ relayLog }, use, testInfo) => {
      const from = relayLog.lines.length;
      await use();
      const lines = relayLog.lines.slice(from);
      if (testInfo.status !== testInfo.expectedStatus && lines.length > 0) {
        await testInfo.attach('relay log', { body: lines.join('\n'), contentType: 'text/plain' });
      }
    },
    { auto: true },
  ],

  consoleLog: async ({ host }, use) => {
    const log = new ConsoleLog(host);
    await use(log);
    log.dispose();
  },

  pageErrors: async ({ host }, use) => {
    const errors: string[] = [];
    const onError = (error: Error) => errors.push(error.message);
    host.on('pageerror', onError);
    await use(errors);
    host.off('pageerror', onError);
  },

  openFrame: async ({ host, servers, consoleLog: _consoleLog, pageErrors: _pageErrors }, use, testInfo) => {
    // consoleLog and pageErrors are listed so that they listen before the frame's first line.
    const names: string[] = [];
    await use(async (harnessPage) => {
      const name = `t${testInfo.workerIndex}-${testInfo.testId}-${names.length}`;
      names.push(name);
      await host.evaluate(
        ({ name, src }) =>
          new Promise<void>((resolve) => {
            const frame = document.createElement('iframe');
            frame.name = name;
            frame.src = src;
            frame.addEventListener('load', () => resolve(), { once: true });
            document.body.append(frame);
          }),
        { name, src: `${servers.http}/harness/${harnessPage}` },
      );
      const frame = host.frame({ name });
      if (frame === null) throw new Error(`frame ${name} did not attach`);
      await frame.waitForFunction(() => window.ready === true, undefined, { timeout: READY_TIMEOUT_MS });
      return frame;
    });
    // Removing a frame ends its document: its connections close with it.
    await host.evaluate((names) => {
      for (const name of names) document.querySelector(`iframe[name="${name}"]`)?.remove();
    }, names);
  },

  kit: async ({ openFrame }, use) => {
    await use(await openFrame('index.html'));
  },

  // The empty pattern: no dependencies.
  listener: async ({}, use) => {
    const listener = await startHangingListener();
    await use(listener);
    await listener.close();
  },

  relayTls: [
    async ({}, use) => {
      const tls = await createTlsFixtures();
      await use(tls);
      await tls.dispose();
    },
    { scope: 'worker', timeout: RELAY_WORLD_TIMEOUT_MS },
  ],

  relayLog: [
    async ({}, use) => {
      await use(new CaptureLogger());
    },
    { scope: 'worker' },
  ],

  relay: [
    async ({ relayTls, relayLog }, use) => {
      // Loopback only, whatever a spec names (startLoopbackRelay enforces it). The page's
      // origin, http://127.0.0.1:<static port>, is in the relay's default allowlist.
      // The app's servers on free ports: workers run side by side.
      const relay = await startLoopbackRelay({
        outbound: { allowLoopbackOnly: true },
        sandboxDir: relayTls.dir,
        logger: relayLog,
        servers: { ports: 'free' },
      });
      await use(relay);
      await relay.close();
    },
    { scope: 'worker', timeout: RELAY_WORLD_TIMEOUT_MS },
  ],

  relayUpstreams: [
    async ({ relayTls }, use) => {
      const upstreams = await startRelayUpstreams(relayTls);
      await use(upstreams);
      await upstreams.close();
    },
    { scope: 'worker', timeout: RELAY_WORLD_TIMEOUT_MS },
  ],

  tinyproxy: [
    async ({}, use) => {
      const proxy = await startTinyproxy();
      await use(proxy);
      await proxy.close();
    },
    { scope: 'worker', timeout: RELAY_WORLD_TIMEOUT_MS },
  ],

  openConfiguredFrame: async ({ openFrame }, use) => {
    await use((config) => openFrame(`index.html?config=${encodeURIComponent(JSON.stringify(config))}`));
  },

  relayKit: async ({ openConfiguredFrame, relay }, use, testInfo) => {
    await use(await openConfiguredFrame({ relay: { url: relay.url, token: relay.token }, useRelay: 'auto' }));
    await attachLegsOfFailedTest(relay, testInfo);
  },

  relayAlwaysKit: async ({ openConfiguredFrame, relay }, use, testInfo) => {
    // No useRelay: with a relay configured, every connection goes through it by default.
    await use(await openConfiguredFrame({ relay: { url: relay.url, token: relay.token } }));
    await attachLegsOfFailedTest(relay, testInfo);
  },
});

/**
 * A failed test gets the relay's legs as they stood when it ended (before its frame
 * goes): which side was paused and what was waiting to be written tells a stall
 * from a slow machine.
 */
async function attachLegsOfFailedTest(relay: RelayServer, testInfo: TestInfo): Promise<void> {
  if (testInfo.status === testInfo.expectedStatus) return;
  await testInfo.attach('relay legs at the end', { body: JSON.stringify(relay.connections, null, 2), contentType: 'application/json' });
}

export { expect };
