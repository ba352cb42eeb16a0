/**
 * How methods report failure: shapes, codes and timing (OH §2.1, §2.2, §4, §7).
 */
import { expect, test } from './fixtures.js';
import { shape } from './support/shape.js';

const PARAMETER_ERROR = shape('{"code":401,"message":"Parameter error"}');
const URL_ERROR = shape('{"code":2302001,"message":"Websocket url error"}');
const MAX_URL_BYTES = 8195;

test('JSON.stringify of a method error is exactly {"code","message"}', async ({ kit, servers }) => {
  const json = await kit.evaluate(async (url) => {
    const { ws } = await window.helpers.openSocket(url);
    return new Promise<string>((resolve) => ws.connect(url, (err: unknown) => resolve(JSON.stringify(err))));
  }, `${servers.upstream}/echo`);
  expect(json).toBe('{"code":2302003,"message":"Websocket connection already exist"}');
});

test('a method error has exactly two own enumerable keys, code then message', async ({ kit }) => {
  const keys = await kit.evaluate(async () => {
    const ws = window.kit.webSocket.createWebSocket();
    return new Promise<string[]>((resolve) => ws.close((err: object) => resolve(Object.keys(err))));
  });
  expect(keys).toEqual(['code', 'message']);
});

for (const [label, url] of [
  ['http://', 'http://127.0.0.1:9/echo'],
  ['https://', 'https://127.0.0.1:9/echo'],
  ['an upper-case WS://', 'WS://127.0.0.1:9/echo'],
  ['a URL without "://"', 'ws:127.0.0.1:9/echo'],
  ['an empty string', ''],
] as const) {
  test(`connect to ${label} fails with 2302001 "Websocket url error"`, async ({ kit }) => {
    const args = await kit.evaluate(async (url) => {
      const ws = window.kit.webSocket.createWebSocket();
      const callback = window.helpers.callback();
      ws.connect(url, callback.fn);
      return callback.args;
    }, url);
    expect(args).toEqual([URL_ERROR, undefined]);
  });
}

/** `${upstream}/echo?pad=aaa…` padded to exactly `bytes` UTF-8 bytes with `fill`. */
function paddedUrl(upstream: string, bytes: number, fill = 'a', path = '/echo'): string {
  const base = `${upstream}${path}?pad=`;
  const fillBytes = Buffer.byteLength(fill);
  const count = Math.floor((bytes - base.length) / fillBytes);
  const url = base + fill.repeat(count) + 'a'.repeat(bytes - base.length - count * fillBytes);
  if (Buffer.byteLength(url) !== bytes) throw new Error('bad padding');
  return url;
}

test(`a URL of ${MAX_URL_BYTES} bytes connects`, async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => (await window.helpers.openSocket(url)).log.until('open'), paddedUrl(servers.upstream, MAX_URL_BYTES));
  expect(entries.map(([type]) => type)).toEqual(['open', 'openInfo']);
});

test(`a URL of ${MAX_URL_BYTES + 1} bytes fails with 2302001`, async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    return window.helpers.settle(ws.connect(url));
  }, paddedUrl(servers.upstream, MAX_URL_BYTES + 1));
  expect(settled).toEqual({ rejected: URL_ERROR });
});

test('the URL limit counts UTF-8 bytes, not characters', async ({ kit, servers }) => {
  const url = paddedUrl(servers.upstream, MAX_URL_BYTES + 1, 'é');
  expect(url.length).toBeLessThan(MAX_URL_BYTES);
  const settled = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    return window.helpers.settle(ws.connect(url));
  }, url);
  expect(settled).toEqual({ rejected: URL_ERROR });
});

test('a URL without a path counts the "/" the device inserts before "?"', async ({ kit, servers }) => {
  // 8195 bytes as written, 8196 once "ws://host:port?…" becomes "ws://host:port/?…".
  const url = paddedUrl(servers.upstream, MAX_URL_BYTES, 'a', '');
  const settled = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    return window.helpers.settle(ws.connect(url));
  }, url);
  expect(settled).toEqual({ rejected: URL_ERROR });
});

for (const [label, argsSource] of [
  ['connect(url, undefined, callback)', '[url, undefined]'],
  ['connect(url, null, callback)', '[url, null]'],
  ['connect(url, "options", callback)', '[url, "options"]'],
  ['connect(123, callback)', '[123]'],
  ['connect(url, { proxy: undefined }, callback)', '[url, { proxy: undefined }]'],
  ["connect(url, { proxy: 'direct' }, callback)", "[url, { proxy: 'direct' }]"],
  ['connect(url, { proxy: { host: "127.0.0.1", port: 70000 } }, callback)', '[url, { proxy: { host: "127.0.0.1", port: 70000 } }]'],
  ['connect(url, { proxy: null }, callback)', '[url, { proxy: null }]'],
  ['connect(url, { protocol: undefined }, callback)', '[url, { protocol: undefined }]'],
  ['connect(url, { protocol: 1 }, callback)', '[url, { protocol: 1 }]'],
] as const) {
  test(`${label} calls back with 401`, async ({ kit, servers }) => {
    const args = await kit.evaluate(
      async ({ url, argsSource }) => {
        const ws = window.kit.webSocket.createWebSocket();
        const callback = window.helpers.callback();
        const args = (0, eval)(`(url) => ${argsSource}`)(url) as unknown[];
        ws.connect(...args, callback.fn);
        return callback.args;
      },
      { url: `${servers.upstream}/echo`, argsSource },
    );
    expect(args).toEqual([PARAMETER_ERROR, undefined]);
  });
}

for (const [label, argsSource] of [
  ['connect(url, undefined)', '[url, undefined]'],
  ['connect(123)', '[123]'],
  ['connect()', '[]'],
] as const) {
  test(`${label} rejects with 401`, async ({ kit, servers }) => {
    const settled = await kit.evaluate(
      async ({ url, argsSource }) => {
        const ws = window.kit.webSocket.createWebSocket();
        const args = (0, eval)(`(url) => ${argsSource}`)(url) as unknown[];
        return window.helpers.settle(ws.connect(...args));
      },
      { url: `${servers.upstream}/echo`, argsSource },
    );
    expect(settled).toEqual({ rejected: PARAMETER_ERROR });
  });
}

test("options of the wrong type other than proxy and protocol are ignored (the connection opens)", async ({ kit, servers }) => {
  const entries = await kit.evaluate(
    async (url) =>
      (await window.helpers.openSocket(url, { header: 'x', caPath: 1, clientCert: 'x', skipServerCertVerification: 'yes', pingInterval: '10' })).log.until('open'),
    `${servers.upstream}/echo`,
  );
  expect(entries.map(([type]) => type)).toEqual(['open', 'openInfo']);
});

test("proxy 'system' and 'no-proxy' are accepted", async ({ kit, servers }) => {
  const results = await kit.evaluate(async (url) => {
    const first = window.kit.webSocket.createWebSocket();
    const second = window.kit.webSocket.createWebSocket();
    return Promise.all([window.helpers.settle(first.connect(url, { proxy: 'system' })), window.helpers.settle(second.connect(url, { proxy: 'no-proxy' }))]);
  }, `${servers.upstream}/echo`);
  expect(results).toEqual([{ resolved: true }, { resolved: true }]);
});

test('a successful callback gets exactly two arguments: undefined (not null) and true', async ({ kit, servers }) => {
  const result = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    return new Promise<{ length: number; errIsUndefined: boolean; errIsNull: boolean; value: unknown }>((resolve) =>
      ws.connect(url, function (...args: unknown[]) {
        resolve({ length: args.length, errIsUndefined: args[0] === undefined, errIsNull: args[0] === null, value: args[1] });
      }),
    );
  }, `${servers.upstream}/echo`);
  expect(result).toEqual({ length: 2, errIsUndefined: true, errIsNull: false, value: true });
});

test('a failing callback gets exactly two arguments: the error and undefined', async ({ kit }) => {
  const args = await kit.evaluate(async () => {
    const ws = window.kit.webSocket.createWebSocket();
    const callback = window.helpers.callback();
    ws.close(callback.fn);
    return callback.args;
  });
  expect(args).toHaveLength(2);
  expect(args[1]).toBeUndefined();
});

test('with a callback connect, send and close return undefined; without one, a Promise', async ({ kit, servers }) => {
  const result = await kit.evaluate(async (url) => {
    const kinds = (value: unknown) => (value instanceof Promise ? 'Promise' : String(value));
    const ws = window.kit.webSocket.createWebSocket();
    const noop = () => {};
    const withCallbacks = [ws.connect(url, noop), ws.send('x', noop), ws.close(noop)];
    const other = window.kit.webSocket.createWebSocket();
    const withoutCallbacks = [other.connect(url), other.send('x'), other.close()];
    await Promise.allSettled(withoutCallbacks);
    const [connectCallback, sendCallback, closeCallback] = withCallbacks.map(kinds);
    const [connectPromise, sendPromise, closePromise] = withoutCallbacks.map(kinds);
    return { connectCallback, sendCallback, closeCallback, connectPromise, sendPromise, closePromise };
  }, `${servers.upstream}/echo`);
  expect(result).toEqual({
    connectCallback: 'undefined',
    sendCallback: 'undefined',
    closeCallback: 'undefined',
    connectPromise: 'Promise',
    sendPromise: 'Promise',
    closePromise: 'Promise',
  });
});

for (const [label, body] of [
  ['a successful connect', 'ws.connect(url, done)'],
  ['a failed connect (401)', 'ws.connect(url, undefined, done)'],
  ['a failed connect (2302001)', "ws.connect('http://127.0.0.1:9/', done)"],
  ['a failed send', "ws.send('x', done)"],
  ['a failed close', 'ws.close(done)'],
] as const) {
  test(`the callback of ${label} is asynchronous`, async ({ kit, servers }) => {
    const sawFlag = await kit.evaluate(
      async ({ url, body }) => {
        const ws = window.kit.webSocket.createWebSocket();
        let returned = false;
        const seen = new Promise<boolean>((resolve) => {
          const done = () => resolve(returned);
          (0, eval)(`(ws, url, done) => ${body}`)(ws, url, done);
        });
        returned = true;
        return seen;
      },
      { url: `${servers.upstream}/echo`, body },
    );
    expect(sawFlag).toBe(true);
  });
}

test('a method called with a foreign this returns undefined', async ({ kit, servers }) => {
  const returned = await kit.evaluate((url) => {
    const ws = window.kit.webSocket.createWebSocket();
    return [ws.connect.call({}, url), ws.send.call({}, 'x'), ws.close.call({})].map(window.helpers.serialise);
  }, `${servers.upstream}/echo`);
  expect(returned).toEqual([undefined, undefined, undefined]);
});
