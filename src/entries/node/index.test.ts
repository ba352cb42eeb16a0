import assert from 'node:assert/strict';
import { test } from 'node:test';
import kit, { http, webSocket } from './index.js';
import ohosNetHttp from './ohos-net-http.js';
import ohosNetWebSocket from './ohos-net-web-socket.js';

test('the Node entries have the shape of @kit.NetworkKit, @ohos.net.webSocket and @ohos.net.http', () => {
  assert.deepEqual(Object.keys(kit), ['http', 'webSocket']);
  assert.equal(kit.webSocket, webSocket);
  assert.equal(kit.http, http);
  assert.equal(ohosNetHttp, http);
  assert.ok(Object.isFrozen(http));
  // HTTP §1.1: the enum stand-ins with the device's runtime values.
  assert.equal(http.AddressFamily.ONLY_V4, 'ONLY_V4');
  assert.equal(http.RequestMethod.PATCH, 'PATCH');
  assert.equal(http.HttpDataType.ARRAY_BUFFER, 2);
  assert.equal(ohosNetWebSocket, webSocket);
  assert.deepEqual(Object.keys(webSocket), ['createWebSocket', 'createWebSocketServer', 'TlsProtocol']);
  assert.deepEqual({ ...webSocket.TlsProtocol }, { TLS_V_1_0: 0, TLS_V_1_1: 1, TLS_V_1_2: 2, TLS_V_1_3: 3 });
  assert.ok(Object.isFrozen(webSocket));
});

test('every createWebSocket() is a new, independent client', () => {
  const first = webSocket.createWebSocket();
  assert.notEqual(first, webSocket.createWebSocket());
  for (const method of ['connect', 'send', 'close', 'on', 'off'] as const) assert.equal(typeof first[method], 'function');
});

test('createWebSocketServer() listens natively in Node (on loopback and port 0 here)', async () => {
  const server = webSocket.createWebSocketServer();
  assert.equal(await server.start({ serverIP: '127.0.0.1', serverPort: 0, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 }), true);
  assert.deepEqual(await server.listAllConnections(), []);
  assert.equal(await server.stop(), true);
});
