import { shape } from '../../../test-browser/support/shape.js';
import type { CaseGroup } from '../../case.js';
import type { WebSocketInputs } from '../inputs.js';

const PERMISSION_DENIED = shape('{"code":201,"message":"Permission denied"}');
const PARAMETER_ERROR = shape('{"code":401,"message":"Parameter error"}');
const URL_ERROR = shape('{"code":2302001,"message":"Websocket url error"}');
const EXISTS = shape('{"code":2302003,"message":"Websocket connection already exist"}');
const DOMAIN_NOT_ALLOWED = shape('{"code":2302998,"message":"It is not allowed to access this domain"}');
const OPEN = shape('{"status":101,"message":"Switching Protocols"}');

/** The app lacks ohos.permission.INTERNET (NetkitConfig.device). */
const NO_PERMISSION = { device: { internetPermission: false } };

/**
 * An atomic service allowed two domains, and the test servers' own hosts: 127.0.0.1 (the
 * node, direct and relay wires) and mock.test (the mock wire), so that the case can show
 * an allowed host connecting normally.
 */
const ATOMIC_SERVICE = { device: { atomicServiceDomains: ['allowed.example', '*.allowed.test', '127.0.0.1', 'mock.test'] } };

/** Device conditions a browser or Node does not have, on request (NetkitConfig.device; WS §1, §4, §6.1, §7). */
export const CONDITIONS: CaseGroup<WebSocketInputs> = {
  section: 'device conditions: permission and atomic service (WS §4, §6.1, §7)',
  cases: [
    {
      title: 'without ohos.permission.INTERNET connect, send and close fail with 201 "Permission denied", by promise and by callback (WS §4, §7)',
      config: NO_PERMISSION,
      run: async ({ server }) => {
        const kit = globalThis.kit.webSocket;
        const connectCallback = globalThis.helpers.callback();
        const sendCallback = globalThis.helpers.callback();
        const closeCallback = globalThis.helpers.callback();
        kit.createWebSocket().connect(`${server}/echo`, connectCallback.fn);
        kit.createWebSocket().send('x', sendCallback.fn);
        kit.createWebSocket().close(closeCallback.fn);
        return {
          promises: [
            await globalThis.helpers.settle(kit.createWebSocket().connect(`${server}/echo`)),
            await globalThis.helpers.settle(kit.createWebSocket().connect(`${server}/echo`, {})),
            await globalThis.helpers.settle(kit.createWebSocket().send('x')),
            await globalThis.helpers.settle(kit.createWebSocket().close()),
            await globalThis.helpers.settle(kit.createWebSocket().close({ code: 1000, reason: 'bye' })),
          ],
          callbacks: [await connectCallback.args, await sendCallback.args, await closeCallback.args],
        };
      },
      expect: {
        promises: Array.from({ length: 5 }, () => ({ rejected: PERMISSION_DENIED })),
        callbacks: Array.from({ length: 3 }, () => [PERMISSION_DENIED, undefined]),
      },
    },
    {
      title: "without the permission the server's start, stop, listAllConnections, send and close fail with 201 (WS §6.1, §6.4, §7)",
      config: NO_PERMISSION,
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const connection = { clientIP: '127.0.0.1', clientPort: 50000 };
        return [
          await globalThis.helpers.settle(
            server.start({ serverIP: '127.0.0.1', serverPort: 8080, maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 10 }),
          ),
          await globalThis.helpers.settle(server.stop()),
          await globalThis.helpers.settle(server.listAllConnections()),
          await globalThis.helpers.settle(server.send('x', connection)),
          await globalThis.helpers.settle(server.close(connection)),
          await globalThis.helpers.settle(server.close(connection, { code: 1000, reason: 'bye' })),
        ];
      },
      expect: Array.from({ length: 6 }, () => ({ rejected: PERMISSION_DENIED })),
    },
    {
      title: 'without the permission parameter errors still come first: 401, since parsing precedes execution (WS §2.2, §6.1)',
      config: NO_PERMISSION,
      run: async ({ server }) => {
        const kit = globalThis.kit.webSocket;
        const wsServer = kit.createWebSocketServer();
        const connection = { clientIP: '127.0.0.1', clientPort: 50000 };
        const callback = globalThis.helpers.callback();
        kit.createWebSocket().connect(123, callback.fn);
        return {
          client: [
            await globalThis.helpers.settle(kit.createWebSocket().connect(123)),
            await globalThis.helpers.settle(kit.createWebSocket().connect(`${server}/echo`, undefined)),
            await globalThis.helpers.settle(kit.createWebSocket().connect(`${server}/echo`, { protocol: 1 })),
            await globalThis.helpers.settle(kit.createWebSocket().connect(`${server}/echo`, { proxy: 'direct' })),
            await globalThis.helpers.settle(kit.createWebSocket().send(1)),
            await globalThis.helpers.settle(kit.createWebSocket().send(new Uint8Array(1))),
            await globalThis.helpers.settle(kit.createWebSocket().close(null)),
          ],
          callback: await callback.args,
          server: [
            await globalThis.helpers.settle(wsServer.start()),
            await globalThis.helpers.settle(wsServer.start({ serverPort: 1 }, 'x')),
            await globalThis.helpers.settle(wsServer.send(1, connection)),
            await globalThis.helpers.settle(wsServer.send('x', { clientIP: 1, clientPort: 1 })),
            await globalThis.helpers.settle(wsServer.close(connection, { code: 1000 })),
          ],
        };
      },
      expect: {
        client: Array.from({ length: 7 }, () => ({ rejected: PARAMETER_ERROR })),
        callback: [PARAMETER_ERROR, undefined],
        server: Array.from({ length: 5 }, () => ({ rejected: PARAMETER_ERROR })),
      },
    },
    {
      title:
        'without the permission a failed parse still wins: stop(x) and listAllConnections(x) are 2302999, close(connection, callback) hands the callback 401 (WS §2.2, §6.4)',
      config: NO_PERMISSION,
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const callback = globalThis.helpers.callback();
        const returned = server.close({ clientIP: '127.0.0.1', clientPort: 50000 }, callback.fn);
        return {
          stop: await globalThis.helpers.settle(server.stop(1)),
          list: await globalThis.helpers.settle(server.listAllConnections(() => {})),
          close: { returned: globalThis.helpers.serialise(returned), callback: await callback.args },
        };
      },
      expect: {
        stop: { rejected: shape('{"code":2302999,"message":"Websocket Unknown Other Error"}') },
        list: { rejected: shape('{"code":2302999,"message":"Websocket Unknown Other Error"}') },
        close: { returned: undefined, callback: [PARAMETER_ERROR, undefined] },
      },
    },
    {
      title: "the permission is checked before connect's URL and state checks and before the server's configuration checks (WS §4, §6.1)",
      config: NO_PERMISSION,
      run: async () => {
        const kit = globalThis.kit.webSocket;
        const ws = kit.createWebSocket();
        const log = globalThis.helpers.record(ws, ['error', 'open', 'close']);
        const results = [
          await globalThis.helpers.settle(kit.createWebSocket().connect('http://127.0.0.1/')),
          await globalThis.helpers.settle(kit.createWebSocket().connect('')),
          await globalThis.helpers.settle(ws.connect('ws://')),
        ];
        const wsServer = kit.createWebSocketServer();
        for (const config of [
          { serverIP: 'localhost', serverPort: 1 },
          { serverPort: 70000 },
          { serverPort: 1, maxConcurrentClientsNumber: 11 },
          { serverPort: 1, serverCert: { certPath: 'missing-cert.pem', keyPath: 'missing-key.pem' } },
        ]) {
          results.push(await globalThis.helpers.settle(wsServer.start(config)));
        }
        // 'ws://' would be an error event and -1 with the permission; without it, nothing happens.
        return { results, events: log.entries.slice() };
      },
      expect: { results: Array.from({ length: 7 }, () => ({ rejected: PERMISSION_DENIED })), events: [] },
    },
    {
      title: 'without the permission on and off still work: they return undefined, and still throw for bad arguments (WS §1, §2.3)',
      config: NO_PERMISSION,
      run: async () => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const fn = () => {};
        return [
          globalThis.helpers.attempt(() => ws.on('open', fn)),
          globalThis.helpers.attempt(() => ws.on('error', fn)),
          globalThis.helpers.attempt(() => ws.off('open', fn)),
          globalThis.helpers.attempt(() => ws.off('error')),
          globalThis.helpers.attempt(() => server.on('connect', fn)),
          globalThis.helpers.attempt(() => server.off('connect')),
          globalThis.helpers.attempt(() => ws.on('open')),
        ];
      },
      expect: [
        ...Array.from({ length: 6 }, () => ({ returned: undefined })),
        { thrown: { isError: true, name: 'Error', message: 'Parameter error', code: '401', codeType: 'string' } },
      ],
    },
    {
      title: 'an atomic service connecting to a host not on its list gets 2302998 "It is not allowed to access this domain" (WS §4, §7)',
      config: ATOMIC_SERVICE,
      run: async () => {
        const results: unknown[] = [];
        for (const url of [
          'ws://denied.example/',
          'wss://example.com/socket',
          'ws://allowed.example.evil/',
          'ws://xallowed.test/',
          'ws://127.0.0.2:9/',
        ]) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(url)));
        }
        const callback = globalThis.helpers.callback();
        globalThis.kit.webSocket.createWebSocket().connect('ws://denied.example/', {}, callback.fn);
        return { results, callback: await callback.args };
      },
      expect: { results: Array.from({ length: 5 }, () => ({ rejected: DOMAIN_NOT_ALLOWED })), callback: [DOMAIN_NOT_ALLOWED, undefined] },
    },
    {
      title: 'an atomic service without the permission gets 201, not 2302998: the permission comes first (WS §4)',
      config: { device: { ...NO_PERMISSION.device, ...ATOMIC_SERVICE.device } },
      run: async () => globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect('ws://denied.example/')),
      expect: { rejected: PERMISSION_DENIED },
    },
    {
      title: 'the domain is checked before the connection state (2302003) and the URL (2302001) (WS §4)',
      config: ATOMIC_SERVICE,
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        return [
          await globalThis.helpers.settle(ws.connect('ws://denied.example/')),
          await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect('http://denied.example/')),
          await globalThis.helpers.settle(ws.connect('http://denied.example/')),
        ];
      },
      expect: Array.from({ length: 3 }, () => ({ rejected: DOMAIN_NOT_ALLOWED })),
    },
    {
      title: 'a host on the list (a name, or a subdomain of a *. entry) passes the domain check and meets the next ones: 2302003, 2302001 (WS §4)',
      config: ATOMIC_SERVICE,
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        return [
          await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect('http://allowed.example/')),
          await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect('http://sub.allowed.test/')),
          await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect('http://a.b.allowed.test:8080/x')),
          await globalThis.helpers.settle(ws.connect('ws://allowed.example/')),
          await globalThis.helpers.settle(ws.connect('ws://sub.allowed.test/')),
        ];
      },
      expect: [{ rejected: URL_ERROR }, { rejected: URL_ERROR }, { rejected: URL_ERROR }, { rejected: EXISTS }, { rejected: EXISTS }],
    },
    {
      title: 'an atomic service connects normally to an allowed host (WS §4)',
      config: ATOMIC_SERVICE,
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws, ['open']);
        ws.connect(`${server}/echo`, (...args: unknown[]) => log.note('connect-callback', ...args));
        return log.until('open');
      },
      expect: [
        ['connect-callback', undefined, true],
        ['open', undefined, OPEN],
      ],
    },
  ],
};
