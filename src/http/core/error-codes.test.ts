import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorForCurlCode, httpError, httpThrow } from './error-codes.js';

test("a curl code the device maps is 2300000 + code with the device's message (no trailing period)", () => {
  assert.deepEqual(errorForCurlCode(28), { code: 2300028, message: 'Operation timeout' });
  assert.deepEqual(errorForCurlCode(23), { code: 2300023, message: 'Failed to write the received data to the disk or application' });
  assert.deepEqual(errorForCurlCode(60), { code: 2300060, message: 'Invalid SSL peer certificate or SSH remote key' });
  assert.deepEqual(errorForCurlCode(90), { code: 2300090, message: 'Specified pinned public key did not match' });
  assert.deepEqual(errorForCurlCode(6), { code: 2300006, message: 'Failed to resolve the host name' });
});

test('any other curl code is 2300999 "Internal error": a TLS handshake failure (35), a setup failure (2), a range error (33)', () => {
  for (const curl of [0, 2, 33, 35, 42, 95, 96])
    assert.deepEqual(errorForCurlCode(curl), { code: 2300999, message: 'Internal error' }, `curl ${curl}`);
});

test('errors are plain objects, code then message; extendInfo only when the wire gave it, as a copy', () => {
  const plain = errorForCurlCode(7);
  assert.equal(plain instanceof Error, false);
  assert.deepEqual(Object.keys(plain), ['code', 'message']);
  const info = { osErr: '111', dstAddr: '127.0.0.1' };
  const withInfo = errorForCurlCode(7, info);
  assert.deepEqual(Object.keys(withInfo), ['code', 'message', 'extendInfo']);
  assert.deepEqual(withInfo.extendInfo, info);
  assert.notEqual(withInfo.extendInfo, info);
  assert.equal(JSON.stringify(httpError(401)), '{"code":401,"message":"Parameter error"}');
});

test("the namespace's own codes and an unknown code", () => {
  assert.deepEqual(httpError(201), { code: 201, message: 'Permission denied' });
  assert.deepEqual(httpError(2300998), { code: 2300998, message: 'It is not allowed to access this domain' });
  assert.deepEqual(httpError(2300997), { code: 2300997, message: 'Cleartext traffic not permitted' });
  assert.deepEqual(httpError(2302001), { code: 2300999, message: 'Internal error' });
});

test('a synchronous throw is an Error whose code is a string', () => {
  const error = httpThrow('401', 'Parameter error');
  assert.ok(error instanceof Error);
  assert.equal(error.code, '401');
  assert.equal(error.message, 'Parameter error');
});
