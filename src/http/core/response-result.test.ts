import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shapeResult } from './response-result.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test('HTTP §13.4 row 13: JSON is a string (0); octet-stream and image/png are ArrayBuffers (2)', () => {
  assert.deepEqual(shapeResult(bytes('{"a":1}'), 'application/json', undefined), { result: '{"a":1}', resultType: 0 });
  const binary = shapeResult(new Uint8Array([1, 2, 3]), 'Application/Octet-Stream', undefined);
  assert.equal(binary.resultType, 2);
  assert.ok(binary.result instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(binary.result)], [1, 2, 3]);
  assert.equal(shapeResult(new Uint8Array([1]), 'image/png', undefined).resultType, 2);
  // "image" anywhere in the type counts.
  assert.equal(shapeResult(new Uint8Array([1]), 'text/x-image-list', undefined).resultType, 2);
  assert.deepEqual(shapeResult(bytes('x'), '', undefined), { result: 'x', resultType: 0 });
});

test('HTTP §13.4 row 14: OBJECT parses valid JSON; invalid gives result undefined, type 1; over 65536 bytes falls back', () => {
  assert.deepEqual(shapeResult(bytes('{"a":[1]}'), 'text/plain', 1), { result: { a: [1] }, resultType: 1 });
  const invalid = shapeResult(bytes('{oops'), 'application/json', 1);
  assert.deepEqual(invalid, { result: undefined, resultType: 1 });
  assert.ok('result' in invalid);
  const big = `"${'x'.repeat(70000)}"`;
  assert.deepEqual(shapeResult(bytes(big), 'application/json', 1), { result: big, resultType: 0 });
  const exactly = `"${'x'.repeat(65534)}"`;
  assert.equal(shapeResult(bytes(exactly), 'application/json', 1).resultType, 1, 'exactly 65536 bytes is still parsed');
  assert.equal(shapeResult(bytes('null'), '', 1).result, null);
});

test('HTTP §13.4 row 33: text is cut at the first NUL', () => {
  assert.deepEqual(shapeResult(bytes('ab\0cd'), 'text/plain', undefined), { result: 'ab', resultType: 0 });
  assert.deepEqual(shapeResult(bytes('ab\0cd'), '', 0), { result: 'ab', resultType: 0 });
  assert.deepEqual(shapeResult(bytes('{"a":1}\0junk'), '', 1), { result: { a: 1 }, resultType: 1 });
});

test('expectDataType wins over the content type; UTF-8 text, a BOM kept, bad bytes as U+FFFD', () => {
  assert.deepEqual(shapeResult(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xff]), 'image/png', 0), { result: '\ufeffA\ufffd', resultType: 0 });
  const buffer = shapeResult(bytes('x'), 'text/plain', 2);
  assert.equal(buffer.resultType, 2);
  assert.ok(buffer.result instanceof ArrayBuffer);
});

test('an empty body typed as an ArrayBuffer has no result (and with ARRAY_BUFFER expected, no resultType)', () => {
  assert.deepEqual(shapeResult(new Uint8Array(0), 'image/png', undefined), { resultType: 2 });
  assert.deepEqual(shapeResult(new Uint8Array(0), 'text/plain', 2), {});
  assert.deepEqual(shapeResult(new Uint8Array(0), 'text/plain', undefined), { result: '', resultType: 0 });
});
