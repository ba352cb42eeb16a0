import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestArgs } from './request-args.js';

const fn = (): void => undefined;

test('(url), (url, options): a promise', () => {
  assert.deepEqual(parseRequestArgs(['u']), { ok: true, url: 'u', options: undefined, callback: undefined });
  const options = {};
  assert.deepEqual(parseRequestArgs(['u', options]), { ok: true, url: 'u', options, callback: undefined });
  // Node-API calls arrays objects too.
  assert.equal(parseRequestArgs(['u', []]).ok, true);
});

test('(url, callback), (url, options, callback): the callback', () => {
  assert.deepEqual(parseRequestArgs(['u', fn]), { ok: true, url: 'u', options: undefined, callback: fn });
  assert.deepEqual(parseRequestArgs(['u', {}, fn]), { ok: true, url: 'u', options: {}, callback: fn });
});

test('HTTP §13.4 row 2: an explicit undefined (or null) in the options position is a 401 for the promise', () => {
  for (const args of [
    ['u', undefined],
    ['u', null],
    ['u', 'options'],
    ['u', {}, undefined],
  ]) {
    assert.deepEqual(parseRequestArgs(args), { ok: false, callback: undefined }, JSON.stringify(args));
  }
});

test('HTTP §13.4 row 3: bad arguments ending in a function give that function the 401', () => {
  assert.deepEqual(parseRequestArgs([123, fn]), { ok: false, callback: fn });
  assert.deepEqual(parseRequestArgs([fn]), { ok: false, callback: fn });
  assert.deepEqual(parseRequestArgs(['u', 'x', fn]), { ok: false, callback: fn });
  assert.deepEqual(parseRequestArgs(['u', null, fn]), { ok: false, callback: fn });
});

test('0 or 4+ arguments: a 401 for the promise, even with a function last', () => {
  assert.deepEqual(parseRequestArgs([]), { ok: false, callback: undefined });
  assert.deepEqual(parseRequestArgs(['u', {}, fn, fn]), { ok: false, callback: undefined });
});
