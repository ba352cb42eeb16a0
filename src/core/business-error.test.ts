import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BusinessError, createParameterThrow, deviceError, isDeviceError } from './business-error.js';

test('a method error is a plain object, as on the device: {code, message} and nothing else (WS §2.1)', () => {
  const error = deviceError(2302003, 'Websocket connection already exist');
  assert.equal(JSON.stringify(error), '{"code":2302003,"message":"Websocket connection already exist"}');
  assert.deepEqual(Object.keys(error), ['code', 'message']);
  assert.equal(Object.getPrototypeOf(error), Object.prototype);
  assert.ok(!(error instanceof Error));
  assert.ok(!(error instanceof BusinessError));
  assert.equal('stack' in error, false);
  assert.equal('name' in error, false);
  assert.ok(isDeviceError(error));
});

test('on/off argument errors are Errors with the string code "401" (WS §2.3)', () => {
  const error = createParameterThrow();
  assert.ok(error instanceof Error);
  assert.equal(error.code, '401');
  assert.equal(error.message, 'Parameter error');
});

test('new BusinessError(code, message, data) works as app code may use the SDK class', () => {
  const error = new BusinessError<string>(2302999, 'Websocket Unknown Other Error', 'x');
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'BusinessError');
  assert.deepEqual(Object.keys(error), ['code', 'message', 'data']);
  assert.equal(error.data, 'x');
  assert.equal(new BusinessError().message, '');
});
