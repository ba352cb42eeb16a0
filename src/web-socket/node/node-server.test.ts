import assert from 'node:assert/strict';
import { connect as connectTcp } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { configure, getConfig } from '../../core/netkit-config.js';
import { serverAddress } from '../../core/server-addresses.js';
import { webSocket } from '../../entries/node/web-socket.js';
import { hungUpWithout101 } from '../../testing/hung-up-without-101.js';
import { nextEvent, within } from '../../testing/within.js';
import { clearAdmissionBans } from '../core/server-admission.js';

/** The app's server in Node, as a raw ws client (any client, not only ours) meets it. */
describe('WebSocketServer in Node, met by plain ws clients (WS §6)', { timeout: 60_000 }, () => {
  const saved = getConfig();
  let appPort = 9200;
  before(() => configure({ servers: { ports: 'free', loopbackOnly: true } }));
  after(() => configure(saved));
  afterEach(() => clearAdmissionBans());

  async function started(limits = { maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 10 }) {
    const server = webSocket.createWebSocketServer();
    const port = appPort++;
    const events: unknown[][] = [];
    for (const type of ['connect', 'messageReceive', 'close', 'error'])
      server.on(type as 'connect', (...args: unknown[]) => events.push([type, ...args]));
    assert.equal(await server.start({ serverIP: '127.0.0.1', serverPort: port, ...limits }), true);
    const address = serverAddress(port);
    assert.ok(address !== undefined);
    const open = async (localAddress = '127.0.0.1'): Promise<WebSocket> => {
      const client = new WebSocket(`ws://127.0.0.1:${address.port}/`, { localAddress });
      client.on('error', () => {});
      await nextEvent(client, 'open');
      return client;
    };
    const until = (type: string, count = 1) =>
      within(
        (async () => {
          while (events.filter(([name]) => name === type).length < count) await new Promise((resolve) => setImmediate(resolve));
          return events;
        })(),
        5000,
        `${count} × ${type}`,
      );
    return { server, port, address, events, open, until };
  }

  it('counts client IPs (127.0.0.2 is another client) against maxConcurrentClientsNumber', async () => {
    const { server, open, until, events } = await started({ maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 2 });
    await open('127.0.0.1');
    await open('127.0.0.1');
    const refused = new WebSocket(`ws://127.0.0.1:${serverAddress(appPort - 1)!.port}/`, { localAddress: '127.0.0.2' });
    refused.on('error', () => {});
    await nextEvent(refused, 'close');
    await until('error');
    assert.deepEqual(
      events.map(([type]) => type),
      ['connect', 'connect', 'error'],
    );
    assert.deepEqual(events[2], ['error', { code: 200 }]);
    await server.stop();
  });

  it('a client that drops: error {code: 200}, then close (conn, {0, "The link is down"}) (WS §6.3)', async () => {
    const { server, open, until, events } = await started();
    const client = await open();
    await until('connect');
    client.terminate();
    await until('close');
    assert.deepEqual(
      events.slice(1).map(([type, first, second]) => (type === 'close' ? [type, second] : [type, first])),
      [
        ['error', { code: 200 }],
        ['close', { code: 0, closeReason: 'The link is down' }],
      ],
    );
    await server.stop();
  });

  it('a close frame with an empty reason: "The link is down"; text with bad UTF-8 arrives with U+FFFD (WS §6.3)', async () => {
    const { server, open, until, events } = await started();
    const client = await open();
    client.send(Buffer.from([0xff, 0x41]), { binary: false });
    await until('messageReceive');
    client.close(4001);
    await until('close');
    const message = events.find(([type]) => type === 'messageReceive')?.[1] as { data: unknown };
    assert.equal(message.data, '\uFFFDA');
    assert.deepEqual(events.find(([type]) => type === 'close')?.[2], { code: 4001, closeReason: 'The link is down' });
    await server.stop();
  });

  it('quirk (WS §6.3): a close frame without a status ends the whole server: the other clients drop, the port is given back', async () => {
    const { server, open, until, events, port } = await started();
    const quiet = await open();
    const other = await open();
    await until('connect', 2);
    const otherClosed = nextEvent<[number]>(other, 'close');
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      quiet.close();
      const [code] = await otherClosed;
      assert.equal(code, 1006, 'the other client is dropped');
      await until('close', 2);
    } finally {
      console.warn = warn;
    }
    assert.match(warnings.join('\n'), /close frame without a status code; on the device this ends the whole server \(WS §6\.3/);
    const results = events.filter(([type]) => type === 'close').map(([, , result]) => result);
    assert.deepEqual(results, [
      { code: 1000, closeReason: 'The link is down' },
      { code: 0, closeReason: 'The link is down' },
    ]);
    assert.equal(serverAddress(port), undefined);
    await assert.rejects(server.listAllConnections(), { code: 2302999 });
    await assert.rejects(server.stop(), { code: 2302999 });
  });

  it('stop() while a client is connected closes it with 1001 and leaves no socket behind', async () => {
    const { server, open, until, address } = await started();
    const client = await open();
    await until('connect');
    const closed = nextEvent<[number, Buffer]>(client, 'close');
    assert.equal(await server.stop(), true);
    const [code, reason] = await closed;
    assert.deepEqual([code, reason.toString()], [1001, 'server is going away']);
    const late = new WebSocket(`ws://127.0.0.1:${address.port}/`);
    late.on('error', () => {});
    await nextEvent(late, 'close');
  });

  it('an IP with more than 50 accepted connections in 60 s is turned away, and banned for other servers too (WS §6.2)', async () => {
    const { server, open, until, events, address } = await started();
    for (let count = 0; count < 50; count++) {
      const client = await open('127.0.0.3');
      const closed = nextEvent(client, 'close');
      client.close(1000);
      await closed;
    }
    const refused = new WebSocket(`ws://127.0.0.1:${address.port}/`, { localAddress: '127.0.0.3' });
    const refusedHungUp = hungUpWithout101(refused);
    await nextEvent(refused, 'close');
    await refusedHungUp;
    await until('error');
    assert.equal(events.filter(([type]) => type === 'connect').length, 50);
    const other = await started();
    const banned = new WebSocket(`ws://127.0.0.1:${other.address.port}/`, { localAddress: '127.0.0.3' });
    const bannedHungUp = hungUpWithout101(banned);
    await nextEvent(banned, 'close');
    await bannedHungUp;
    await other.until('error');
    await other.open('127.0.0.1');
    await Promise.all([server.stop(), other.server.stop()]);
  });

  it('a refused client never gets a 101: limits reached, limits of 0; the server emits error {code: 200} and counts nothing (WS §6.2)', async () => {
    const full = await started({ maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 });
    await full.open();
    const refused = new WebSocket(`ws://127.0.0.1:${full.address.port}/`);
    await hungUpWithout101(refused);
    await full.until('error');
    assert.deepEqual(full.events.at(-1), ['error', { code: 200 }]);
    const none = await started({ maxConcurrentClientsNumber: 0, maxConnectionsForOneClient: 0 });
    await hungUpWithout101(new WebSocket(`ws://127.0.0.1:${none.address.port}/`));
    await none.until('error');
    assert.deepEqual(
      none.events.map(([type]) => type),
      ['error'],
    );
    await Promise.all([full.server.stop(), none.server.stop()]);
  });

  it("connect fires, and listAllConnections() holds the client, before the client's open (WS §6.3, §6.4)", async () => {
    const { server, address, events } = await started();
    const client = new WebSocket(`ws://127.0.0.1:${address.port}/`);
    client.on('error', () => {});
    const atOpen = await within(
      new Promise<{ connects: unknown[][]; listed: Promise<unknown> }>((resolve) =>
        client.once('open', () => resolve({ connects: events.filter(([type]) => type === 'connect'), listed: server.listAllConnections() })),
      ),
      5000,
      'the client to open',
    );
    const clientPort = (client as unknown as { _socket: { localPort: number } })._socket.localPort;
    assert.deepEqual(atOpen.connects, [['connect', { clientPort, clientIP: '127.0.0.1' }]]);
    assert.deepEqual(await atOpen.listed, [{ clientPort, clientIP: '127.0.0.1' }]);
    await server.stop();
  });

  it('an upgrade request ws refuses (400) is no client: no event, and it takes no place under the limits', async () => {
    const { server, address, events, open, until } = await started({ maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 });
    const answer = await within(
      new Promise<string>((resolve, reject) => {
        const socket = connectTcp({ host: '127.0.0.1', port: address.port }, () =>
          socket.write(
            'GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: bad\r\n\r\n',
          ),
        );
        let text = '';
        socket.on('data', (data) => (text += data.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      }),
      5000,
      'the answer to a bad upgrade request',
    );
    assert.match(answer, /^HTTP\/1\.1 400 /);
    await open();
    await until('connect');
    assert.deepEqual(
      events.map(([type]) => type),
      ['connect'],
    );
    await server.stop();
  });

  it('binds a system port never: 2302007 (an app cannot bind ports below 1024)', async () => {
    configure({ servers: { loopbackOnly: true } });
    try {
      await assert.rejects(
        webSocket
          .createWebSocketServer()
          .start({ serverIP: '127.0.0.1', serverPort: 80, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
        {
          code: 2302007,
          message: 'Websocket port already occupied',
        },
      );
    } finally {
      configure({ servers: { ports: 'free', loopbackOnly: true } });
    }
  });
});
