/**
 * The app's WebSocketServer in a page, listening through the dev relay (OH §6), met by
 * real clients: a plain ws client in Node, a client in another page. The device rules
 * themselves run on every wire in conformance.spec.ts; here: the guide's server example
 * as it is, other pages, and what a page leaves behind when it goes.
 */
import WebSocket from 'ws';
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
    // OH §6.3: the close result's property is closeReason; the example reads `reason`.
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
