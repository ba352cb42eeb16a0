import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_SEND_BYTES } from './device-limits.js';
import { callbackArgs, createClient, recordEvents, startMockServer } from '../browser/testing/mock-network.js';

const SEND_FAILED = '{"code":-1,"message":"Websocket Unknown Other Error"}';

test('send before connect fails with code -1 "Websocket Unknown Other Error"', async () => {
  await assert.rejects(createClient().send('x') as Promise<boolean>, (error) => JSON.stringify(error) === SEND_FAILED);
});

test('send(data, callback) returns undefined and calls back (undefined, true)', async (t) => {
  const { url, server } = startMockServer(t);
  const received = new Promise<unknown>((resolve) => server.on('connection', (socket) => socket.on('message', resolve)));
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  await events.next('open');
  const { callback, called } = callbackArgs();
  assert.equal(ws.send('hi', callback), undefined);
  assert.deepEqual(await called, [undefined, true]);
  assert.equal(await received, 'hi');
});

test('an ArrayBuffer is sent as one binary message with its exact bytes', async (t) => {
  const { url, server } = startMockServer(t);
  const received = new Promise<unknown>((resolve) => server.on('connection', (socket) => socket.on('message', resolve)));
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  await events.next('open');
  assert.equal(await ws.send(new Uint8Array([9, 8, 7]).buffer), true);
  const data = await received;
  assert.deepEqual([...new Uint8Array(data as ArrayBuffer)], [9, 8, 7]);
});

test('data sent between connect() and open resolves true and goes out, in order, once open', async (t) => {
  const { url, server } = startMockServer(t);
  const received: unknown[] = [];
  const both = new Promise<void>((resolve) =>
    server.on('connection', (socket) =>
      socket.on('message', (data) => {
        received.push(data);
        if (received.length === 2) resolve();
      }),
    ),
  );
  const ws = createClient();
  ws.connect(url);
  assert.equal(await ws.send('first'), true);
  ws.on('open', () => void ws.send('second'));
  await both;
  assert.deepEqual(received, ['first', 'second']);
});

test('send after close() and after the peer closed fails with -1', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  await events.next('open');
  void ws.close();
  await assert.rejects(ws.send('late') as Promise<boolean>, (error) => JSON.stringify(error) === SEND_FAILED);
  await events.next('close');
  await assert.rejects(ws.send('later') as Promise<boolean>, { code: -1 });
});

test('send of anything but a string or an ArrayBuffer is a 401', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  await events.next('open');
  const send = ws.send.bind(ws) as (...args: unknown[]) => Promise<boolean>;
  for (const data of [new Uint8Array(2), new DataView(new ArrayBuffer(2)), 42, null, {}, undefined]) {
    await assert.rejects(send(data), (error) => JSON.stringify(error) === '{"code":401,"message":"Parameter error"}', String(data));
  }
  await assert.rejects(send(), { code: 401 });
});

test('the send limit is 5,242,864 bytes: one more is a 401', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  await events.next('open');
  assert.equal(MAX_SEND_BYTES, 5_242_864);
  assert.equal(await ws.send(new ArrayBuffer(MAX_SEND_BYTES)), true);
  await assert.rejects(ws.send(new ArrayBuffer(MAX_SEND_BYTES + 1)) as Promise<boolean>, { code: 401 });
  assert.equal(await ws.send('a'.repeat(MAX_SEND_BYTES)), true);
  await assert.rejects(ws.send('a'.repeat(MAX_SEND_BYTES + 1)) as Promise<boolean>, { code: 401 });
});

test('string sizes are UTF-8 bytes, not characters', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  await events.next('open');
  // "é" is 2 bytes: half the limit in characters is exactly the limit in bytes.
  assert.equal(await ws.send('é'.repeat(MAX_SEND_BYTES / 2)), true);
  await assert.rejects(ws.send(`${'é'.repeat(MAX_SEND_BYTES / 2)}a`) as Promise<boolean>, { code: 401 });
});
