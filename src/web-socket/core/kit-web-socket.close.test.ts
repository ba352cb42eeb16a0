import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callbackArgs, createClient, recordEvents, startMockServer } from '../browser/testing/mock-network.js';

const UNKNOWN = '{"code":2302999,"message":"Websocket Unknown Other Error"}';

async function openClient(t: Parameters<typeof startMockServer>[0]) {
  const mock = startMockServer(t);
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(mock.url);
  await events.next('open');
  return { ...mock, ws, events };
}

test('close before connect fails with 2302999', async () => {
  await assert.rejects(createClient().close() as Promise<boolean>, (error) => JSON.stringify(error) === UNKNOWN);
});

test('a second close fails with 2302999', async (t) => {
  const { ws } = await openClient(t);
  assert.equal(await ws.close(), true);
  await assert.rejects(ws.close() as Promise<boolean>, (error) => JSON.stringify(error) === UNKNOWN);
});

test('close(callback) returns undefined and calls back (undefined, true)', async (t) => {
  const { ws } = await openClient(t);
  const { callback, called } = callbackArgs();
  assert.equal(ws.close(callback), undefined);
  assert.deepEqual(await called, [undefined, true]);
});

test('close(undefined) and close(null) are 401', async (t) => {
  const { ws } = await openClient(t);
  const close = ws.close.bind(ws) as (...args: unknown[]) => Promise<boolean>;
  await assert.rejects(close(undefined), { code: 401 });
  await assert.rejects(close(null), { code: 401 });
  const { callback, called } = callbackArgs();
  close(undefined, callback);
  assert.equal(((await called)[0] as { code: number }).code, 401);
});

test('a client close reports the default 1000 "CLOSE_NORMAL", with no error', async (t) => {
  const { ws, events } = await openClient(t);
  await ws.close();
  assert.deepEqual(await events.next('close'), ['close', undefined, { code: 1000, reason: 'CLOSE_NORMAL' }]);
  assert.deepEqual(events.names(), ['open', 'openInfo', 'close']);
});

test('a client close reports its own code and reason, including 1001–1015 a browser cannot send', async (t) => {
  for (const code of [1001, 1008, 1015]) {
    const { ws, events } = await openClient(t);
    await ws.close({ code, reason: `bye ${code}` });
    assert.deepEqual((await events.next('close'))[2], { code, reason: `bye ${code}` });
  }
});

test('close codes outside 1000–1015 become 1000; an empty reason becomes "CLOSE_NORMAL" (WS §4)', async (t) => {
  const cases: [unknown, number][] = [
    [999, 1000],
    [1016, 1000],
    [3000, 1000],
    [4999, 1000],
    [-1, 1000],
    [1003.9, 1003],
    ['1002', 1000],
    [Number.NaN, 1000],
  ];
  for (const [code, expected] of cases) {
    const { ws, events } = await openClient(t);
    await ws.close({ code, reason: '' } as { code: number; reason: string });
    assert.deepEqual((await events.next('close'))[2], { code: expected, reason: 'CLOSE_NORMAL' }, String(code));
  }
});

test('a server close with code and reason reports them; no error', async (t) => {
  const { server, events } = await openClient(t);
  server.close({ code: 4000, reason: 'bye', wasClean: true });
  assert.deepEqual(await events.next('close'), ['close', undefined, { code: 4000, reason: 'bye' }]);
  assert.ok(!events.names().includes('error'));
});

test('a server close with an empty reason reports "The link is down"', async (t) => {
  const { server, events } = await openClient(t);
  server.close({ code: 1001, reason: '', wasClean: true });
  assert.deepEqual((await events.next('close'))[2], { code: 1001, reason: 'The link is down' });
});

test('a server close without a status reports {1000, "The link is down"}', async (t) => {
  const { server, events } = await openClient(t);
  server.close({ code: 1005, reason: '', wasClean: true });
  assert.deepEqual((await events.next('close'))[2], { code: 1000, reason: 'The link is down' });
});

test('a drop gives error {code: 200, data: "0"} then close {code: 0, reason: "The link is down"}', async (t) => {
  const { server, events } = await openClient(t);
  server.close({ code: 1006, reason: '', wasClean: false });
  await events.next('close');
  assert.deepEqual(events.events.slice(2), [
    ['error', { code: 200, data: '0' }],
    ['close', undefined, { code: 0, reason: 'The link is down' }],
  ]);
  assert.equal(events.events[2]?.length, 2);
});

test('a refused handshake gives error only, and the object can connect again', async (t) => {
  let refuse = true;
  const { url } = startMockServer(t, { verifyClient: () => !refuse });
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  await events.next('error');
  refuse = false;
  assert.equal(await ws.connect(url), true);
  await events.next('open');
  assert.deepEqual(events.names(), ['error', 'open', 'openInfo']);
  assert.deepEqual(events.events[0], ['error', { code: 200, data: '0' }]);
});

test('close() before open aborts the handshake and reports the client close, not an error', async (t) => {
  const { url } = startMockServer(t);
  const ws = createClient();
  const events = recordEvents(ws);
  ws.connect(url);
  assert.equal(await ws.close({ code: 1000, reason: 'changed my mind' }), true);
  const close = await events.next('close');
  assert.deepEqual(close[2], { code: 1000, reason: 'changed my mind' });
  assert.ok(!events.names().includes('error'));
});
