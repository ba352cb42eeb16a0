import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHttpDate, UNPARSED } from './http-date.js';

test('an IMF date in seconds; names in full or abbreviated, any case', () => {
  assert.equal(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'), 784111777);
  assert.equal(parseHttpDate('sunday, 6 november 1994 08:49:37 GMT'), 784111777);
});

test('text that does not parse is 1899-12-31 (a zeroed C tm), not "no date"', () => {
  assert.equal(UNPARSED, -2209075200);
  assert.equal(parseHttpDate('yesterday'), UNPARSED);
  assert.equal(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT'), UNPARSED, 'the RFC 850 form is not read');
  assert.equal(parseHttpDate('Xyz, 06 Nov 1994 08:49:37 GMT'), UNPARSED);
});
