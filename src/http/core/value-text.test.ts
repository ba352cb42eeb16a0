import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valueText } from './value-text.js';

test('HTTP §13.4 row 11: 1.5 → "1.500000", true → "true", null → ""', () => {
  assert.equal(valueText(1.5), '1.500000');
  assert.equal(valueText(true), 'true');
  assert.equal(valueText(false), 'false');
  assert.equal(valueText(null), '');
});

test('strings as they are; whole numbers in digits; everything else empty', () => {
  assert.equal(valueText('a b'), 'a b');
  assert.equal(valueText(''), '');
  assert.equal(valueText(42), '42');
  assert.equal(valueText(-7), '-7');
  assert.equal(valueText(-0), '0');
  assert.equal(valueText(1e21), '9223372036854775807');
  assert.equal(valueText(2 ** 53), '9007199254740992');
  for (const value of [undefined, {}, [], () => 1, 1n, Symbol('s')]) assert.equal(valueText(value), '', String(typeof value));
});

test('%f: six decimals, rounded as C rounds the exact binary value (half to even)', () => {
  assert.equal(valueText(0.1), '0.100000');
  assert.equal(valueText(-2.25), '-2.250000');
  assert.equal(valueText(1e-7), '0.000000');
  assert.equal(valueText(-1e-7), '-0.000000');
  // (Expected values from a correctly rounding printf; the decimal literal is not the value a double holds.)
  assert.equal(valueText(123456.7891235), '123456.789123');
  assert.equal(valueText(1.0000005), '1.000001');
  assert.equal(valueText(0.1234565), '0.123456');
  // 0.0078125 is exactly 2^-7: a true tie at six decimals; C keeps the even digit, toFixed would not.
  assert.equal(valueText(0.0078125), '0.007812');
  assert.equal((0.0078125).toFixed(6), '0.007813');
  assert.equal(valueText(0.0234375), '0.023438');
});

test('non-finite numbers: ±Infinity saturate as whole numbers, NaN prints "nan"', () => {
  assert.equal(valueText(Infinity), '9223372036854775807');
  assert.equal(valueText(-Infinity), '-9223372036854775808');
  assert.equal(valueText(NaN), 'nan');
});
