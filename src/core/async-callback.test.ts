import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceError } from './business-error.js';
import { settle, withCallback } from './async-callback.js';

test('without a callback the promise itself is returned', async () => {
  const promise = Promise.resolve(true);
  assert.equal(withCallback(promise, undefined), promise);
});

test('with a callback: returns undefined, then calls (undefined, value) asynchronously, once', async () => {
  const calls: unknown[][] = [];
  let returned = false;
  const done = new Promise<void>((resolve) => {
    const result = withCallback(Promise.resolve(true), (...args: unknown[]) => {
      calls.push(args);
      assert.ok(returned, 'callback ran synchronously');
      resolve();
    });
    assert.equal(result, undefined);
    returned = true;
  });
  await done;
  assert.deepEqual(calls, [[undefined, true]]);
  assert.equal(calls[0]?.length, 2);
});

test('with a callback: a failure is (err, undefined), err exactly the rejection', async () => {
  const error = new Error('x');
  const args = await new Promise<unknown[]>((resolve) => withCallback(Promise.reject(error), (...a: unknown[]) => resolve(a)));
  assert.equal(args[0], error);
  assert.equal(args.length, 2);
  assert.equal(args[1], undefined);
});

test('a throwing callback surfaces as an uncaught error, not a rejection or a second call', async (t) => {
  const listeners = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  t.after(() => listeners.forEach((l) => process.on('uncaughtException', l)));
  let calls = 0;
  const uncaught = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  t.after(() => process.off('unhandledRejection', onUnhandled));
  withCallback(Promise.resolve(true), () => {
    calls++;
    throw new Error('from the app');
  });
  const error = (await uncaught) as Error;
  assert.equal(error.message, 'from the app');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(calls, 1);
  assert.deepEqual(unhandled, []);
});

test('settle: a known outcome reaches the callback asynchronously, once, as (undefined, value) or (err, undefined)', async () => {
  const calls: unknown[][] = [];
  const error = deviceError(2302999, 'no');
  let returned = false;
  const both = new Promise<void>((resolve) => {
    assert.equal(
      settle(true, (...args: unknown[]) => calls.push(args)),
      undefined,
    );
    assert.equal(
      settle(error, (...args: unknown[]) => {
        calls.push(args);
        assert.ok(returned, 'callback ran synchronously');
        resolve();
      }),
      undefined,
    );
    returned = true;
    assert.deepEqual(calls, []);
  });
  await both;
  assert.deepEqual(calls, [
    [undefined, true],
    [error, undefined],
  ]);
});

test('settle: without a callback, a settled promise', async () => {
  assert.equal(await settle(true, undefined), true);
  const error = deviceError(-1, 'no');
  await assert.rejects(settle(error, undefined) as Promise<unknown>, (e) => e === error);
});
