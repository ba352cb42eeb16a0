import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeQueryPart, joinQuery } from './url-query.js';

test('RFC 3986 unreserved characters stay, every other byte of the UTF-8 is %XX (upper case)', () => {
  assert.deepEqual(encodeQueryPart('aZ09-._~'), { text: 'aZ09-._~', changed: false });
  assert.deepEqual(encodeQueryPart('a b'), { text: 'a%20b', changed: true });
  assert.deepEqual(encodeQueryPart('é/+&='), { text: '%C3%A9%2F%2B%26%3D', changed: true });
  assert.deepEqual(encodeQueryPart('*!'), { text: '%2A%21', changed: true });
});

test('the text ends at the first NUL, as a C string does (and so counts as changed)', () => {
  assert.deepEqual(encodeQueryPart('ab\0cd'), { text: 'ab', changed: true });
});

test('joining: after the existing query with "&", a trailing "&" when there is nothing to add (HTTP §13.4 row 12)', () => {
  assert.equal(joinQuery('http://h/p?x=1', 'q=a'), 'http://h/p?x=1&q=a');
  assert.equal(joinQuery('http://h/p?x=1', ''), 'http://h/p?x=1&');
  assert.equal(joinQuery('http://h/p', 'q=a'), 'http://h/p?q=a');
  assert.equal(joinQuery('http://h/p', ''), 'http://h/p');
});

test('the URL is cut at its first "?"; a bare "?" goes when there is nothing to add; "#" is not special', () => {
  assert.equal(joinQuery('http://h/p?a?b', 'c'), 'http://h/p?a?b&c');
  assert.equal(joinQuery('http://h/p?', ''), 'http://h/p');
  assert.equal(joinQuery('http://h/p?', 'c'), 'http://h/p?c');
  assert.equal(joinQuery('http://h/p#f', 'c'), 'http://h/p#f?c');
});
