import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { http } from '../../../types/http.js';
import { KitHttpRequest } from './kit-http-request.js';
import { recordEvents } from './testing/record-events.js';
import { ScriptedWire } from './testing/scripted-wire.js';

const URL_ = 'http://127.0.0.1:9/p';

/** Options as app code writes them: plain strings where the declarations want the enum stand-ins. */
const opts = (options: object): http.HttpRequestOptions => options as http.HttpRequestOptions;

function setup(): { wire: ScriptedWire; request: KitHttpRequest } {
  const wire = new ScriptedWire();
  return { wire, request: new KitHttpRequest(wire.wire) };
}

const bytesOf = (value: unknown): number[] => [...new Uint8Array(value as ArrayBuffer)];

test('HTTP §13.4 row 21: requestInStream: header events, dataReceive per chunk, dataEnd, then the status number', async () => {
  const { wire, request } = setup();
  const events = recordEvents(request);
  let status: unknown;
  const done = new Promise<void>((resolve) =>
    request.requestInStream(URL_, (err, code) => {
      events.push(['callback', err, code]);
      status = code;
      resolve();
    }),
  );
  (await wire.transfer())
    .headers(200, [['Content-Length', '4']])
    .data(new Uint8Array([1, 2]))
    .data(new Uint8Array(0))
    .data(new Uint8Array([3, 4]))
    .end();
  await done;
  assert.equal(status, 200);
  assert.deepEqual(
    events.map(([type]) => type),
    ['headerReceive', 'headersReceive', 'dataReceive', 'dataReceive', 'dataEnd', 'callback'],
    'an empty chunk gives no dataReceive',
  );
  assert.deepEqual(bytesOf(events[2]?.[1]), [1, 2]);
  assert.ok(events[2]?.[1] instanceof ArrayBuffer);
  assert.deepEqual(events[4], ['dataEnd', undefined]);
  assert.deepEqual(events[5], ['callback', undefined, 200]);
});

test('request() gives no data events: the body is only in the result', async () => {
  const { wire, request } = setup();
  const events = recordEvents(request);
  const pending = request.request(URL_);
  (await wire.transfer()).headers(200).data('abc').end();
  await pending;
  assert.deepEqual(
    events.map(([type]) => type),
    ['headerReceive', 'headersReceive'],
  );
});

test('HTTP §13.4 row 22: dataReceiveProgress only in a stream, only when the total is known and the count is not 0', async () => {
  const { wire, request } = setup();
  const events = recordEvents(request);
  const stream = request.requestInStream(URL_);
  const transfer = await wire.transfer(0);
  transfer.events.onReceiveProgress(0, 10);
  transfer.events.onReceiveProgress(4, 10);
  transfer.events.onReceiveProgress(4, 0);
  transfer.end();
  await stream;
  const plain = request.request(URL_);
  const second = await wire.transfer(1);
  second.events.onReceiveProgress(4, 10);
  second.end();
  await plain;
  assert.deepEqual(
    events.filter(([type]) => type === 'dataReceiveProgress'),
    [['dataReceiveProgress', { receiveSize: 4, totalSize: 10 }]],
  );
});

test('HTTP §13.4 row 23: dataSendProgress is cumulative, only with a body, only when it changed, for request() too', async () => {
  const { wire, request } = setup();
  const events = recordEvents(request);
  const pending = request.request(URL_, opts({ method: 'POST', extraData: 'x'.repeat(100) }));
  const transfer = await wire.transfer();
  transfer.events.onSendProgress(0, 0);
  transfer.events.onSendProgress(40, 100);
  transfer.events.onSendProgress(40, 100);
  transfer.events.onSendProgress(100, 100);
  transfer.headers(200).end();
  await pending;
  assert.deepEqual(
    events.map((event) => event.slice(0, 2)),
    [
      ['dataSendProgress', { sendSize: 40, totalSize: 100 }],
      ['dataSendProgress', { sendSize: 100, totalSize: 100 }],
      ['headerReceive', undefined],
      ['headersReceive', {}],
    ],
  );
});

test('a failure: the events so far, then the error; no dataEnd', async () => {
  const { wire, request } = setup();
  const events = recordEvents(request);
  const pending = request.requestInStream(URL_);
  (await wire.transfer()).headers(200).data('a').fail(56);
  await assert.rejects(pending, { code: 2300056, message: 'Failed to receive data from the peer' });
  assert.deepEqual(
    events.map(([type]) => type),
    ['headerReceive', 'headersReceive', 'dataReceive'],
  );
});

test('header events go only to a listener registered when the block arrives; once listeners go after one', async () => {
  const { wire, request } = setup();
  const seen: unknown[][] = [];
  request.once('headersReceive', (header) => seen.push(['once', header]));
  const pending = request.request(URL_);
  const transfer = await wire.transfer();
  transfer.headers(302, [['Location', '/a']]).headers(200, [['A', 'b']]);
  request.on('headersReceive', (header) => seen.push(['on', header]));
  transfer.headers(200, [['C', 'd']]).end();
  await pending;
  assert.deepEqual(seen, [
    ['once', { location: '/a' }],
    ['on', { a: 'b', c: 'd', location: '/a' }],
  ]);
});

test('HTTP §13.4 row 30: two requests at once on one object both succeed and share its listeners', async () => {
  const { wire, request } = setup();
  const events = recordEvents(request);
  const first = request.requestInStream(URL_);
  const second = request.request(`${URL_}/2`);
  const [a, b] = await Promise.all([wire.transfer(0), wire.transfer(1)]);
  a.headers(200, [['X', 'a']]);
  b.headers(201, [['X', 'b']]);
  a.data('1');
  b.data('2').end({ status: 201 });
  a.end();
  assert.equal(await first, 200);
  assert.equal((await second).responseCode, 201);
  assert.deepEqual(
    events.filter(([type]) => type === 'headersReceive').map(([, header]) => header),
    [{ x: 'a' }, { x: 'b' }],
  );
  assert.deepEqual(
    events.filter(([type]) => type === 'dataReceive').map(([, data]) => bytesOf(data)),
    [[0x31]],
  );
});

test('listeners stay after the end of a request and after an error', async () => {
  const { wire, request } = setup();
  let headers = 0;
  request.on('headersReceive', () => headers++);
  const failed = request.request(URL_);
  (await wire.transfer(0)).headers(200).fail(7);
  await assert.rejects(failed, { code: 2300007 });
  const ok = request.request(URL_);
  (await wire.transfer(1)).headers(200).end();
  await ok;
  assert.equal(headers, 2);
});

test('the transfer starts after the call returns: listeners set right after the call still hear everything', async () => {
  const { wire, request } = setup();
  const pending = request.requestInStream(URL_);
  assert.equal(wire.transfers.length, 0, 'not started inside the call');
  const events = recordEvents(request);
  (await wire.transfer()).headers(200).data('z').end();
  await pending;
  assert.deepEqual(
    events.map(([type]) => type),
    ['headerReceive', 'headersReceive', 'dataReceive', 'dataEnd'],
  );
});
