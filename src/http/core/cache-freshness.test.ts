import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshness, isStorable } from './cache-freshness.js';

const NOW = 1_800_000_000;
const gmt = (seconds: number): string => new Date(seconds * 1000).toUTCString();
/** A stored response's headers; a Date of when it arrived unless the test says otherwise. */
const stored =
  (headers: Record<string, string>) =>
  (name: string): string =>
    (name === 'date' && !('date' in headers) ? gmt(NOW - 10) : headers[name]) ?? '';
const times = { requestTime: NOW - 10, responseTime: NOW - 10 };
const noRequestHeaders = new Map<string, string>();

test('max-age: fresh within it, stale after, with the stored validator added to the request', () => {
  assert.deepEqual(freshness(noRequestHeaders, stored({ 'cache-control': 'max-age=60' }), times, NOW, NOW), { status: 'fresh' });
  assert.deepEqual(freshness(noRequestHeaders, stored({ 'cache-control': 'max-age=5', etag: '"v1"' }), times, NOW, NOW), {
    status: 'stale',
    conditional: ['if-none-match', '"v1"'],
  });
  assert.deepEqual(freshness(noRequestHeaders, stored({ 'cache-control': 'max-age=5', 'last-modified': 'lm' }), times, NOW, NOW), {
    status: 'stale',
    conditional: ['if-modified-since', 'lm'],
  });
  assert.deepEqual(
    freshness(noRequestHeaders, stored({}), times, NOW, NOW),
    { status: 'stale', conditional: ['if-modified-since', gmt(NOW - 10)] },
    'no lifetime: Date is the validator',
  );
  assert.deepEqual(freshness(noRequestHeaders, stored({ date: '' }), times, NOW, NOW), { status: 'stale' }, 'no lifetime, no validator');
});

test('without a Date the age counts from 1970: never fresh (but for only-if-cached)', () => {
  const noDate = (name: string): string => (name === 'cache-control' ? 'max-age=600' : '');
  assert.equal(freshness(noRequestHeaders, noDate, times, NOW, NOW).status, 'stale');
  assert.equal(freshness(new Map([['cache-control', 'only-if-cached']]), noDate, times, NOW, NOW).status, 'fresh');
});

test('Cache-Control is split at ", " exactly: "max-age=60,public" gives no max-age', () => {
  assert.equal(freshness(noRequestHeaders, stored({ 'cache-control': 'max-age=60,public' }), times, NOW, NOW).status, 'stale');
  assert.equal(freshness(noRequestHeaders, stored({ 'cache-control': 'public, max-age=60' }), times, NOW, NOW).status, 'fresh');
});

test('s-maxage before max-age before Expires minus Date before a tenth of the Last-Modified age', () => {
  assert.equal(freshness(noRequestHeaders, stored({ 'cache-control': 's-maxage=1, max-age=600' }), times, NOW, NOW).status, 'stale');
  const expires = stored({ date: gmt(NOW - 10), expires: gmt(NOW + 60) });
  assert.equal(freshness(noRequestHeaders, expires, times, NOW, NOW).status, 'fresh');
  // Last-Modified 1000 s before Date: 100 s of life.
  const heuristic = stored({ date: gmt(NOW - 10), 'last-modified': gmt(NOW - 1010) });
  assert.equal(freshness(noRequestHeaders, heuristic, times, NOW, NOW).status, 'fresh');
  assert.equal(freshness(noRequestHeaders, heuristic, times, NOW, NOW + 200).status, 'stale');
});

test("the request's own directives: no-cache denies, only-if-cached serves, max-age and min-fresh shorten, max-stale lengthens", () => {
  const response = stored({ 'cache-control': 'max-age=60' });
  assert.equal(freshness(new Map([['cache-control', 'no-cache']]), response, times, NOW, NOW).status, 'deny');
  assert.equal(freshness(new Map([['cache-control', 'only-if-cached']]), stored({}), times, NOW, NOW).status, 'fresh');
  assert.equal(freshness(new Map([['cache-control', 'max-age=5']]), response, times, NOW, NOW).status, 'stale');
  assert.equal(freshness(new Map([['cache-control', 'min-fresh=55']]), response, times, NOW, NOW).status, 'stale');
  assert.deepEqual(freshness(new Map([['cache-control', 'max-stale=100']]), stored({ 'cache-control': 'max-age=5' }), times, NOW, NOW), {
    status: 'fresh',
    warning: '110 "Response is STALE"',
  });
  assert.equal(freshness(new Map([['if-none-match', 'x']]), response, times, NOW, NOW).status, 'deny', 'the app made it conditional itself');
});

test('a response no-cache is stale at once; no-store in either direction is never used', () => {
  assert.deepEqual(freshness(noRequestHeaders, stored({ 'cache-control': 'no-cache, max-age=60', etag: 'e' }), times, NOW, NOW), { status: 'stale' });
  assert.equal(freshness(noRequestHeaders, stored({ 'cache-control': 'no-store, max-age=60' }), times, NOW, NOW).status, 'deny');
  assert.equal(freshness(new Map([['cache-control', 'no-store']]), stored({ 'cache-control': 'max-age=60' }), times, NOW, NOW).status, 'deny');
});

test('storable statuses; 302 only with an expiry or a scope; never with no-store', () => {
  for (const status of [200, 203, 204, 300, 301, 404, 405, 410, 414, 501])
    assert.equal(isStorable(status, noRequestHeaders, stored({})), true, String(status));
  for (const status of [206, 304, 307, 500]) assert.equal(isStorable(status, noRequestHeaders, stored({})), false, String(status));
  assert.equal(isStorable(302, noRequestHeaders, stored({})), false);
  assert.equal(isStorable(302, noRequestHeaders, stored({ 'cache-control': 'max-age=5' })), true);
  assert.equal(isStorable(302, noRequestHeaders, stored({ 'cache-control': 'private' })), true);
  assert.equal(isStorable(200, noRequestHeaders, stored({ 'cache-control': 'no-store' })), false);
  assert.equal(isStorable(200, new Map([['cache-control', 'no-store']]), stored({})), false);
});
