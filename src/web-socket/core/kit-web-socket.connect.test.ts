import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callbackArgs, createClient, recordEvents, startMockServer } from '../browser/testing/mock-network.js';

test('connect(url, callback) returns undefined and calls back (undefined, true) asynchronously', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const { callback, called } = callbackArgs();
  let returned = false;
  const result = ws.connect(url, (...args: unknown[]) => {
    assert.ok(returned, 'callback ran synchronously');
    callback(...args);
  });
  returned = true;
  assert.equal(result, undefined);
  const args = await called;
  assert.equal(args.length, 2);
  assert.equal(args[0], undefined);
  assert.equal(args[1], true);
});

test('connect(url) and connect(url, options) return a promise resolving true', async (t) => {
  const { url } = startMockServer(t);
  assert.equal(await createClient().connect(url), true);
  assert.equal(await createClient().connect(url, {}), true);
});

test('connect(url, options, callback) uses the callback', async (t) => {
  const { url } = startMockServer(t);
  const { callback, called } = callbackArgs();
  assert.equal(createClient().connect(url, { protocol: '' }, callback), undefined);
  assert.deepEqual(await called, [undefined, true]);
});

test('the connect callback arrives before open', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const order: string[] = [];
  const opened = new Promise<void>((resolve) =>
    ws.on('open', () => {
      order.push('open');
      resolve();
    }),
  );
  ws.connect(url, () => order.push('connect callback'));
  await opened;
  assert.deepEqual(order, ['connect callback', 'open']);
});

test('a second connect while connecting or open fails with 2302003 and leaves the first alone', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  await assert.rejects(
    ws.connect(url) as Promise<boolean>,
    (error) => JSON.stringify(error) === '{"code":2302003,"message":"Websocket connection already exist"}',
  );
  await events.next('open');
  await assert.rejects(ws.connect(url) as Promise<boolean>, { code: 2302003 });
  assert.equal(await ws.send('still open'), true);
});

test('connect after the previous connection ended is allowed, and listeners survive it', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const events = recordEvents(ws);
  await ws.connect(url);
  await events.next('open');
  await ws.close();
  await events.next('close');
  assert.equal(await ws.connect(url), true);
  await events.next('open');
  assert.deepEqual(events.names(), ['open', 'openInfo', 'close', 'open', 'openInfo']);
});

test('a scheme other than exactly ws or wss is 2302001', async () => {
  for (const url of ['http://127.0.0.1/', 'https://127.0.0.1/', 'WS://127.0.0.1/', 'wss:/x', '127.0.0.1', '']) {
    await assert.rejects(
      createClient().connect(url) as Promise<boolean>,
      (error) => JSON.stringify(error) === '{"code":2302001,"message":"Websocket url error"}',
      url,
    );
  }
});

test('a URL of 8196 UTF-8 bytes or more is 2302001; 8195 is accepted', async (t) => {
  const { url } = startMockServer(t);
  const longest = `${url}/${'a'.repeat(8195 - url.length - 1)}`;
  assert.equal(new TextEncoder().encode(longest).length, 8195);
  assert.equal(await createClient().connect(longest), true);
  await assert.rejects(createClient().connect(`${longest}a`) as Promise<boolean>, { code: 2302001 });
  // Bytes, not characters: "é" is two bytes.
  await assert.rejects(createClient().connect(`${longest.slice(0, -1)}é`) as Promise<boolean>, { code: 2302001 });
});

test('a URL without a path counts the "/" the device inserts before "?"', async () => {
  const base = 'ws://h';
  const query = `?${'q'.repeat(8195 - base.length - 1)}`;
  assert.equal(new TextEncoder().encode(base + query).length, 8195);
  // 8195 as written, 8196 once the device has inserted "/".
  await assert.rejects(createClient().connect(base + query) as Promise<boolean>, { code: 2302001 });
});

test('options passed explicitly as undefined are a 401, through the callback or the rejection', async (t) => {
  const { url } = startMockServer(t);
  await assert.rejects(
    createClient().connect(url, undefined) as Promise<boolean>,
    (error) => JSON.stringify(error) === '{"code":401,"message":"Parameter error"}',
  );
  const { callback, called } = callbackArgs();
  (createClient().connect as (...args: unknown[]) => void)(url, undefined, callback);
  const [error, value] = await called;
  assert.deepEqual(JSON.parse(JSON.stringify(error)), { code: 401, message: 'Parameter error' });
  assert.equal(value, undefined);
});

test('a non-string URL is a 401 delivered to the callback, never thrown', async () => {
  const { callback, called } = callbackArgs();
  assert.doesNotThrow(() => (createClient().connect as (...args: unknown[]) => unknown)(123, callback));
  assert.equal(((await called)[0] as { code: number }).code, 401);
  await assert.rejects((createClient().connect as (...args: unknown[]) => Promise<boolean>)(), { code: 401 });
});

test('a proxy or protocol of the wrong type is a 401; other wrong-typed options are ignored (WS §5)', async (t) => {
  const { url } = startMockServer(t);
  for (const options of [
    { proxy: 'other' },
    { proxy: 42 },
    { proxy: null },
    { proxy: undefined },
    { proxy: { host: 'h', port: 70000 } },
    { protocol: 1 },
    { protocol: undefined },
  ]) {
    await assert.rejects(createClient().connect(url, options as object), { code: 401 }, JSON.stringify(options));
  }
  assert.equal(await createClient().connect(url, { caPath: 5, clientCert: 'x', pingInterval: 'x', header: 3 } as object), true);
});

test('a proxy host that is no host, or an exclusion list past its bounds, is a 401 (proxy-rules.ts)', async (t) => {
  const { url } = startMockServer(t);
  for (const proxy of [
    { host: 'a b', port: 80, exclusionList: [] },
    { host: '[::1', port: 80, exclusionList: [] },
    { host: 'h', port: 80, exclusionList: Array.from({ length: 257 }, () => 'x') },
    { host: 'h', port: 80, exclusionList: ['x'.repeat(256)] },
  ]) {
    await assert.rejects(createClient().connect(url, { proxy }), { code: 401 }, JSON.stringify(proxy).slice(0, 80));
  }
  for (const host of ['', 'proxy.example', '127.0.0.1', '::1', '[::1]']) {
    assert.equal(await createClient().connect(url, { proxy: { host, port: 80, exclusionList: ['*.example'] } }), true, host);
  }
});

test('connect called with a foreign `this` returns undefined and does nothing', () => {
  const { connect, send, close } = createClient();
  assert.equal((connect as (...a: unknown[]) => unknown).call({}, 'ws://127.0.0.1/'), undefined);
  assert.equal((send as (...a: unknown[]) => unknown).call(undefined, 'x'), undefined);
  assert.equal((close as (...a: unknown[]) => unknown).call(null), undefined);
});
