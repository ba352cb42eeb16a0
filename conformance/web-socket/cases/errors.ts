import { shape } from '../../../test-browser/support/shape.js';
import type { CaseGroup } from '../../case.js';
import type { WebSocketInputs } from '../inputs.js';

const PARAMETER_ERROR = shape('{"code":401,"message":"Parameter error"}');
const URL_ERROR = shape('{"code":2302001,"message":"Websocket url error"}');
const UNKNOWN_OTHER = shape('{"code":2302999,"message":"Websocket Unknown Other Error"}');

/** What `on`/`off` throw for bad arguments (WS §2.3): an Error, message "Parameter error", the *string* code "401". */
const ON_OFF_THROW = { thrown: { isError: true, name: 'Error', message: 'Parameter error', code: '401', codeType: 'string' } };

/** How the plain-object case describes a method error: what an app that inspects it can see (WS §2.1). */
function plainError(json: string): Record<string, unknown> {
  return { isError: false, prototype: 'Object.prototype', ownKeys: ['code', 'message'], json, hasName: false, hasStack: false };
}

/** How methods report failure: the shape of an error, callback or promise, and when (WS §2.1, §2.2, §2.3, §7). */
export const ERRORS: CaseGroup<WebSocketInputs> = {
  section: 'errors (WS §2.1, §2.2, §2.3, §7)',
  cases: [
    {
      title: 'JSON.stringify of a method error is exactly {"code","message"} (WS §2.1)',
      run: async ({ server }) => {
        const { ws } = await globalThis.helpers.openSocket(`${server}/echo`);
        return new Promise<string>((resolve) => ws.connect(`${server}/echo`, (err: unknown) => resolve(JSON.stringify(err))));
      },
      expect: '{"code":2302003,"message":"Websocket connection already exist"}',
    },
    {
      title: 'a method error has exactly two own enumerable keys, code then message (WS §2.1)',
      run: async () =>
        new Promise<string[]>((resolve) => globalThis.kit.webSocket.createWebSocket().close((err: object) => resolve(Object.keys(err)))),
      expect: ['code', 'message'],
    },
    {
      title: 'method errors are plain objects on every path: not an Error, no name or stack, own keys exactly code and message (WS §2.1, §7)',
      run: async ({ server }) => {
        const describe = (err: unknown) => {
          const value = err as object;
          const prototype = Object.getPrototypeOf(value);
          return {
            isError: err instanceof Error,
            prototype: prototype === Object.prototype ? 'Object.prototype' : String(prototype?.constructor?.name),
            ownKeys: Reflect.ownKeys(value).map(String),
            json: JSON.stringify(value),
            hasName: 'name' in value,
            hasStack: 'stack' in value,
          };
        };
        const rejection = async (promise: unknown) => {
          try {
            await promise;
            return 'resolved';
          } catch (err) {
            return describe(err);
          }
        };
        const viaCallback = (call: (cb: (err: unknown) => void) => void) => new Promise((resolve) => call((err) => resolve(describe(err))));
        const kit = globalThis.kit.webSocket;
        const { ws: open } = await globalThis.helpers.openSocket(`${server}/echo`);
        const wsServer = kit.createWebSocketServer();
        return [
          await rejection(kit.createWebSocket().connect(123)),
          await viaCallback((cb) => kit.createWebSocket().connect(`${server}/echo`, undefined, cb)),
          await rejection(kit.createWebSocket().connect('http://127.0.0.1/')),
          await viaCallback((cb) => open.connect(`${server}/echo`, cb)),
          await rejection(kit.createWebSocket().connect('ws://')),
          await rejection(kit.createWebSocket().send('x')),
          await viaCallback((cb) => kit.createWebSocket().close(cb)),
          await rejection(wsServer.start({ serverIP: 'localhost', serverPort: 1 })),
          await rejection(wsServer.send('x', { clientIP: '127.0.0.1', clientPort: 1 })),
          await rejection(wsServer.stop()),
        ];
      },
      expect: [
        plainError('{"code":401,"message":"Parameter error"}'),
        plainError('{"code":401,"message":"Parameter error"}'),
        plainError('{"code":2302001,"message":"Websocket url error"}'),
        plainError('{"code":2302003,"message":"Websocket connection already exist"}'),
        plainError('{"code":-1,"message":"Websocket connect failed"}'),
        plainError('{"code":-1,"message":"Websocket Unknown Other Error"}'),
        plainError('{"code":2302999,"message":"Websocket Unknown Other Error"}'),
        plainError(`{"code":2302004,"message":"Can't listen to the given NIC"}`),
        plainError('{"code":2302006,"message":"websocket connection does not exist"}'),
        plainError('{"code":2302999,"message":"Websocket Unknown Other Error"}'),
      ],
    },
    {
      title: 'connect to http://, https://, WS://, a URL without "://" or "" calls back (2302001 "Websocket url error", undefined) (WS §4, §7)',
      run: async () => {
        const results: unknown[] = [];
        for (const url of ['http://127.0.0.1:9/echo', 'https://127.0.0.1:9/echo', 'WS://127.0.0.1:9/echo', 'ws:127.0.0.1:9/echo', '']) {
          const callback = globalThis.helpers.callback();
          globalThis.kit.webSocket.createWebSocket().connect(url, callback.fn);
          results.push(await callback.args);
        }
        return results;
      },
      expect: Array.from({ length: 5 }, () => [URL_ERROR, undefined]),
    },
    {
      title: 'a URL of 8195 UTF-8 bytes connects (WS §4)',
      run: async ({ server }) => {
        // Padded in the path (a path the servers accept and leave alone): mock-socket finds
        // its server by the URL without its query, so a query would reach another path's server.
        const base = `${server}/pad-`;
        const url = base + 'a'.repeat(8195 - new TextEncoder().encode(base).length);
        const { log } = await globalThis.helpers.openSocket(url);
        return { bytes: new TextEncoder().encode(url).length, events: (await log.until('openInfo')).map(([type]) => type) };
      },
      expect: { bytes: 8195, events: ['open', 'openInfo'] },
    },
    {
      title: 'a URL of 8196 UTF-8 bytes fails with 2302001 (WS §4)',
      run: async ({ server }) => {
        const base = `${server}/echo?pad=`;
        const url = base + 'a'.repeat(8196 - new TextEncoder().encode(base).length);
        return {
          bytes: new TextEncoder().encode(url).length,
          settled: await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(url)),
        };
      },
      expect: { bytes: 8196, settled: { rejected: URL_ERROR } },
    },
    {
      title: 'the URL limit counts UTF-8 bytes, not characters: 8196 bytes in fewer characters is 2302001 (WS §4, §9.8)',
      run: async ({ server }) => {
        const base = `${server}/echo?pad=`;
        const missing = 8196 - new TextEncoder().encode(base).length;
        const url = base + 'é'.repeat(Math.floor(missing / 2)) + 'a'.repeat(missing % 2);
        return {
          bytes: new TextEncoder().encode(url).length,
          fewerCharacters: url.length < 8195,
          settled: await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(url)),
        };
      },
      expect: { bytes: 8196, fewerCharacters: true, settled: { rejected: URL_ERROR } },
    },
    {
      title: 'a URL without a path counts the "/" the device inserts before "?": 8195 bytes as written is 2302001 (WS §4)',
      run: async ({ server }) => {
        const base = `${server}?pad=`;
        const url = base + 'a'.repeat(8195 - new TextEncoder().encode(base).length);
        return {
          bytes: new TextEncoder().encode(url).length,
          settled: await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(url)),
        };
      },
      expect: { bytes: 8195, settled: { rejected: URL_ERROR } },
    },
    {
      title: 'bad connect arguments with a function last: connect returns undefined and the 401 goes to the callback, never thrown (WS §2.2)',
      run: async ({ server }) => {
        const results: unknown[] = [];
        const url = `${server}/echo`;
        for (const args of [[123], [undefined], [url, null], [url, 'options']]) {
          const callback = globalThis.helpers.callback();
          const attempt = globalThis.helpers.attempt(() => globalThis.kit.webSocket.createWebSocket().connect(...args, callback.fn));
          results.push([attempt, await callback.args]);
        }
        return results;
      },
      expect: Array.from({ length: 4 }, () => [{ returned: undefined }, [PARAMETER_ERROR, undefined]]),
    },
    {
      title: 'bad connect arguments without a function last: a Promise that rejects with 401, never a throw (WS §2.2)',
      run: async ({ server }) => {
        const results: unknown[] = [];
        const url = `${server}/echo`;
        for (const args of [[123], [], [url, null], [url, {}, 'not a callback']]) {
          results.push(await globalThis.helpers.settle(globalThis.kit.webSocket.createWebSocket().connect(...args)));
        }
        return results;
      },
      expect: Array.from({ length: 4 }, () => ({ rejected: PARAMETER_ERROR })),
    },
    {
      title: 'send and close take their callback from the last argument too; a non-function last argument means a Promise (WS §2.2)',
      run: async () => {
        const kit = globalThis.kit.webSocket;
        const sendCallback = globalThis.helpers.callback();
        const closeCallback = globalThis.helpers.callback();
        const sendReturned = kit.createWebSocket().send(1, sendCallback.fn);
        const closeReturned = kit.createWebSocket().close({ code: 1000 }, closeCallback.fn);
        return {
          send: [globalThis.helpers.serialise(sendReturned), await sendCallback.args],
          close: [globalThis.helpers.serialise(closeReturned), await closeCallback.args],
          sendNotAFunction: await globalThis.helpers.settle(kit.createWebSocket().send('x', 'not a callback')),
          closeNotAFunction: await globalThis.helpers.settle(kit.createWebSocket().close({}, 'not a callback')),
        };
      },
      expect: {
        send: [undefined, [PARAMETER_ERROR, undefined]],
        close: [undefined, [UNKNOWN_OTHER, undefined]],
        sendNotAFunction: { rejected: PARAMETER_ERROR },
        closeNotAFunction: { rejected: PARAMETER_ERROR },
      },
    },
    {
      title: 'a successful callback gets exactly two arguments: undefined (not null) and true (WS §2.2, §9.2)',
      run: async ({ server }) =>
        new Promise((resolve) =>
          globalThis.kit.webSocket
            .createWebSocket()
            .connect(`${server}/echo`, (...args: unknown[]) =>
              resolve({ length: args.length, errIsUndefined: args[0] === undefined, errIsNull: args[0] === null, value: args[1] }),
            ),
        ),
      expect: { length: 2, errIsUndefined: true, errIsNull: false, value: true },
    },
    {
      title: 'a failing callback gets exactly two arguments: the error and undefined (WS §2.2)',
      run: async () => {
        const callback = globalThis.helpers.callback();
        globalThis.kit.webSocket.createWebSocket().close(callback.fn);
        return callback.args;
      },
      expect: [UNKNOWN_OTHER, undefined],
    },
    {
      title: 'with a callback connect, send and close return undefined; without one, a Promise (WS §2.2)',
      run: async ({ server }) => {
        const kind = (value: unknown) => (value instanceof Promise ? 'Promise' : String(value));
        const noop = () => {};
        const ws = globalThis.kit.webSocket.createWebSocket();
        const withCallbacks = [ws.connect(`${server}/echo`, noop), ws.send('x', noop), ws.close(noop)];
        const other = globalThis.kit.webSocket.createWebSocket();
        const withoutCallbacks = [other.connect(`${server}/echo`), other.send('x'), other.close()];
        await Promise.allSettled(withoutCallbacks);
        return { withCallbacks: withCallbacks.map(kind), withoutCallbacks: withoutCallbacks.map(kind) };
      },
      expect: { withCallbacks: ['undefined', 'undefined', 'undefined'], withoutCallbacks: ['Promise', 'Promise', 'Promise'] },
    },
    {
      title: 'callbacks are asynchronous: a successful connect, a 401, a 2302001, a failed send, a failed close (WS §2.2)',
      run: async ({ server }) => {
        const url = `${server}/echo`;
        const calls: Array<(ws: ReturnType<typeof globalThis.kit.webSocket.createWebSocket>, done: () => void) => void> = [
          (ws, done) => ws.connect(url, done),
          (ws, done) => ws.connect(url, undefined, done),
          (ws, done) => ws.connect('http://127.0.0.1:9/', done),
          (ws, done) => ws.send('x', done),
          (ws, done) => ws.close(done),
        ];
        const seen: boolean[] = [];
        for (const call of calls) {
          let returned = false;
          const observed = new Promise<boolean>((resolve) => call(globalThis.kit.webSocket.createWebSocket(), () => resolve(returned)));
          returned = true;
          seen.push(await observed);
        }
        return seen;
      },
      expect: [true, true, true, true, true],
    },
    {
      title: 'a method called with a foreign this returns undefined, no Promise (WS §2.2)',
      run: async ({ server }) => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        return [ws.connect.call({}, `${server}/echo`), ws.send.call({}, 'x'), ws.close.call({})].map(globalThis.helpers.serialise);
      },
      expect: [undefined, undefined, undefined],
    },
    {
      title: 'on/off with bad arguments throw synchronously an Error "Parameter error" whose code is the string "401" (WS §2.3)',
      run: async () => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const fn = () => {};
        return [
          globalThis.helpers.attempt(() => ws.on('open')),
          globalThis.helpers.attempt(() => ws.on()),
          globalThis.helpers.attempt(() => ws.on(1, fn)),
          globalThis.helpers.attempt(() => ws.on('open', 'listener')),
          globalThis.helpers.attempt(() => ws.on('open', fn, fn)),
          globalThis.helpers.attempt(() => ws.on('nope', 'listener')),
          globalThis.helpers.attempt(() => ws.off()),
          globalThis.helpers.attempt(() => ws.off(1)),
          globalThis.helpers.attempt(() => ws.off('open', 'listener')),
          globalThis.helpers.attempt(() => ws.off('open', undefined)),
          globalThis.helpers.attempt(() => ws.off('open', fn, fn)),
        ];
      },
      expect: Array.from({ length: 11 }, () => ON_OFF_THROW),
    },
    {
      title: 'on/off return undefined; an event name the module does not know is ignored without a throw (WS §2.3)',
      run: async () => {
        const ws = globalThis.kit.webSocket.createWebSocket();
        const fn = () => {};
        return [
          globalThis.helpers.attempt(() => ws.on('open', fn)),
          globalThis.helpers.attempt(() => ws.off('open', fn)),
          globalThis.helpers.attempt(() => ws.off('open')),
          globalThis.helpers.attempt(() => ws.on('nope', fn)),
          globalThis.helpers.attempt(() => ws.off('nope')),
          globalThis.helpers.attempt(() => ws.off('nope', fn)),
        ];
      },
      expect: Array.from({ length: 6 }, () => ({ returned: undefined })),
    },
  ],
};
