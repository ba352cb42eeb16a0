import { shape } from '../../../test-browser/support/shape.js';
import type { CaseGroup } from '../../case.js';
import type { WebSocketInputs } from '../inputs.js';

const OPEN = shape('{"status":101,"message":"Switching Protocols"}');
const EXISTS = shape('{"code":2302003,"message":"Websocket connection already exist"}');
const CONNECT_FAILED = shape('{"code":-1,"message":"Websocket connect failed"}');
const EVENT_ERROR = shape('{"code":200,"data":"0"}');

/** connect(): overloads, results, the order of its checks and the state rules (WS §2.2, §3.2, §4). */
export const CONNECT: CaseGroup<WebSocketInputs> = {
  section: 'connect (WS §2.2, §4)',
  cases: [
    {
      title: 'the connect callback gets (undefined, true), before open (WS §2.2)',
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
    {
      title: 'connect without a callback returns a Promise that resolves to true (WS §2.2)',
      run: async ({ server }) => globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`)),
      expect: { resolved: true },
    },
    {
      title: 'connect(url, options, callback) calls back (undefined, true); connect(url, options) resolves true',
      run: async ({ server }) => {
        const callback = globalThis.helpers.callback();
        globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, {}, callback.fn);
        return [await callback.args, await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(`${server}/echo`, {}))];
      },
      expect: [[undefined, true], { resolved: true }],
    },
    {
      title: 'connect resolves once the connection is under way, before the handshake (a server that never answers)',
      run: async ({ silent }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws);
        const settled = await globalThis.helpers.settle(ws.connect(silent));
        return { settled, events: log.entries.slice() };
      },
      expect: { settled: { resolved: true }, events: [] },
      unsupported: { mock: 'a mock server cannot accept and stay silent' },
    },
    {
      title: 'listeners registered right after connect() in the same task get open (WS §3.1)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        void ws.connect(`${server}/echo`);
        return globalThis.helpers.record(ws, ['open']).until('open');
      },
      expect: [['open', undefined, OPEN]],
    },
    {
      title: 'a second connect while open fails with 2302003 and leaves the connection working (WS §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`);
        const second = await globalThis.helpers.settle(ws.connect(`${server}/echo`));
        ws.send('still here');
        await log.until('message');
        return { second, message: log.entries.find(([type]) => type === 'message') };
      },
      expect: { second: { rejected: EXISTS }, message: ['message', undefined, 'still here'] },
    },
    {
      title: 'a second connect while still connecting fails with 2302003 (WS §4)',
      run: async ({ silent }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        void ws.connect(silent);
        return globalThis.helpers.settle(ws.connect(silent));
      },
      expect: { rejected: EXISTS },
      unsupported: { mock: 'a mock server cannot accept and stay silent' },
    },
    {
      title: 'a connect while the previous connection is closing fails with 2302003; the first ends normally (WS §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`, undefined, ['open', 'close']);
        void ws.close();
        const second = await globalThis.helpers.settle(ws.connect(`${server}/echo`));
        const entries = await log.until('close');
        return { second, events: entries.map(([type]) => type) };
      },
      expect: { second: { rejected: EXISTS }, events: ['open', 'close'] },
    },
    {
      title: 'after the close event the same object connects again, its listeners kept (WS §3.1, §4)',
      run: async ({ server }) => {
        const { ws, log } = await globalThis.helpers.openSocket(`${server}/echo`, undefined, ['open', 'close']);
        void ws.close();
        await log.until('close');
        log.note('reconnect', await globalThis.helpers.settle(ws.connect(`${server}/echo`)));
        return (await log.until('open', 2)).map(([type]) => type);
      },
      expect: ['open', 'close', 'reconnect', 'open'],
    },
    {
      title: 'a refused TCP connection: error {code: 200, data: "0"} and no close (WS §3.4)',
      run: async ({ refused, server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws);
        void ws.connect(refused);
        await log.until('error');
        // No close may follow an error before open. To see that none did, connect again:
        // the new connection's open comes after anything the first one sent.
        void ws.connect(`${server}/echo`);
        return log.until('open');
      },
      expect: [
        ['error', EVENT_ERROR],
        ['open', undefined, OPEN],
      ],
    },
    {
      title: 'wss:// to a server without TLS: error {code: 200, data: "0"} and no close (WS §3.4)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const log = globalThis.helpers.record(ws);
        void ws.connect(`${server.replace('ws://', 'wss://')}/echo`);
        await log.until('error');
        void ws.connect(`${server}/echo`);
        return (await log.until('open')).map(([type]) => type);
      },
      expect: ['error', 'open'],
      unsupported: { mock: 'mock-socket has no TLS' },
    },
    {
      title: 'a URL lws cannot connect to (ws://, a bad port, a broken IPv6 literal): an error event, then -1 "Websocket connect failed" (WS §4)',
      run: async () => {
        const outcomes: unknown[] = [];
        for (const url of ['ws://', 'ws://127.0.0.1:99999/', 'ws://[::1/']) {
          const ws = globalThis.kit.webSocket.createWebSocket();
          const log = globalThis.helpers.record(ws, ['error', 'open', 'close']);
          ws.connect(url, (...args: unknown[]) => log.note('callback', ...args));
          outcomes.push(await log.until('callback'));
        }
        return outcomes;
      },
      expect: Array.from({ length: 3 }, () => [
        ['error', EVENT_ERROR],
        ['callback', CONNECT_FAILED, undefined],
      ]),
    },
    {
      title: 'the -1 of an unconnectable URL comes without an error event when no error listener is set, and the object stays free (WS §4)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const first = await globalThis.helpers.settle(ws.connect('ws://'));
        const log = globalThis.helpers.record(ws, ['open']);
        const second = await globalThis.helpers.settle(ws.connect(`${server}/echo`));
        await log.until('open');
        return { first, second };
      },
      expect: { first: { rejected: CONNECT_FAILED }, second: { resolved: true } },
    },
    {
      title: 'only the scheme and the byte length give 2302001: ws/wss exactly, under 8196 UTF-8 bytes (WS §4)',
      run: async ({ server }) => {
        const results: unknown[] = [];
        for (const url of ['http://127.0.0.1/', 'WS://127.0.0.1/', '127.0.0.1', '', `${server}/echo?${'é'.repeat(4096)}`]) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(url)));
        }
        return results;
      },
      expect: Array.from({ length: 5 }, () => ({ rejected: shape('{"code":2302001,"message":"Websocket url error"}') })),
    },
  ],
};
