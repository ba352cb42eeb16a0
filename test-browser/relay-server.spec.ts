/**
 * The app's WebSocketServer in a page, listening through the dev relay (WS §6), met by
 * real clients: a plain ws client in Node, a client in another page. The device rules
 * themselves run on every wire in conformance.spec.ts; here: the guide's server example
 * as it is, other pages, what a page leaves behind when it goes, and the way in of a
 * client (the relay holds its handshake until the page's server has decided on it).
 */
import { connect as connectTcp } from 'node:net';
import type { Frame } from '@playwright/test';
import WebSocket from 'ws';
import { hungUpWithout101 } from '../src/testing/hung-up-without-101.js';
import { nextEvent, within } from '../src/testing/within.js';
import { expect, test } from './fixtures.js';
import { loadExample } from './support/load-example.js';
import { runModule } from './support/run-module.js';

test("the guide's complete server example runs unchanged, and a client sees what a device's server does", async ({
  relayAlwaysKit,
  relay,
  consoleLog,
  pageErrors,
}) => {
  const source = await loadExample('guide-server-complete', []);
  await runModule(relayAlwaysKit, source);
  // The example listens on 8080; the test relay maps it to a free port, and says where.
  const { port } = await within(relay.whenListening(8080), 5000, 'the example to listen');
  const client = new WebSocket(`ws://127.0.0.1:${port}/`);
  const greeting = nextEvent<[Buffer]>(client, 'message');
  await nextEvent(client, 'open');
  const clientPort = (client as unknown as { _socket: { localPort: number } })._socket.localPort;
  expect((await greeting)[0].toString()).toBe("Hello, I'm server!");
  const closed = nextEvent<[number, Buffer]>(client, 'close');
  client.send('bye');
  const [code, reason] = await closed;
  expect([code, reason.toString()]).toEqual([1000, 'CLOSE_NORMAL']);
  await consoleLog.waitFor((line) => line.text.startsWith('client close'));
  expect(consoleLog.texts('info', 'error')).toEqual([
    'webSocket server start success',
    `New client connected! Client ip: 127.0.0.1, Client port: ${clientPort}`,
    'message send successfully',
    'client list cnt: 1, client connections list is: [object Object]',
    'on message received, client: [object Object], data: bye',
    'close client successfully',
    // WS §6.3: the close result's property is closeReason; the example reads `reason`.
    'client close, client: [object Object], closeReason: Code: 1000, reason: undefined',
  ]);
  // The example calls stop() right after start(), before the server listens: on the
  // device that async work finds no server and rejects (2302999), uncaught; the server runs on.
  expect(pageErrors).toHaveLength(1);
});

test('a client in another page reaches the server on the port the app asked for; the relay maps it', async ({ openConfiguredFrame, relay }) => {
  const config = { relay: { url: relay.url, token: relay.token } };
  const serverPage = await openConfiguredFrame(config);
  const clientPage = await openConfiguredFrame(config);
  await serverPage.evaluate(async () => {
    const server = globalThis.kit.webSocket.createWebSocketServer();
    server.on(
      'messageReceive',
      (message: { data: string; clientConnection: unknown }) => void server.send(`echo ${message.data}`, message.clientConnection as never),
    );
    await server.start({ serverPort: 8201, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 });
  });
  const received = await clientPage.evaluate(async () => {
    const { ws, log } = await globalThis.helpers.openSocket('ws://127.0.0.1:8201/');
    ws.send('from another page');
    return (await log.until('message')).filter(([type]) => type === 'message');
  });
  expect(received).toEqual([['message', undefined, 'echo from another page']]);
});

test("a page that navigates away with clients connected: each hears 1001 with no reason, as from a page's own WebSocket; no listener and no socket left behind", async ({
  openConfiguredFrame,
  relay,
  host,
}) => {
  const frame = await openConfiguredFrame({ relay: { url: relay.url, token: relay.token } });
  await frame.evaluate(async () => {
    await globalThis.kit.webSocket.createWebSocketServer().start({ serverPort: 8202, maxConcurrentClientsNumber: 2, maxConnectionsForOneClient: 2 });
  });
  const { port } = await relay.whenListening(8202);
  const clients = [new WebSocket(`ws://127.0.0.1:${port}/`), new WebSocket(`ws://127.0.0.1:${port}/`)];
  await Promise.all(clients.map((client) => nextEvent(client, 'open')));
  await expect.poll(() => relay.servers.find((server) => server.appPort === 8202)?.clients).toBe(2);
  const closes = clients.map((client) => nextEvent<[number, Buffer]>(client, 'close'));
  // The page goes away (as a reload does): its frame navigates elsewhere, and the browser closes its legs with 1001.
  await host.evaluate((name) => {
    const element = document.querySelector<HTMLIFrameElement>(`iframe[name="${name}"]`);
    if (element !== null) element.src = 'about:blank';
  }, frame.name());
  for (const closed of closes) {
    const [code, reason] = await closed;
    expect({ code, reason: reason.toString() }).toEqual({ code: 1001, reason: '' });
  }
  await expect.poll(() => relay.servers.some((server) => server.appPort === 8202)).toBe(false);
  const late = new WebSocket(`ws://127.0.0.1:${port}/`);
  late.on('error', () => {});
  expect(await new Promise((resolve) => late.once('close', (code) => resolve(code)))).toBe(1006);
  await expect.poll(() => relay.connections.filter(({ op }) => op === 'listen' || op === 'accept').length).toBe(0);
});

/** Starts a server in the frame, on `appPort` with `limits`, recording its events (window.serverEvents); where it really listens. */
async function startRecordedServer(
  frame: Frame,
  relay: { whenListening(appPort: number): Promise<{ port: number }> },
  appPort: number,
  limits: { maxConcurrentClientsNumber?: number; maxConnectionsForOneClient?: number },
): Promise<number> {
  await frame.evaluate(
    async ({ appPort, limits }) => {
      const server = globalThis.kit.webSocket.createWebSocketServer();
      const events: unknown[][] = [];
      for (const type of ['connect', 'close', 'error']) server.on(type, (...args: unknown[]) => events.push([type, ...args]));
      Object.assign(globalThis, { testServer: server, serverEvents: events });
      await server.start({ serverIP: '127.0.0.1', serverPort: appPort, ...limits });
    },
    { appPort, limits },
  );
  return (await relay.whenListening(appPort)).port;
}

const serverEvents = (frame: Frame): Promise<unknown[][]> =>
  frame.evaluate(() => (globalThis as unknown as { serverEvents: unknown[][] }).serverEvents);

test("a client the page's server refuses never gets a 101 (limits reached, limits of 0, a banned IP), and the server emits error {code: 200} (WS §6.2)", async ({
  openConfiguredFrame,
  relay,
}) => {
  const frame = await openConfiguredFrame({ relay: { url: relay.url, token: relay.token } });
  const port = await startRecordedServer(frame, relay, 8203, { maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 });
  const first = new WebSocket(`ws://127.0.0.1:${port}/`);
  await nextEvent(first, 'open');
  await hungUpWithout101(new WebSocket(`ws://127.0.0.1:${port}/`));
  await expect.poll(async () => (await serverEvents(frame)).map(([type]) => type)).toEqual(['connect', 'error']);
  expect((await serverEvents(frame))[1]).toEqual(['error', { code: 200 }]);
  first.close();

  const none = await openConfiguredFrame({ relay: { url: relay.url, token: relay.token } });
  const nonePort = await startRecordedServer(none, relay, 8204, {});
  await hungUpWithout101(new WebSocket(`ws://127.0.0.1:${nonePort}/`));
  await expect.poll(async () => serverEvents(none)).toEqual([['error', { code: 200 }]]);

  // WS §6.2: more than 50 accepted connections from one IP in 60 s bans it.
  const busy = await openConfiguredFrame({ relay: { url: relay.url, token: relay.token } });
  const busyPort = await startRecordedServer(busy, relay, 8205, { maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 10 });
  for (let count = 0; count < 50; count++) {
    const client = new WebSocket(`ws://127.0.0.1:${busyPort}/`, { localAddress: '127.0.0.7' });
    await nextEvent(client, 'open');
    const closed = nextEvent(client, 'close');
    client.close(1000);
    await closed;
  }
  await hungUpWithout101(new WebSocket(`ws://127.0.0.1:${busyPort}/`, { localAddress: '127.0.0.7' }));
  await hungUpWithout101(new WebSocket(`ws://127.0.0.1:${busyPort}/`, { localAddress: '127.0.0.7' }));
  await expect.poll(async () => (await serverEvents(busy)).filter(([type]) => type === 'error').length).toBe(2);
  expect((await serverEvents(busy)).filter(([type]) => type === 'connect')).toHaveLength(50);
});

test('connect has fired, and listAllConnections() holds the client, when the client sees its open (WS §6.3, §6.4)', async ({
  openConfiguredFrame,
  relay,
}) => {
  const frame = await openConfiguredFrame({ relay: { url: relay.url, token: relay.token } });
  const port = await startRecordedServer(frame, relay, 8206, { maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 });
  const client = new WebSocket(`ws://127.0.0.1:${port}/`);
  // The control channel: asked from the client's open handler, before anything else happens here.
  const atOpen = await within(
    new Promise<Promise<{ listed: unknown; events: unknown[][] }>>((resolve) =>
      client.once('open', () =>
        resolve(
          frame.evaluate(async () => ({
            listed: await (globalThis as unknown as { testServer: { listAllConnections(): Promise<unknown> } }).testServer.listAllConnections(),
            events: (globalThis as unknown as { serverEvents: unknown[][] }).serverEvents.slice(),
          })),
        ),
      ),
    ),
    5000,
    'the client to open',
  );
  const clientPort = (client as unknown as { _socket: { localPort: number } })._socket.localPort;
  expect(await atOpen).toEqual({
    listed: [{ clientPort, clientIP: '127.0.0.1' }],
    events: [['connect', { clientPort, clientIP: '127.0.0.1' }]],
  });
  client.close();
});

test('a burst of clients that leave before the page takes them costs nothing: no accept leg for them, and the next client opens at once', async ({
  openConfiguredFrame,
  relay,
  relayLog,
}) => {
  const frame = await openConfiguredFrame({ relay: { url: relay.url, token: relay.token } });
  const port = await startRecordedServer(frame, relay, 8207, { maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 10 });
  const gone = await Promise.all(Array.from({ length: 20 }, () => upgradeAndLeave(port)));
  // The relay told the page about each, then that each is gone (on the listen leg, in that order, before the next client).
  await expect.poll(() => gone.filter((id) => relayLog.matching(`client ${id}'s handshake ended before the page took it`).length === 0)).toEqual([]);
  const next = new WebSocket(`ws://127.0.0.1:${port}/`);
  await nextEvent(next, 'open', 3000);
  const nextId = `127.0.0.1:${(next as unknown as { _socket: { localPort: number } })._socket.localPort}`;
  expect(relayLog.matching('accepted client ').filter((line) => gone.some((id) => line.endsWith(id)))).toEqual([]);
  expect(relayLog.matching('accept for a client whose handshake is not waiting')).toEqual([]);
  expect(relayLog.matching(`accepted client ${nextId}`)).toHaveLength(1);
  expect(await serverEvents(frame)).toEqual([['connect', { clientIP: '127.0.0.1', clientPort: Number(nextId.split(':')[1]) }]]);
  next.close();
});

/** A client that sends a valid upgrade request and leaves at once: its id ("ip:port"). */
function upgradeAndLeave(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: '127.0.0.1', port }, () => {
      socket.write(
        'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      resolve(`127.0.0.1:${socket.localPort}`);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}
