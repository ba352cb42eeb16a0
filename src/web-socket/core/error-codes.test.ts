import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONNECT_FAILED_MESSAGE, ERROR_MESSAGES, messageFor, webSocketError } from './error-codes.js';
import { serverError } from './server-error-codes.js';

test('webSocket errors serialise exactly as the device: {"code":…,"message":…}', () => {
  assert.equal(JSON.stringify(webSocketError(2302003)), '{"code":2302003,"message":"Websocket connection already exist"}');
  assert.equal(JSON.stringify(webSocketError(401)), '{"code":401,"message":"Parameter error"}');
  assert.ok(!(webSocketError(401) instanceof Error));
});

test('messages are the device strings, not the documentation wording (WS §7)', () => {
  const messages = Object.fromEntries(
    [...Object.keys(ERROR_MESSAGES), '2302004', '2302005', '2302006', '2302007'].map((code) => [code, serverError(Number(code)).message]),
  );
  assert.deepEqual(messages, {
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
  // The client's table has none of the server's own codes: they load with the server.
  assert.deepEqual(
    Object.keys(ERROR_MESSAGES).filter((code) => ['2302004', '2302005', '2302006', '2302007'].includes(code)),
    [],
  );
});

test('-1 is a send failure with the catch-all message, or connect\'s "Websocket connect failed" (WS §4)', () => {
  assert.equal(JSON.stringify(webSocketError(-1)), '{"code":-1,"message":"Websocket Unknown Other Error"}');
  assert.equal(JSON.stringify(webSocketError(-1, CONNECT_FAILED_MESSAGE)), '{"code":-1,"message":"Websocket connect failed"}');
});
