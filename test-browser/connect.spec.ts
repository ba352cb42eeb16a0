/**
 * connect(): overloads, results and state rules (OH §2.2, §3.2, §4).
 */
import { expect, test } from './fixtures.js';
import { shape } from './support/shape.js';

const OPEN = shape('{"status":101,"message":"Switching Protocols"}');

test('connect callback gets (undefined, true) before open', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['open']);
    ws.connect(url, (...args: unknown[]) => log.note('connect-callback', ...args));
    return log.until('open');
  }, `${servers.upstream}/echo`);
  expect(entries).toEqual([
    ['connect-callback', undefined, true],
    ['open', undefined, OPEN],
  ]);
});

test('connect without a callback returns a Promise that resolves to true', async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    return window.helpers.settle(ws.connect(url));
  }, `${servers.upstream}/echo`);
  expect(settled).toEqual({ resolved: true });
});

test('connect with options and a callback gets (undefined, true)', async ({ kit, servers }) => {
  const args = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const callback = window.helpers.callback();
    ws.connect(url, {}, callback.fn);
    return callback.args;
  }, `${servers.upstream}/echo`);
  expect(args).toEqual([undefined, true]);
});

test('connect with options and no callback resolves to true', async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    return window.helpers.settle(ws.connect(url, {}));
  }, `${servers.upstream}/echo`);
  expect(settled).toEqual({ resolved: true });
});

test('connect resolves before the handshake completes (a server that never answers)', async ({ kit, listener }) => {
  const result = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws);
    const settled = await window.helpers.settle(ws.connect(url));
    return { settled, events: log.entries.slice() };
  }, listener.url);
  expect(result).toEqual({ settled: { resolved: true }, events: [] });
});

test('listeners registered right after connect() in the same task get open', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    ws.connect(url);
    const log = window.helpers.record(ws, ['open']);
    return log.until('open');
  }, `${servers.upstream}/echo`);
  expect(entries).toEqual([['open', undefined, OPEN]]);
});

test('a second connect while open fails with 2302003 and leaves the connection working', async ({ kit, servers }) => {
  const result = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url);
    const second = await window.helpers.settle(ws.connect(url));
    ws.send('still here');
    await log.until('message');
    return { second, message: log.entries.find(([type]) => type === 'message') };
  }, `${servers.upstream}/echo`);
  expect(result).toEqual({
    second: { rejected: shape('{"code":2302003,"message":"Websocket connection already exist"}') },
    message: ['message', undefined, 'still here'],
  });
});

test('a second connect while still connecting fails with 2302003', async ({ kit, listener }) => {
  const second = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    ws.connect(url);
    return window.helpers.settle(ws.connect(url));
  }, listener.url);
  expect(second).toEqual({ rejected: shape('{"code":2302003,"message":"Websocket connection already exist"}') });
});

test('after the close event the same object connects again', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url, undefined, ['open', 'close']);
    ws.close();
    await log.until('close');
    const again = await window.helpers.settle(ws.connect(url));
    log.note('reconnect', again);
    return log.until('open', 2);
  }, `${servers.upstream}/echo`);
  expect(entries.map(([type]) => type)).toEqual(['open', 'close', 'reconnect', 'open']);
  expect(entries[2]).toEqual(['reconnect', { json: '{"resolved":true}', keys: ['resolved'] }]);
});

test('a refused TCP connection gives error {code:200, data:"0"} and no close', async ({ kit, servers }) => {
  const entries = await kit.evaluate(
    async ({ refused, echo }) => {
      const ws = window.kit.webSocket.createWebSocket();
      const log = window.helpers.record(ws);
      ws.connect(refused);
      await log.until('error');
      // No close can follow an error before open (OH §3.4). To see that it did not,
      // connect again: the new connection's open comes after anything the first one sent.
      ws.connect(echo);
      return log.until('open');
    },
    { refused: servers.refused, echo: `${servers.upstream}/echo` },
  );
  expect(entries.map(([type]) => type)).toEqual(['error', 'open']);
  expect(entries[0]).toEqual(['error', shape('{"code":200,"data":"0"}')]);
});

test('a connect while the previous connection is closing fails with 2302003', async ({ kit, servers }) => {
  const result = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url, undefined, ['open', 'close']);
    ws.close();
    const second = await window.helpers.settle(ws.connect(url));
    // The first connection still ends normally.
    const entries = await log.until('close');
    return { second, events: entries.map(([type]) => type) };
  }, `${servers.upstream}/echo`);
  expect(result).toEqual({
    second: { rejected: shape('{"code":2302003,"message":"Websocket connection already exist"}') },
    events: ['open', 'close'],
  });
});

test('wss:// to a server without TLS gives error {code:200, data:"0"} and no close', async ({ kit, servers }) => {
  const entries = await kit.evaluate(
    async ({ tls, echo }) => {
      const ws = window.kit.webSocket.createWebSocket();
      const log = window.helpers.record(ws);
      ws.connect(tls);
      await log.until('error');
      ws.connect(echo);
      return log.until('open');
    },
    { tls: `${servers.upstream.replace('ws://', 'wss://')}/echo`, echo: `${servers.upstream}/echo` },
  );
  expect(entries.map(([type]) => type)).toEqual(['error', 'open']);
  expect(entries[0]).toEqual(['error', shape('{"code":200,"data":"0"}')]);
});
