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

test('HTTP §13.4 row 29: destroy() during the body: the next chunk ends the call with 2300023, still delivered; later calls 2300999', async () => {
  const { wire, request } = setup();
  const events = recordEvents(request);
  const pending = new Promise<unknown[]>((resolve) => request.requestInStream(URL_, (...args: unknown[]) => resolve(args)));
  const transfer = await wire.transfer();
  transfer.headers(200).data('first');
  request.destroy();
  assert.equal(transfer.aborted, false, 'destroy() itself cancels nothing');
  transfer.data('second');
  const [err, value] = await pending;
  assert.deepEqual(err, { code: 2300023, message: 'Failed to write the received data to the disk or application' });
  assert.equal(value, undefined);
  assert.equal(transfer.aborted, true);
  assert.deepEqual(
    events.map(([type]) => type),
    ['headerReceive', 'headersReceive', 'dataReceive'],
  );
  await assert.rejects(request.request(URL_), (error: unknown) => {
    assert.deepEqual(error, { code: 2300999, message: 'Internal error' });
    return true;
  });
  assert.equal(wire.transfers.length, 1);
});

test('destroy() before the first header block: the block fails the call', async () => {
  const { wire, request } = setup();
  const pending = request.request(URL_);
  request.destroy();
  const transfer = await wire.transfer();
  transfer.headers(200);
  await assert.rejects(pending, { code: 2300023 });
});

test('a response already complete when destroy() comes succeeds; upload progress still arrives', async () => {
  const { wire, request } = setup();
  const events = recordEvents(request);
  const pending = request.request(URL_, opts({ method: 'POST', extraData: 'x' }));
  const transfer = await wire.transfer();
  transfer.headers(200).data('done');
  request.destroy();
  transfer.events.onSendProgress(1, 1);
  transfer.end();
  assert.equal((await pending).result, 'done');
  assert.deepEqual(events.at(-1), ['dataSendProgress', { sendSize: 1, totalSize: 1 }]);
});

test('destroy() keeps the listeners, and a second call does nothing', async () => {
  const { wire, request } = setup();
  let count = 0;
  request.on('headersReceive', () => count++);
  const pending = request.request(URL_);
  const transfer = await wire.transfer();
  request.destroy();
  request.destroy();
  transfer.end();
  await pending;
  request.off('headersReceive');
  assert.equal(count, 0);
});

test('HTTP §7.4: enableAutoCookie(true) gives later requests one shared jar; false drops it; a non-boolean does nothing', async () => {
  const { wire, request } = setup();
  const jarOf = async (index: number): Promise<unknown> => {
    const pending = request.request(URL_);
    const transfer = await wire.transfer(index);
    transfer.end();
    await pending;
    return transfer.request.transport.cookieJar;
  };
  assert.equal(await jarOf(0), 'transfer');
  request.enableAutoCookie(true);
  const first = await jarOf(1);
  assert.equal(typeof first, 'object');
  assert.deepEqual(await jarOf(2), first, 'the same jar for each later request');
  (request.enableAutoCookie as (...a: unknown[]) => void)('yes');
  assert.deepEqual(await jarOf(3), first);
  request.enableAutoCookie(false);
  assert.equal(await jarOf(4), 'transfer');
  request.enableAutoCookie(true);
  const second = await jarOf(5);
  assert.notDeepEqual(second, first, 'a dropped jar is gone: enabling again starts a new one');
  const other = new KitHttpRequest(wire.wire);
  other.enableAutoCookie(true);
  const pending = other.request(URL_);
  const transfer = await wire.transfer(6);
  transfer.end();
  await pending;
  assert.notDeepEqual(transfer.request.transport.cookieJar, second, "another object's jar is its own");
});
