/**
 * The specs' world:
 * - `servers` (one set per worker): the static server for dist/ and the harness, the
 *   upstream WebSocket server (behaviour chosen by URL, see servers/upstream.ts) and a
 *   port that refuses connections;
 * - `host` (per worker): one browser page that holds the tests' frames;
 * - `openFrame` (per test): loads a harness page into a fresh iframe of the host, so
 *   every test gets its own document and its own copy of the bundle (module state,
 *   config global, one-time warnings) for ~0.1 s instead of ~0.5 s for a new tab;
 * - `kit` (per test): such a frame with harness/index.html, window.kit and window.helpers;
 * - `listener` (per test): a TCP listener that accepts and never answers;
 * - `consoleLog` and `pageErrors` (per test): what page code printed and threw.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Frame, type Page } from '@playwright/test';
import { startHangingListener, type HangingListener } from './servers/hanging-listener.js';
import { startRefusedPort } from './servers/refused-port.js';
import { startStatic } from './servers/static.js';
import { startUpstream } from './servers/upstream.js';
import { ConsoleLog } from './support/console-log.js';
import { installPageHelpers } from './support/page-helpers.js';

export interface Servers {
  /** `http://127.0.0.1:<port>`: dist/ at `/`, the harness pages at `/harness/`. */
  http: string;
  /** `ws://127.0.0.1:<port>`: append a behaviour path such as `/echo`. */
  upstream: string;
  /** `ws://127.0.0.1:<port>` where nobody listens. */
  refused: string;
}

/** Loads `/harness/<page>` (with an optional query) into a new frame and waits for `window.ready`. */
export type OpenFrame = (harnessPage: string) => Promise<Frame>;

const DIST = fileURLToPath(new URL('../dist', import.meta.url));
const HARNESS = fileURLToPath(new URL('./harness', import.meta.url));
const READY_TIMEOUT_MS = 5000;

interface TestFixtures {
  openFrame: OpenFrame;
  kit: Frame;
  listener: HangingListener;
  consoleLog: ConsoleLog;
  pageErrors: string[];
}

interface WorkerFixtures {
  servers: Servers;
  host: Page;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  servers: [
    // The empty pattern is Playwright's way of saying "depends on no other fixture".
    async ({}, use) => {
      if (!existsSync(`${DIST}/browser/index.js`)) {
        throw new Error(`${DIST}/browser/index.js is missing: run \`npm run build\` before the e2e suite`);
      }
      const [web, upstream, refused] = await Promise.all([
        startStatic({ dist: DIST, harness: HARNESS }),
        startUpstream(),
        startRefusedPort(),
      ]);
      await use({ http: web.url, upstream: upstream.url, refused: refused.url });
      await Promise.all([web.close(), upstream.close(), refused.close()]);
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
});

export { expect };
