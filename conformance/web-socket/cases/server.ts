import { shape } from '../../../test-browser/support/shape.js';
import type { CaseGroup } from '../../case.js';
import type { WebSocketInputs } from '../inputs.js';

const PARAMETER_ERROR = shape('{"code":401,"message":"Parameter error"}');
const CERT_FILE_MISSING = shape('{"code":2302002,"message":"Websocket certificate file does not exist"}');
const NIC_ERROR = shape(`{"code":2302004,"message":"Can't listen to the given NIC"}`);
const PORT_ERROR = shape(`{"code":2302005,"message":"Can't listen to the given Port"}`);
const CONNECTION_NOT_EXIST = shape('{"code":2302006,"message":"websocket connection does not exist"}');
const UNKNOWN_OTHER = shape('{"code":2302999,"message":"Websocket Unknown Other Error"}');

/** WebSocketServer's argument rules (WS §6.1, §6.4); what a listening server does is server-life.ts. */
export const SERVER: CaseGroup<WebSocketInputs> = {
  section: 'WebSocketServer arguments (WS §6.1, §6.4)',
  cases: [
    {
      title: 'start() without a config object, or with a second argument that is not a boolean, is a 401 (WS §6.1)',
      run: async () => {
        const results: unknown[] = [];
        for (const args of [
          [],
          [null],
          [8080],
          ['config'],
          [undefined],
          [{ serverPort: 1 }, 'x'],
          [{ serverPort: 1 }, undefined],
          [{ serverPort: 1 }, 1],
        ]) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocketServer().start(...args)));
        }
        return results;
      },
      expect: Array.from({ length: 8 }, () => ({ rejected: PARAMETER_ERROR })),
    },
    {
      title: 'start() with a serverIP that is no IPv4 or IPv6 literal is 2302004 "Can\'t listen to the given NIC" (WS §6.1)',
      run: async () => {
        const results: unknown[] = [];
        for (const serverIP of ['266.0.0.0', 'localhost', '1:2:3:4:5:6:7:8:9', '127.0.0.1 ', 'example.com']) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocketServer().start({ serverIP, serverPort: 1 })));
        }
        return results;
      },
      expect: Array.from({ length: 5 }, () => ({ rejected: NIC_ERROR })),
    },
    {
      title:
        'start() with a port above 65535 (negative numbers wrap around) is 2302005 "Can\'t listen to the given Port"; the serverIP is checked first (WS §6.1)',
      run: async () => {
        const results: unknown[] = [];
        for (const config of [
          { serverIP: '127.0.0.1', serverPort: 65536 },
          { serverIP: '::1', serverPort: 65555 },
          { serverPort: -1 },
          { serverIP: 'localhost', serverPort: 65536 },
        ]) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocketServer().start(config)));
        }
        return results;
      },
      expect: [{ rejected: PORT_ERROR }, { rejected: PORT_ERROR }, { rejected: PORT_ERROR }, { rejected: NIC_ERROR }],
    },
    {
      title:
        'start() with maxConcurrentClientsNumber or maxConnectionsForOneClient above the cap of 10 is 2302999, after the port check (WS §6.1, §9.12)',
      run: async () => {
        const results: unknown[] = [];
        for (const config of [
          { serverPort: 1, maxConcurrentClientsNumber: 15 },
          { serverPort: 1, maxConnectionsForOneClient: 11 },
          { serverPort: 1, maxConcurrentClientsNumber: -1 },
          { serverPort: 65536, maxConcurrentClientsNumber: 15 },
        ]) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocketServer().start(config)));
        }
        return results;
      },
      expect: [{ rejected: UNKNOWN_OTHER }, { rejected: UNKNOWN_OTHER }, { rejected: UNKNOWN_OTHER }, { rejected: PORT_ERROR }],
    },
    {
      title: 'start() with a serverCert whose certificate or key file is missing is 2302002, after the caps (WS §6.1)',
      run: async () => {
        const results: unknown[] = [];
        for (const config of [
          { serverPort: 1, serverCert: { certPath: 'missing-cert.pem', keyPath: 'missing-key.pem' } },
          { serverPort: 1, serverCert: { certPath: 'missing-cert.pem' } },
          { serverPort: 1, serverCert: { certPath: '/no/such/dir/cert.pem', keyPath: '' } },
          { serverPort: 1, maxConnectionsForOneClient: 11, serverCert: { certPath: 'missing-cert.pem', keyPath: 'missing-key.pem' } },
        ]) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocketServer().start(config)));
        }
        return results;
      },
      expect: [{ rejected: CERT_FILE_MISSING }, { rejected: CERT_FILE_MISSING }, { rejected: CERT_FILE_MISSING }, { rejected: UNKNOWN_OTHER }],
    },
    {
      title: 'listAllConnections() returns a Promise, not an array; of a server not started it rejects with 2302999, as stop() does (WS §6.4, §9.11)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const listed = server.listAllConnections();
        const stopped = server.stop();
        return {
          listIsPromise: listed instanceof Promise,
          stopIsPromise: stopped instanceof Promise,
          list: await globalThis.helpers.settle(listed),
          stop: await globalThis.helpers.settle(stopped),
        };
      },
      expect: { listIsPromise: true, stopIsPromise: true, list: { rejected: UNKNOWN_OTHER }, stop: { rejected: UNKNOWN_OTHER } },
    },
    {
      title: 'send(data, connection) to a connection the server does not know is 2302006; bad data or a bad connection is a 401 (WS §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const connection = { clientIP: '127.0.0.1', clientPort: 50000 };
        const results: unknown[] = [];
        for (const args of [
          ['hi', connection],
          [new ArrayBuffer(1), connection],
          [1, connection],
          [new Uint8Array(1), connection],
          ['hi', { clientIP: 1, clientPort: 1 }],
          ['hi', { clientIP: '127.0.0.1' }],
          ['hi', { clientIP: '127.0.0.1', clientPort: '50000' }],
          ['hi', null],
          ['hi'],
          [new ArrayBuffer(5 * 1024 * 1024 - 15), connection],
        ]) {
          results.push(await globalThis.helpers.settle(server.send(...args)));
        }
        return results;
      },
      expect: [
        { rejected: CONNECTION_NOT_EXIST },
        { rejected: CONNECTION_NOT_EXIST },
        ...Array.from({ length: 8 }, () => ({ rejected: PARAMETER_ERROR })),
      ],
    },
    {
      title: 'send of exactly 5,242,864 bytes is within the limit: 2302006, not 401 (WS §6.4)',
      run: async () =>
        globalThis.helpers.settle(
          globalThis.kit.webSocket.createWebSocketServer().send(new ArrayBuffer(5 * 1024 * 1024 - 16), { clientIP: '127.0.0.1', clientPort: 50000 }),
        ),
      expect: { rejected: CONNECTION_NOT_EXIST },
    },
    {
      title:
        'close(connection, options) needs options holding both a numeric code and a string reason; an unknown connection is 2302006 (WS §6.4, §9.14)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const connection = { clientIP: '127.0.0.1', clientPort: 50000 };
        const results: unknown[] = [];
        for (const args of [
          [connection],
          [connection, { code: 1000, reason: 'bye' }],
          [connection, { code: 4000, reason: '' }],
          [connection, { code: 1000 }],
          [connection, { reason: 'bye' }],
          [connection, { code: '1000', reason: 'bye' }],
          [connection, {}],
          [connection, undefined],
          [connection, null],
          [{ clientIP: '127.0.0.1' }],
          [],
        ]) {
          results.push(await globalThis.helpers.settle(server.close(...args)));
        }
        return results;
      },
      expect: [
        { rejected: CONNECTION_NOT_EXIST },
        { rejected: CONNECTION_NOT_EXIST },
        { rejected: CONNECTION_NOT_EXIST },
        ...Array.from({ length: 8 }, () => ({ rejected: PARAMETER_ERROR })),
      ],
    },
    {
      title:
        'start() never takes a callback: (config, callback), (config, true, callback), (callback) each return a Promise that rejects with 401, and the callback is never called (WS §2.2, §6.1)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const config = { serverIP: '127.0.0.1', serverPort: 1, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 };
        const called: unknown[] = [];
        const callback = (...args: unknown[]) => called.push(args);
        const results: unknown[] = [];
        for (const args of [[config, callback], [config, true, callback], [callback], [config, false, undefined]]) {
          const returned = server.start(...args);
          results.push({ isPromise: returned instanceof Promise, settled: await globalThis.helpers.settle(returned) });
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { results, called };
      },
      expect: {
        results: Array.from({ length: 4 }, () => ({ isPromise: true, settled: { rejected: PARAMETER_ERROR } })),
        called: [],
      },
    },
    {
      title:
        'send() never takes a callback: (data, connection, callback), (data, connection, undefined), (data, callback) and (callback) return Promises that reject with 401; the callback is never called (WS §2.2, §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const connection = { clientIP: '127.0.0.1', clientPort: 50000 };
        const called: unknown[] = [];
        const callback = (...args: unknown[]) => called.push(args);
        const results: unknown[] = [];
        for (const args of [['hi', connection, callback], ['hi', connection, undefined], ['hi', callback], [callback]]) {
          const returned = server.send(...args);
          results.push({ isPromise: returned instanceof Promise, settled: await globalThis.helpers.settle(returned) });
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { results, called };
      },
      expect: {
        results: Array.from({ length: 4 }, () => ({ isPromise: true, settled: { rejected: PARAMETER_ERROR } })),
        called: [],
      },
    },
    {
      title:
        'close() takes a callback only as the last of one or two arguments, which is never a valid call: (callback) and (connection, callback) return undefined and hand the callback (401, undefined) (WS §2.2, §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const connection = { clientIP: '127.0.0.1', clientPort: 50000 };
        const results: unknown[] = [];
        for (const args of [[], [connection]] as unknown[][]) {
          const called = new Promise<unknown[]>((resolve) => args.push((...received: unknown[]) => resolve(received)));
          const returned = server.close(...args);
          const received = await called;
          results.push({
            returned: globalThis.helpers.serialise(returned),
            args: received.length,
            err: globalThis.helpers.serialise(received[0]),
            value: received[1],
          });
        }
        return results;
      },
      expect: Array.from({ length: 2 }, () => ({ returned: undefined, args: 2, err: PARAMETER_ERROR, value: undefined })),
    },
    {
      title:
        'close() with three arguments never takes a callback: (connection, options, callback), (connection, undefined, callback), (connection, options, undefined) return Promises that reject with 401 (WS §2.2, §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const connection = { clientIP: '127.0.0.1', clientPort: 50000 };
        const options = { code: 1000, reason: 'bye' };
        const called: unknown[] = [];
        const callback = (...args: unknown[]) => called.push(args);
        const results: unknown[] = [];
        for (const args of [
          [connection, options, callback],
          [connection, undefined, callback],
          [connection, options, undefined],
        ]) {
          const returned = server.close(...args);
          results.push({ isPromise: returned instanceof Promise, settled: await globalThis.helpers.settle(returned) });
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { results, called };
      },
      expect: {
        results: Array.from({ length: 3 }, () => ({ isPromise: true, settled: { rejected: PARAMETER_ERROR } })),
        called: [],
      },
    },
    {
      title:
        'stop() and listAllConnections() take no argument at all: with a callback, or an explicit undefined, they return Promises that reject with 2302999; the callback is never called (WS §2.2, §6.4)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const called: unknown[] = [];
        const callback = (...args: unknown[]) => called.push(args);
        const results: unknown[] = [];
        for (const returned of [
          server.stop(callback),
          server.stop(undefined),
          server.listAllConnections(callback),
          server.listAllConnections(undefined),
        ]) {
          results.push({ isPromise: returned instanceof Promise, settled: await globalThis.helpers.settle(returned) });
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { results, called };
      },
      expect: {
        results: Array.from({ length: 4 }, () => ({ isPromise: true, settled: { rejected: UNKNOWN_OTHER } })),
        called: [],
      },
    },
    {
      title:
        'the server\'s on/off check their arguments as the client\'s: a synchronous Error with the string code "401"; unknown names are ignored (WS §2.3)',
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const fn = () => {};
        return [
          globalThis.helpers.attempt(() => server.on('connect')),
          globalThis.helpers.attempt(() => server.on('messageReceive', 'listener')),
          globalThis.helpers.attempt(() => server.off()),
          globalThis.helpers.attempt(() => server.off('close', 1)),
          globalThis.helpers.attempt(() => server.on('nope', fn)),
          globalThis.helpers.attempt(() => server.on('error', fn)),
          globalThis.helpers.attempt(() => server.off('error', fn)),
          globalThis.helpers.attempt(() => server.off('connect')),
        ];
      },
      expect: [
        ...Array.from({ length: 4 }, () => ({
          thrown: { isError: true, name: 'Error', message: 'Parameter error', code: '401', codeType: 'string' },
        })),
        ...Array.from({ length: 4 }, () => ({ returned: undefined })),
      ],
    },
    {
      title: "the server's methods called with a foreign this return undefined, no Promise (WS §2.2)",
      run: async () => {
        const server = globalThis.kit.webSocket.createWebSocketServer();
        const connection = { clientIP: '127.0.0.1', clientPort: 50000 };
        const kind = (value: unknown) => (value instanceof Promise ? (value.catch(() => {}), 'Promise') : globalThis.helpers.serialise(value));
        return [
          server.start.call({}, { serverPort: 1 }),
          server.stop.call({}),
          server.listAllConnections.call({}),
          server.send.call({}, 'x', connection),
          server.close.call({}, connection),
        ].map(kind);
      },
      expect: [undefined, undefined, undefined, undefined, undefined],
    },
  ],
};
