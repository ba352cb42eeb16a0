import { fileURLToPath } from 'node:url';
// Exactly as the README documents it.
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { expect, test } from 'ohos-netkit/playwright';
import { startStatic, type StaticServer } from './servers/static.js';
import { startUpstreamServer, type UpstreamServer } from '../src/testing/upstream-server.js';

// The Playwright fixture: a relay per worker, and pages that know it before app code
// runs. Also: direct mode under Playwright's own page.routeWebSocket.

test.use({ netkitRelayOptions: { outbound: { allowLoopbackOnly: true } } });

let site: StaticServer;
let upstream: UpstreamServer;
test.beforeAll(async () => {
  site = await startStatic({
    dist: fileURLToPath(new URL('../dist', import.meta.url)),
    harness: fileURLToPath(new URL('./harness', import.meta.url)),
  });
  upstream = await startUpstreamServer();
});
test.afterAll(async () => {
  await site.close();
  await upstream.close();
});

/** Opens the harness page, connects to the upstream's /headers with `options`, returns the request headers it saw. */
async function headersSeen(page: Page, options: object): Promise<Record<string, string>> {
  await page.goto(`${site.url}/harness/index.html`);
  await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
  return page.evaluate(
    async ({ url, options }) => {
      const { webSocket } = (window as unknown as { kit: { webSocket: { createWebSocket(): any } } }).kit;
      const ws = webSocket.createWebSocket();
      const first = new Promise<string>((resolve) => ws.on('message', (_err: unknown, value: string) => resolve(value)));
      await ws.connect(url, options);
      const value = await first;
      await ws.close();
      return (JSON.parse(value) as { headers: Record<string, string> }).headers;
    },
    { url: `${upstream.origin}/headers`, options },
  );
}

test('pages of a test using the fixture reach the dev relay: a header gets through', async ({ page, netkitRelay }) => {
  const headers = await headersSeen(page, { header: { 'X-Token': 'abc' } });
  expect(headers['x-token']).toBe('abc');
  expect(netkitRelay.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ohos-netkit-relay$/);
});

test('a plain connection goes through the relay by default', async ({ page }) => {
  const headers = await headersSeen(page, {});
  // The relay sends the device's Origin (no port by default, WS §5), not the page's.
  expect(headers.origin).toBe('http://127.0.0.1');
});

test.describe("with netkitConfig { useRelay: 'auto' }", () => {
  test.use({ netkitConfig: { useRelay: 'auto' } });

  test("netkitConfig reaches the page: useRelay 'auto' keeps a plain connection on the browser's WebSocket", async ({ page }) => {
    const headers = await headersSeen(page, {});
    expect(headers.origin).toBe(site.url);
  });

  test('direct mode works under page.routeWebSocket: the route answers, the app sees device events', async ({ page }) => {
    await page.routeWebSocket(/\/mocked$/, (route) => {
      route.onMessage((message) => route.send(`mock: ${String(message)}`));
    });
    await page.goto(`${site.url}/harness/index.html`);
    await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
    const events = await page.evaluate(async (url) => {
      const { webSocket } = (window as unknown as { kit: { webSocket: { createWebSocket(): any } } }).kit;
      const ws = webSocket.createWebSocket();
      const seen: unknown[] = [];
      const done = new Promise<void>((resolve) => {
        ws.on('open', (err: unknown, value: unknown) => {
          seen.push(['open', err, value]);
          void ws.send('hello');
        });
        ws.on('message', (err: unknown, value: unknown) => {
          seen.push(['message', err, value]);
          void ws.close();
        });
        ws.on('close', (err: unknown, value: unknown) => {
          seen.push(['close', err, value]);
          resolve();
        });
      });
      await ws.connect(url);
      await done;
      return seen;
    }, 'ws://127.0.0.1:9/mocked');
    expect(events).toEqual([
      ['open', undefined, { status: 101, message: 'Switching Protocols' }],
      ['message', undefined, 'mock: hello'],
      ['close', undefined, { code: 1000, reason: 'CLOSE_NORMAL' }],
    ]);
  });
});

test("the app's server listens through the fixture's relay on a free port; whenListening tells where", async ({ page, netkitRelay }) => {
  await page.goto(`${site.url}/harness/index.html`);
  await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
  await page.evaluate(async () => {
    const server = globalThis.kit.webSocket.createWebSocketServer();
    server.on('connect', (connection: unknown) => void server.send('hello', connection as never));
    await server.start({ serverPort: 8080, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 });
  });
  const { port } = await netkitRelay.whenListening(8080);
  expect(port).not.toBe(8080);
  const client = new WebSocket(`ws://127.0.0.1:${port}/`);
  const [message] = await new Promise<[Buffer]>((resolve) => client.once('message', (data: Buffer) => resolve([data])));
  expect(message.toString()).toBe('hello');
  client.close();
});
