import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
// Exactly as the README documents it.
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { expect, test } from 'ohos-netkit/playwright';
import { startStatic, type StaticServer } from './servers/static.js';
import { CaptureLogger } from '../src/relay/testing/capture-logger.js';
import { startHttpTestServer, type HttpTestServer } from '../src/testing/http-test-server.js';
import { startUpstreamServer, type UpstreamServer } from '../src/testing/upstream-server.js';
import { HTTP_AND_WS_STEPS, headerOf, httpAndWsQuery, runHttpAndWsPage, sentBy } from './support/http-and-ws-app.js';

// The Playwright fixture: a relay per worker, and pages that know it before app code
// runs. Also: direct mode under Playwright's own page.routeWebSocket.

/** What the worker's relay logged (this file's tests run in one worker, with the relay it starts). */
const relayLog = new CaptureLogger();
test.use({ netkitRelayOptions: { outbound: { allowLoopbackOnly: true }, logger: relayLog } });

const DIST = fileURLToPath(new URL('../dist', import.meta.url));
const HARNESS = fileURLToPath(new URL('./harness', import.meta.url));

let site: StaticServer;
let upstream: UpstreamServer;
let api: HttpTestServer;
test.beforeAll(async () => {
  site = await startStatic({ dist: DIST, harness: HARNESS });
  upstream = await startUpstreamServer();
  api = await startHttpTestServer();
});
test.afterAll(async () => {
  await site.close();
  await upstream.close();
  await api.close();
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

  test("useRelay 'auto' applies to http: a plain request is the page's fetch, one with a header a page may not send goes through netkitRelay", async ({
    page,
  }) => {
    await page.goto(`${site.url}/harness/index.html`);
    await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
    const from = api.requests.length;
    const codes = await page.evaluate(async (url) => {
      const { http } = globalThis.kit;
      const plain = await http.createHttp().request(url);
      const withCookie = await http.createHttp().request(url, { header: { Cookie: 'session=1' } });
      return [plain.responseCode, withCookie.responseCode];
    }, `${api.origin}/echo`);
    expect(codes).toEqual([200, 200]);
    const [plain, withCookie] = api.requests.slice(from);
    expect([sentBy(plain!), headerOf(plain!, 'origin')]).toEqual(['a page', site.url]);
    expect([sentBy(withCookie!), headerOf(withCookie!, 'cookie')]).toEqual(['curl-like', 'session=1']);
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

/**
 * The arkts-app's http-and-ws page with its ArkTS imports left as they are, resolved by
 * the harness's import map (as a bundler with the plugin resolves them), on a static
 * server of its own beside dist/.
 */
async function servedHttpAndWsApp(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ohos-netkit-fixture-app-'));
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./apps/arkts-app/http-and-ws-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    outfile: join(dir, 'http-and-ws-page.js'),
    external: ['@kit.NetworkKit', '@kit.BasicServicesKit', '@ohos.net.http'],
    logLevel: 'silent',
  });
  const importMap = /<script type="importmap">[\s\S]*?<\/script>/.exec(await readFile(join(HARNESS, 'index.html'), 'utf8'))?.[0];
  if (importMap === undefined) throw new Error('harness/index.html has no import map');
  await writeFile(
    join(dir, 'http-and-ws.html'),
    `<!doctype html><link rel="icon" href="data:,">${importMap}<script type="module" src="./http-and-ws-page.js"></script>`,
  );
  const served = await startStatic({ dist: DIST, harness: dir });
  return {
    url: `${served.url}/harness/http-and-ws.html`,
    async close() {
      await served.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

test('an ArkTS module using http and webSocket together runs unchanged under the fixture: netkitRelay carries its requests and its connection', async ({
  page,
}) => {
  const app = await servedHttpAndWsApp();
  const origins: Array<string | undefined> = [];
  const onUpgrade = (request: IncomingMessage): void => void origins.push(request.headers.origin);
  upstream.on('upgrade-request', onUpgrade);
  try {
    const from = { requests: api.requests.length, log: relayLog.lines.length };
    const lines = await runHttpAndWsPage(page, `${app.url}${httpAndWsQuery(api.origin, `${upstream.origin}/echo`)}`);
    expect(lines).toEqual(HTTP_AND_WS_STEPS);
    const requests = api.requests.slice(from.requests);
    expect(requests.map((request) => [request.target, sentBy(request)])).toEqual([
      ['/echo', 'curl-like'],
      ['/text?body=from-the-api', 'curl-like'],
    ]);
    expect(headerOf(requests[0]!, 'x-app')).toBe('arkts-app');
    // The WebSocket too: the device's Origin, which only a relay sends.
    expect(origins).toEqual(['http://127.0.0.1']);
    // The fixture's relay, by its own log: the two http legs, then the WebSocket's.
    const steps = relayLog.lines
      .slice(from.log)
      .filter((line) => / (GET|connecting to) /.test(line))
      .map((line) => line.replace(/^info leg #\d+: /, ''));
    expect(steps).toEqual([
      `GET ${api.origin}/echo direct (no proxy in the environment)`,
      `GET ${api.origin}/text direct (no proxy in the environment)`,
      `connecting to ${upstream.origin}/echo direct (no proxy in the environment)`,
    ]);
  } finally {
    upstream.off('upgrade-request', onUpgrade);
    await app.close();
  }
});

test("netkitRelay.connections shows a page's http request while it runs, and not once the page has left", async ({ page, netkitRelay }) => {
  await page.goto(`${site.url}/harness/index.html`);
  await page.waitForFunction(() => (window as { ready?: boolean }).ready === true);
  const target = `${api.origin}/hang`;
  // The server never answers: the request runs until the page goes (HTTP §7.3: destroy() would not end it).
  await page.evaluate(
    (url) =>
      void globalThis.kit.http
        .createHttp()
        .request(url)
        .catch(() => undefined),
    target,
  );
  const httpLegs = (): unknown[] => netkitRelay.connections.filter((connection) => connection.op === 'http');
  await expect.poll(httpLegs).toEqual([expect.objectContaining({ op: 'http', target, phase: 'transferring' })]);
  await page.goto('about:blank');
  await expect.poll(httpLegs).toEqual([]);
});
