import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureReportedErrors } from '../../core/testing/capture-reported-errors.js';
import { RequestListeners } from './request-listeners.js';

test('HTTP §13.4 row 4: on(\'headersReceive\') without a listener throws an Error with the string code "401"', () => {
  const listeners = new RequestListeners();
  for (const args of [['headersReceive'], ['headersReceive', 1], [1, () => undefined], ['headersReceive', () => undefined, 1]]) {
    assert.throws(
      () => listeners.on(args),
      (error: unknown) => error instanceof Error && (error as Error & { code: unknown }).code === '401' && error.message === 'Parameter error',
      JSON.stringify(args),
    );
  }
  assert.throws(() => listeners.off([]), { code: '401' });
  assert.throws(() => listeners.off(['dataEnd', 1]), { code: '401' });
});

test("HTTP §13.4 row 5: once('headersReceive', 1) does nothing, and never throws", () => {
  const listeners = new RequestListeners();
  listeners.once(['headersReceive', 1]);
  listeners.once([]);
  listeners.once(['dataReceive', () => undefined]);
  assert.equal(listeners.has('headersReceive'), false);
  assert.equal(listeners.has('dataReceive'), false, 'once knows only the two header events');
});

test('HTTP §13.4 row 6: one listener per type, the later replaces the earlier', () => {
  const listeners = new RequestListeners();
  const calls: string[] = [];
  listeners.on(['dataReceive', () => calls.push('a')]);
  listeners.on(['dataReceive', () => calls.push('b')]);
  listeners.emit('dataReceive', new ArrayBuffer(1));
  assert.deepEqual(calls, ['b']);
});

test("on('headerReceive') is called (undefined, header); once('headerReceive') and the others (value); this is undefined", () => {
  const listeners = new RequestListeners();
  const calls: unknown[][] = [];
  listeners.on([
    'headerReceive',
    function (this: unknown, ...args: unknown[]) {
      calls.push([this, ...args]);
    },
  ]);
  listeners.emit('headerReceive', { a: 'b' });
  listeners.once(['headerReceive', (...args: unknown[]) => calls.push(args)]);
  listeners.emit('headerReceive', { c: 'd' });
  listeners.on(['dataEnd', (...args: unknown[]) => calls.push(args)]);
  listeners.emit('dataEnd', undefined);
  assert.deepEqual(calls, [[undefined, undefined, { a: 'b' }], [{ c: 'd' }], [undefined]]);
  assert.equal(calls[2]?.length, 1);
});

test('a once listener goes after its event; off(type, fn) removes only that fn; unknown types are ignored', () => {
  const listeners = new RequestListeners();
  let count = 0;
  listeners.once(['headersReceive', () => count++]);
  listeners.emit('headersReceive', {});
  listeners.emit('headersReceive', {});
  assert.equal(count, 1);
  const a = (): void => undefined;
  listeners.on(['dataEnd', a]);
  listeners.off(['dataEnd', () => undefined]);
  assert.equal(listeners.has('dataEnd'), true);
  listeners.off(['dataEnd', a]);
  assert.equal(listeners.has('dataEnd'), false);
  listeners.on(['nope', a]);
  listeners.off(['nope']);
});

test('a throwing listener is reported as uncaught, and the next event still arrives', (t) => {
  const reported = captureReportedErrors(t);
  const listeners = new RequestListeners();
  const seen: number[] = [];
  listeners.on([
    'dataSendProgress',
    (info: { sendSize: number }) => {
      seen.push(info.sendSize);
      throw new Error('app bug');
    },
  ]);
  listeners.emit('dataSendProgress', { sendSize: 1 });
  listeners.emit('dataSendProgress', { sendSize: 2 });
  assert.deepEqual(seen, [1, 2]);
  assert.equal(reported.length, 2);
});
