import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ListenerSlots } from './listener-slots.js';
import { captureReportedErrors } from './testing/capture-reported-errors.js';

test('on() replaces the previous listener: one listener per type (WS §3.1)', () => {
  const slots = new ListenerSlots(['message']);
  const calls: string[] = [];
  slots.on(['message', () => calls.push('a')]);
  slots.on(['message', () => calls.push('b')]);
  slots.emit('message');
  assert.deepEqual(calls, ['b']);
});

test('off(type, fn) removes only that very function; off(type) removes any', () => {
  const slots = new ListenerSlots(['open']);
  const a = () => {};
  slots.on(['open', a]);
  slots.off(['open', () => {}]);
  assert.ok(slots.has('open'));
  slots.off(['open', a]);
  assert.ok(!slots.has('open'));
  slots.on(['open', a]);
  slots.off(['open']);
  assert.ok(!slots.has('open'));
});

test('emit() calls with `this` undefined and the exact arguments, and says whether a listener ran', () => {
  const slots = new ListenerSlots(['close']);
  assert.equal(slots.emit('close', undefined, 1), false);
  let seen: unknown[] = [];
  let self: unknown = 'unset';
  slots.on([
    'close',
    function (this: unknown, ...args: unknown[]) {
      // The listener's own `this`: what the slot called it with.
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      self = this;
      seen = args;
    },
  ]);
  assert.equal(slots.emit('close', undefined, { code: 1000 }), true);
  assert.equal(self, undefined);
  assert.deepEqual(seen, [undefined, { code: 1000 }]);
  assert.equal(seen.length, 2);
});

test('a throwing listener is reported and does not stop the caller', (t) => {
  const reported = captureReportedErrors(t);
  const slots = new ListenerSlots(['message']);
  slots.on([
    'message',
    () => {
      throw new Error('app bug');
    },
  ]);
  assert.equal(slots.emit('message'), true);
  assert.equal((reported[0] as Error).message, 'app bug');
});
