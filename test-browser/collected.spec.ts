/**
 * WS §4 "GC": a `WebSocket` the app can no longer reach is collected, and its
 * connection stopped, on every wire a page has. The page makes a client whose listeners
 * refer to it, as app code does, and keeps nothing of it once it is open; the test then
 * asks the renderer to collect garbage (DevTools' HeapProfiler.collectGarbage) until
 * the server sees the connection end; and likewise a server, whose client is dropped and
 * whose port is given back.
 */
import type { CDPSession, Frame, Page } from '@playwright/test';
import NodeWebSocket from 'ws';
import { startUpstreamServer, type UpstreamServer } from '../src/testing/upstream-server.js';
import { nextEvent, within } from '../src/testing/within.js';
import { expect, test } from './fixtures.js';

let upstream: UpstreamServer;
test.beforeAll(async () => {
  upstream = await startUpstreamServer();
});
test.afterAll(() => upstream.close());

/** What a page holds only until the test lets go of it (a collection before then would stop it too early). */
type Holding = { held?: unknown };

/** Opens a client in `frame` and keeps no reference to it once it is open. */
async function openAndForget(frame: Frame, url: string): Promise<void> {
  await frame.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const ws = window.importedKit.webSocket.createWebSocket();
        (window as Holding).held = ws;
        ws.on('open', () => {
          delete (window as Holding).held;
          resolve();
        });
        ws.on('message', () => void ws.send('again'));
        void ws.connect(url);
      }),
    url,
  );
}

/** Collects the renderer's garbage until `ended` settles: finalizers run some time after the collection. */
async function collectUntil<T>(cdp: CDPSession, ended: Promise<T>): Promise<T> {
  let seen = false;
  void ended.finally(() => {
    seen = true;
  });
  return within(
    (async () => {
      while (!seen) {
        await cdp.send('HeapProfiler.collectGarbage');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return ended;
    })(),
    15_000,
    'the collected client to end its connection',
  );
}

async function serverSideClose(open: () => Promise<void>, host: Page): Promise<number> {
  const serverSide = nextEvent<[NodeWebSocket]>(upstream, 'connection', 10_000);
  await open();
  const [socket] = await serverSide;
  const ended = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
  const cdp = await host.context().newCDPSession(host);
  try {
    return await collectUntil(cdp, ended);
  } finally {
    await cdp.detach();
  }
}

test('direct mode: a client the app dropped is stopped when collected; the server gets a close without a status (a page cannot drop)', async ({
  host,
  kit,
}) => {
  // 1005: a page's WebSocket can only close (README, Differences from the device); the device drops.
  expect(await serverSideClose(() => openAndForget(kit, `${upstream.origin}/echo`), host)).toBe(1005);
});

test('through the relay: a client the app dropped is stopped when collected; the server sees it drop, as on the device', async ({
  host,
  relayAlwaysKit,
}) => {
  expect(await serverSideClose(() => openAndForget(relayAlwaysKit, `${upstream.origin}/echo`), host)).toBe(1006);
});

test('a client the app still holds is not stopped by a collection', async ({ host, kit }) => {
  const cdp = await host.context().newCDPSession(host);
  await kit.evaluate(async (url) => {
    const ws = window.importedKit.webSocket.createWebSocket();
    (window as unknown as { kept: unknown }).kept = ws;
    await new Promise<void>((resolve) => {
      ws.on('open', () => resolve());
      void ws.connect(url);
    });
  }, `${upstream.origin}/echo`);
  for (let i = 0; i < 5; i += 1) await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
  const echoed = await kit.evaluate(async () => {
    const ws = (window as unknown as { kept: ReturnType<typeof window.kit.webSocket.createWebSocket> }).kept;
    const message = new Promise((resolve) => ws.on('message', (_err: unknown, data: unknown) => resolve(data)));
    await ws.send('still here');
    return message;
  });
  expect(echoed).toBe('still here');
});

test('through the relay: a server the app dropped is stopped when collected; its client is dropped and its port given back, as on the device', async ({
  host,
  relay,
  relayAlwaysKit,
}) => {
  const appPort = 9411;
  await relayAlwaysKit.evaluate(async (appPort) => {
    const server = window.importedKit.webSocket.createWebSocketServer();
    (window as Holding).held = server;
    server.on('messageReceive', (message: { data: unknown; clientConnection: unknown }) => {
      void server.send(`echo ${String(message.data)}`, message.clientConnection as never);
    });
    await server.start({ serverIP: '127.0.0.1', serverPort: appPort, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 });
  }, appPort);
  const { port } = await relay.whenListening(appPort);
  const client = new NodeWebSocket(`ws://127.0.0.1:${port}/`);
  client.on('error', () => {});
  await nextEvent(client, 'open', 10_000);
  const echoed = nextEvent<[Buffer]>(client, 'message', 10_000);
  client.send('hi');
  expect(String((await echoed)[0])).toBe('echo hi');
  await relayAlwaysKit.evaluate(() => delete (window as Holding).held);
  const dropped = new Promise<number>((resolve) => client.once('close', (code: number) => resolve(code)));
  const cdp = await host.context().newCDPSession(host);
  try {
    expect(await collectUntil(cdp, dropped)).toBe(1006);
  } finally {
    await cdp.detach();
  }
  await expect.poll(() => relay.servers.filter((server) => server.port === port).length).toBe(0);
});
