import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BusinessError, createBusinessError, createParameterThrow } from './business-error.js';
import { ERROR_MESSAGES, messageFor } from '../web-socket/error-codes.js';

test('a method error serialises exactly as the device: {"code":…,"message":…}', () => {
  assert.equal(JSON.stringify(createBusinessError(2302003)), '{"code":2302003,"message":"Websocket connection already exist"}');
  assert.equal(JSON.stringify(createBusinessError(401)), '{"code":401,"message":"Parameter error"}');
});

test('a method error has a numeric code and only code and message enumerable', () => {
  const error = createBusinessError(2302001);
  assert.equal(typeof error.code, 'number');
  assert.deepEqual(Object.keys(error), ['code', 'message']);
  assert.ok(error instanceof Error);
  assert.ok(error instanceof BusinessError);
  assert.equal(error.name, 'BusinessError');
  assert.match(String(error), /^BusinessError: Websocket url error$/);
});

test('messages are the device strings, not the documentation wording (OH §7)', () => {
  assert.deepEqual(ERROR_MESSAGES, {
    201: 'Permission denied',
    401: 'Parameter error',
    [-1]: 'Websocket Unknown Other Error',
    2302001: 'Websocket url error',
    2302002: 'Websocket certificate file does not exist',
    2302003: 'Websocket connection already exist',
    2302004: "Can't listen to the given NIC",
    2302005: "Can't listen to the given Port",
    2302006: 'websocket connection does not exist',
    2302007: 'Websocket port already occupied',
    2302998: 'It is not allowed to access this domain',
    2302999: 'Websocket Unknown Other Error',
  });
  assert.equal(messageFor(12345), 'Websocket Unknown Other Error');
});

test('send failures carry code -1 with the catch-all message (OH §4)', () => {
  assert.equal(JSON.stringify(createBusinessError(-1)), '{"code":-1,"message":"Websocket Unknown Other Error"}');
});

test('on/off argument errors are Errors with the string code "401" (OH §2.3)', () => {
  const error = createParameterThrow();
  assert.ok(error instanceof Error);
  assert.equal(error.code, '401');
  assert.equal(error.message, 'Parameter error');
});

test('new BusinessError(code) works as app code may use it, with optional data', () => {
  const error = new BusinessError<string>(2302999, undefined, 'x');
  assert.equal(error.message, 'Websocket Unknown Other Error');
  assert.equal(error.data, 'x');
});
