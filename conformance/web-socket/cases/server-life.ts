import { shape } from '../../../test-browser/support/shape.js';
import type { CaseGroup, ConformanceCase, Wire } from '../../case.js';
import type { WebSocketInputs } from '../inputs.js';

/**
 * What a listening WebSocketServer does (WS §6): its events and their arguments, the
 * connection map, send/close/stop, admission. Each case starts a server on an app port
 * (mapped to a free one: the relay's `servers.ports` and Node's config) and reaches it
 * with the API's own client, as a client of a device's server would, at the address
 * serverAddress() gives. Each run returns `{ start }` alone when the server cannot
 * start, which is what a page without the relay gets (mock and direct wires).
 */

/** Node's setting for the cases (the relay has its own option, set by the test fixtures). */
const CONFIG = { servers: { ports: 'free', loopbackOnly: true } };

const WITHOUT_RELAY = {
  start: {
    rejected: shape(
      JSON.stringify({
        code: 2302999,
        message:
          'Websocket Unknown Other Error: a browser page cannot listen on a socket; the ohos-netkit dev relay provides WebSocketServers (configure its address: see the README, "The dev relay")',
      }),
    ),
  },
};
const NO_LISTENING: Partial<Record<Wire, { why: string; expect: unknown }>> = {
  mock: { why: 'a browser page cannot listen on a socket: the dev relay provides servers (README: WebSocketServer)', expect: WITHOUT_RELAY },
  direct: { why: 'a browser page cannot listen on a socket: the dev relay provides servers (README: WebSocketServer)', expect: WITHOUT_RELAY },
};

/** A case of a listening server: the config and the wires without one said once. */
const serverCase = (testCase: Omit<ConformanceCase<WebSocketInputs>, 'config' | 'differs'>): ConformanceCase<WebSocketInputs> => ({
  ...testCase,
  config: CONFIG,
  differs: NO_LISTENING,
});

const UNKNOWN_OTHER = shape('{"code":2302999,"message":"Websocket Unknown Other Error"}');
const CONNECTION_NOT_EXIST = shape('{"code":2302006,"message":"websocket connection does not exist"}');
const SEND_FAILED = shape('{"code":-1,"message":"Websocket Unknown Other Error"}');

export const SERVER_LIFE: CaseGroup<WebSocketInputs> = {
  section: 'WebSocketServer, listening (WS §6.1–§6.4)',
  cases: [
    serverCase({
      title: 'start resolves true, listAllConnections [] , stop resolves true; after it stop and listAllConnections are 2302999 (WS §6.1, §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8101, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
        );
        if (!('resolved' in start)) return { start };
        return {
          start,
          listening: globalThis.kit.serverAddress(8101) !== undefined,
          list: await globalThis.helpers.settle(server.listAllConnections()),
          stop: await globalThis.helpers.settle(server.stop()),
          gone: globalThis.kit.serverAddress(8101) === undefined,
          stopAgain: await globalThis.helpers.settle(server.stop()),
          listAfter: await globalThis.helpers.settle(server.listAllConnections()),
        };
      },
      expect: {
        start: { resolved: true },
        listening: true,
        list: { resolved: { json: '[]', keys: [] } },
        stop: { resolved: true },
        gone: true,
        stopAgain: { rejected: UNKNOWN_OTHER },
        listAfter: { rejected: UNKNOWN_OTHER },
      },
    }),
    serverCase({
      title: 'checks run when a method is called: stop() right after start(), before it listens, is 2302999, and the server listens (WS §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const started = server.start({ serverIP: '127.0.0.1', serverPort: 8102, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 });
        const stopped = globalThis.helpers.settle(server.stop());
        const start = await globalThis.helpers.settle(started);
        if (!('resolved' in start)) return { start };
        const result = { start, stop: await stopped, listening: globalThis.kit.serverAddress(8102) !== undefined };
        await server.stop();
        return result;
      },
      expect: { start: { resolved: true }, stop: { rejected: UNKNOWN_OTHER }, listening: true },
    }),
    serverCase({
      title: 'a second server on the same port is 2302007 "Websocket port already occupied" (WS §6.1 step 6)',
      run: async () => {
        const first = globalThis.kit.webSocket.createWebSocketServer();
        const config = { serverIP: '127.0.0.1', serverPort: 8103, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 };
        const start = await globalThis.helpers.settle(first.start(config));
        if (!('resolved' in start)) return { start };
        const second = await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocketServer().start(config));
        await first.stop();
        return { start, second };
      },
      expect: { start: { resolved: true }, second: { rejected: shape('{"code":2302007,"message":"Websocket port already occupied"}') } },
    }),
    serverCase({
      title:
        'a client: connect (conn) as {clientPort, clientIP}; messageReceive ({data, clientConnection: {clientIP, clientPort}}), text as a string, binary as an ArrayBuffer; no dataEnd (WS §6.3)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const events: unknown[] = [];
        let clientPort = -1;
        let resolveAll!: () => void;
        const all = new Promise<void>((resolve) => (resolveAll = resolve));
        server.on('connect', (...args: Array<{ clientIP: string; clientPort: number }>) => {
          clientPort = args[0]!.clientPort;
          events.push(['connect', args.length, Object.keys(args[0]!), args[0]!.clientIP]);
        });
        server.on('messageReceive', (...args: Array<{ data: unknown; clientConnection: { clientIP: string; clientPort: number } }>) => {
          const [message] = args;
          const { data, clientConnection } = message!;
          events.push([
            'messageReceive',
            args.length,
            Object.keys(message!),
            Object.keys(clientConnection),
            clientConnection.clientIP,
            clientConnection.clientPort === clientPort,
            data instanceof ArrayBuffer ? { ab: data.byteLength } : data,
          ]);
          if (events.length === 3) resolveAll();
        });
        server.on('dataEnd', () => events.push(['dataEnd']));
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8104, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
        );
        if (!('resolved' in start)) return { start };
        const client = globalThis.kit.webSocket.createWebSocket();
        client.on('open', () => {
          void client.send('text');
          void client.send(new Uint8Array([1, 2, 3]).buffer);
        });
        void client.connect(`ws://127.0.0.1:${globalThis.kit.serverAddress(8104)!.port}/`);
        await all;
        await server.stop();
        return { start, events };
      },
      expect: {
        start: { resolved: true },
        events: [
          ['connect', 1, ['clientPort', 'clientIP'], '127.0.0.1'],
          ['messageReceive', 1, ['data', 'clientConnection'], ['clientIP', 'clientPort'], '127.0.0.1', true, 'text'],
          ['messageReceive', 1, ['data', 'clientConnection'], ['clientIP', 'clientPort'], '127.0.0.1', true, { ab: 3 }],
        ],
      },
    }),
    serverCase({
      title: 'binary messages reach the server as ArrayBuffers of their bytes, an empty one as ArrayBuffer(0) (WS §6.3)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const received: unknown[] = [];
        let resolveAll!: () => void;
        const all = new Promise<void>((resolve) => (resolveAll = resolve));
        server.on('messageReceive', (message: { data: unknown }) => {
          received.push(
            message.data instanceof ArrayBuffer ? { ab: message.data.byteLength, bytes: [...new Uint8Array(message.data)] } : message.data,
          );
          if (received.length === 2) resolveAll();
        });
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8105, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
        );
        if (!('resolved' in start)) return { start };
        const client = globalThis.kit.webSocket.createWebSocket();
        client.on('open', () => {
          void client.send(new Uint8Array([7, 8, 9]).buffer);
          void client.send(new ArrayBuffer(0));
        });
        void client.connect(`ws://127.0.0.1:${globalThis.kit.serverAddress(8105)!.port}/`);
        await all;
        await server.stop();
        return { start, received };
      },
      expect: {
        start: { resolved: true },
        received: [
          { ab: 3, bytes: [7, 8, 9] },
          { ab: 0, bytes: [] },
        ],
      },
    }),
    serverCase({
      title: "the server's send reaches the client; listAllConnections lists it as {clientPort, clientIP} (WS §6.4)",
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8106, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
        );
        if (!('resolved' in start)) return { start };
        const connected = new Promise<{ clientIP: string; clientPort: number }>((resolve) => server.on('connect', resolve));
        const client = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(client, ['message']);
        void client.connect(`ws://127.0.0.1:${globalThis.kit.serverAddress(8106)!.port}/`);
        const connection = await connected;
        const sent = await globalThis.helpers.settle(server.send('hello from the server', connection));
        const entries = await log.until('message');
        const listed = await server.listAllConnections();
        await server.stop();
        return {
          start,
          sent,
          message: entries[0],
          listed: listed.map((entry: { clientIP: string; clientPort: number }) => ({
            keys: Object.keys(entry),
            same: entry.clientIP === connection.clientIP && entry.clientPort === connection.clientPort,
          })),
        };
      },
      expect: {
        start: { resolved: true },
        sent: { resolved: true },
        message: ['message', undefined, 'hello from the server'],
        listed: [{ keys: ['clientPort', 'clientIP'], same: true }],
      },
    }),
    serverCase({
      title: "a client's close: close (conn, {code, closeReason}) with the client's code and reason; the property is closeReason (WS §6.3)",
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const closed = new Promise<unknown[]>((resolve) => server.on('close', (...args: unknown[]) => resolve(args)));
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8107, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
        );
        if (!('resolved' in start)) return { start };
        const client = globalThis.kit.webSocket.createWebSocket();
        client.on('open', () => void client.close({ code: 1008, reason: 'policy' }));
        void client.connect(`ws://127.0.0.1:${globalThis.kit.serverAddress(8107)!.port}/`);
        const [connection, result] = await closed;
        await server.stop().catch(() => {});
        return { start, args: 2, connectionKeys: Object.keys(connection as object), result };
      },
      expect: { start: { resolved: true }, args: 2, connectionKeys: ['clientPort', 'clientIP'], result: { code: 1008, closeReason: 'policy' } },
    }),
    serverCase({
      title:
        'the server closes a client: the client hears the normalised code and reason, the server reports its own (1000 "CLOSE_NORMAL" by default) (WS §6.4)',
      run: async () => {
        const outcomes: unknown[] = [];
        for (const [index, options] of [undefined, { code: 1001, reason: '' }, { code: 4000, reason: 'bye' }].entries()) {
          const server = globalThis.kit.webSocket.createWebSocketServer();
          const port = 8110 + index;
          const start = await globalThis.helpers.settle(
            server.start({ serverIP: '127.0.0.1', serverPort: port, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
          );
          if (!('resolved' in start)) return { start };
          const serverClosed = new Promise<unknown>((resolve) => server.on('close', (_conn: unknown, result: unknown) => resolve(result)));
          server.on('connect', (connection: { clientIP: string; clientPort: number }) => {
            void (options === undefined ? server.close(connection) : server.close(connection, options));
          });
          const client = globalThis.kit.webSocket.createWebSocket();
          const clientClosed = new Promise<unknown>((resolve) => client.on('close', (_err: unknown, result: unknown) => resolve(result)));
          void client.connect(`ws://127.0.0.1:${globalThis.kit.serverAddress(port)!.port}/`);
          outcomes.push({ client: await clientClosed, server: await serverClosed });
          await server.stop().catch(() => {});
        }
        return outcomes;
      },
      expect: [
        { client: { code: 1000, reason: 'CLOSE_NORMAL' }, server: { code: 1000, closeReason: 'CLOSE_NORMAL' } },
        { client: { code: 1001, reason: 'CLOSE_NORMAL' }, server: { code: 1001, closeReason: 'CLOSE_NORMAL' } },
        { client: { code: 1000, reason: 'bye' }, server: { code: 1000, closeReason: 'bye' } },
      ],
    }),
    serverCase({
      title: 'a connection the server is closing: send is -1, close again 2302999; once gone, both are 2302006 (WS §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8113, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
        );
        if (!('resolved' in start)) return { start };
        const connected = new Promise<{ clientIP: string; clientPort: number }>((resolve) => server.on('connect', resolve));
        const gone = new Promise<void>((resolve) => server.on('close', () => resolve()));
        const client = globalThis.kit.webSocket.createWebSocket();
        void client.connect(`ws://127.0.0.1:${globalThis.kit.serverAddress(8113)!.port}/`);
        const connection = await connected;
        void server.close(connection);
        const closing = {
          send: await globalThis.helpers.settle(server.send('x', connection)),
          close: await globalThis.helpers.settle(server.close(connection)),
        };
        await gone;
        const after = {
          send: await globalThis.helpers.settle(server.send('x', connection)),
          close: await globalThis.helpers.settle(server.close(connection)),
        };
        const emptyIp = await globalThis.helpers.settle(server.send('x', { clientIP: '', clientPort: connection.clientPort }));
        await server.stop();
        return { start, closing, after, emptyIp };
      },
      expect: {
        start: { resolved: true },
        closing: { send: { rejected: SEND_FAILED }, close: { rejected: UNKNOWN_OTHER } },
        after: { send: { rejected: CONNECTION_NOT_EXIST }, close: { rejected: CONNECTION_NOT_EXIST } },
        emptyIp: { rejected: SEND_FAILED },
      },
    }),
    serverCase({
      title: 'stop() with clients: each hears 1001 "server is going away", and the server reports it for each (WS §6.3, §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8114, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 2 }),
        );
        if (!('resolved' in start)) return { start };
        const serverResults: unknown[] = [];
        const bothClosed = new Promise<void>((resolve) =>
          server.on('close', (_conn: unknown, result: unknown) => {
            serverResults.push(result);
            if (serverResults.length === 2) resolve();
          }),
        );
        let connects = 0;
        const bothConnected = new Promise<void>((resolve) => server.on('connect', () => ++connects === 2 && resolve()));
        const clientResults: Promise<unknown>[] = [];
        for (let index = 0; index < 2; index++) {
          const client = globalThis.kit.webSocket.createWebSocket();
          clientResults.push(new Promise((resolve) => client.on('close', (_err: unknown, result: unknown) => resolve(result))));
          void client.connect(`ws://127.0.0.1:${globalThis.kit.serverAddress(8114)!.port}/`);
        }
        await bothConnected;
        const stop = await globalThis.helpers.settle(server.stop());
        await bothClosed;
        return { start, stop, clients: await Promise.all(clientResults), server: serverResults };
      },
      expect: {
        start: { resolved: true },
        stop: { resolved: true },
        clients: [
          { code: 1001, reason: 'server is going away' },
          { code: 1001, reason: 'server is going away' },
        ],
        server: [
          { code: 1001, closeReason: 'server is going away' },
          { code: 1001, closeReason: 'server is going away' },
        ],
      },
    }),
    serverCase({
      title:
        'stop() called in the server\'s close listener of a client that closed with {1000, "done"}: that close reports the client\'s code and reason; stop resolves true (WS §6.3, §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8117, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
        );
        if (!('resolved' in start)) return { start };
        let stopped!: Promise<unknown>;
        const closed = new Promise<unknown>((resolve) =>
          server.on('close', (_conn: unknown, result: unknown) => {
            stopped = globalThis.helpers.settle(server.stop());
            resolve(result);
          }),
        );
        const client = globalThis.kit.webSocket.createWebSocket();
        const clientClosed = new Promise<unknown>((resolve) => client.on('close', (_err: unknown, result: unknown) => resolve(result)));
        client.on('open', () => void client.close({ code: 1000, reason: 'done' }));
        void client.connect(`ws://127.0.0.1:${globalThis.kit.serverAddress(8117)!.port}/`);
        const server_ = await closed;
        return { start, server: server_, stop: await stopped, client: await clientClosed, gone: globalThis.kit.serverAddress(8117) === undefined };
      },
      expect: {
        start: { resolved: true },
        server: { code: 1000, closeReason: 'done' },
        stop: { resolved: true },
        client: { code: 1000, reason: 'done' },
        gone: true,
      },
    }),
    serverCase({
      title:
        'stop() in the close listener of one client, another still connected: the first reports its own {1000, "done"}, the other 1001 "server is going away", as its client hears (WS §6.3, §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8118, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 2 }),
        );
        if (!('resolved' in start)) return { start };
        const results: unknown[] = [];
        let stopped!: Promise<unknown>;
        const bothClosed = new Promise<void>((resolve) =>
          server.on('close', (_conn: unknown, result: unknown) => {
            results.push(result);
            if (results.length === 1) stopped = globalThis.helpers.settle(server.stop());
            else resolve();
          }),
        );
        let connects = 0;
        const bothConnected = new Promise<void>((resolve) => server.on('connect', () => ++connects === 2 && resolve()));
        const url = `ws://127.0.0.1:${globalThis.kit.serverAddress(8118)!.port}/`;
        const first = globalThis.kit.webSocket.createWebSocket();
        const second = globalThis.kit.webSocket.createWebSocket();
        const secondClosed = new Promise<unknown>((resolve) => second.on('close', (_err: unknown, result: unknown) => resolve(result)));
        void first.connect(url);
        void second.connect(url);
        await bothConnected;
        void first.close({ code: 1000, reason: 'done' });
        await bothClosed;
        return { start, server: results, stop: await stopped, second: await secondClosed };
      },
      expect: {
        start: { resolved: true },
        server: [
          { code: 1000, closeReason: 'done' },
          { code: 1001, closeReason: 'server is going away' },
        ],
        stop: { resolved: true },
        second: { code: 1001, reason: 'server is going away' },
      },
    }),
    serverCase({
      title:
        'a listening server: stop(callback), stop(undefined), listAllConnections(callback) and listAllConnections(undefined) reject with 2302999, call nothing, and the server goes on listening (WS §2.2, §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8119, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
        );
        if (!('resolved' in start)) return { start };
        const called: unknown[] = [];
        const callback = (...args: unknown[]) => called.push(args);
        const forms: unknown[] = [];
        for (const returned of [
          server.stop(callback),
          server.stop(undefined),
          server.listAllConnections(callback),
          server.listAllConnections(undefined),
        ]) {
          forms.push({ isPromise: returned instanceof Promise, settled: await globalThis.helpers.settle(returned) });
        }
        // Still listening: a client gets in.
        const connected = new Promise<void>((resolve) => server.on('connect', () => resolve()));
        const client = globalThis.kit.webSocket.createWebSocket();
        void client.connect(`ws://127.0.0.1:${globalThis.kit.serverAddress(8119)!.port}/`);
        await connected;
        const listed = (await server.listAllConnections()).length;
        const stop = await globalThis.helpers.settle(server.stop());
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { start, forms, called, listed, stop };
      },
      expect: {
        start: { resolved: true },
        forms: Array.from({ length: 4 }, () => ({ isPromise: true, settled: { rejected: UNKNOWN_OTHER } })),
        called: [],
        listed: 1,
        stop: { resolved: true },
      },
    }),
    serverCase({
      title:
        'with a client: close(conn, callback) returns undefined and hands the callback 401; close(conn, options, callback) and send(data, conn, callback) reject with 401; none of them closes or sends (WS §2.2, §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8120, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
        );
        if (!('resolved' in start)) return { start };
        const connected = new Promise<{ clientIP: string; clientPort: number }>((resolve) => server.on('connect', resolve));
        const client = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(client, ['message', 'close']);
        void client.connect(`ws://127.0.0.1:${globalThis.kit.serverAddress(8120)!.port}/`);
        const connection = await connected;
        const called: unknown[] = [];
        let closeArgs!: (args: unknown[]) => void;
        const closeCalled = new Promise<unknown[]>((resolve) => (closeArgs = resolve));
        const closeReturned = server.close(connection, (...args: unknown[]) => closeArgs(args));
        const never = (...args: unknown[]) => called.push(args);
        const closeWithOptions = await globalThis.helpers.settle(server.close(connection, { code: 1000, reason: 'bye' }, never));
        const sendWithCallback = await globalThis.helpers.settle(server.send('not sent', connection, never));
        const closeResult = await closeCalled;
        const sent = await globalThis.helpers.settle(server.send('sent', connection));
        const entries = await log.until('message');
        const stop = await globalThis.helpers.settle(server.stop());
        return {
          start,
          close: { returned: globalThis.helpers.serialise(closeReturned), args: closeResult.map((arg) => globalThis.helpers.serialise(arg)) },
          closeWithOptions,
          sendWithCallback,
          sent,
          firstMessage: entries[0],
          called,
          stop,
        };
      },
      expect: {
        start: { resolved: true },
        close: { returned: undefined, args: [shape('{"code":401,"message":"Parameter error"}'), undefined] },
        closeWithOptions: { rejected: shape('{"code":401,"message":"Parameter error"}') },
        sendWithCallback: { rejected: shape('{"code":401,"message":"Parameter error"}') },
        sent: { resolved: true },
        firstMessage: ['message', undefined, 'sent'],
        called: [],
        stop: { resolved: true },
      },
    }),
    serverCase({
      title:
        'admission: past maxConnectionsForOneClient the handshake is refused: the client gets error {200, "0"}, the server error {code: 200} (WS §6.2)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const serverLog = globalThis.helpers.record(server as never, ['connect', 'error']);
        const start = await globalThis.helpers.settle(
          server.start({ serverIP: '127.0.0.1', serverPort: 8115, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }),
        );
        if (!('resolved' in start)) return { start };
        const url = `ws://127.0.0.1:${globalThis.kit.serverAddress(8115)!.port}/`;
        const first = globalThis.kit.webSocket.createWebSocket();
        void first.connect(url);
        await serverLog.until('connect');
        const second = globalThis.kit.webSocket.createWebSocket();
        const secondLog = globalThis.helpers.record(second, ['open', 'error', 'close']);
        void second.connect(url);
        await serverLog.until('error');
        await secondLog.until('error');
        await server.stop();
        return {
          start,
          server: serverLog.entries.map(([type, ...args]) => (type === 'connect' ? [type] : [type, ...args])),
          second: secondLog.entries.slice(),
        };
      },
      expect: {
        start: { resolved: true },
        server: [['connect'], ['error', shape('{"code":200}')]],
        second: [['error', shape('{"code":200,"data":"0"}')]],
      },
    }),
    serverCase({
      title: 'limits that are missing are 0: every client is turned away (WS §6.1, §9.12)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const serverLog = globalThis.helpers.record(server as never, ['connect', 'error']);
        const start = await globalThis.helpers.settle(server.start({ serverIP: '127.0.0.1', serverPort: 8116 }));
        if (!('resolved' in start)) return { start };
        const client = globalThis.kit.webSocket.createWebSocket();
        const clientLog = globalThis.helpers.record(client, ['open', 'error']);
        void client.connect(`ws://127.0.0.1:${globalThis.kit.serverAddress(8116)!.port}/`);
        await clientLog.until('error');
        await serverLog.until('error');
        await server.stop();
        return { start, server: serverLog.entries.slice(), client: clientLog.entries.slice() };
      },
      expect: { start: { resolved: true }, server: [['error', shape('{"code":200}')]], client: [['error', shape('{"code":200,"data":"0"}')]] },
    }),
  ],
};
