import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KitWebSocketServer } from './kit-web-socket-server.js';

const json = (error: unknown) => JSON.parse(JSON.stringify(error)) as { code: number; message: string };
const start = (...args: unknown[]) => (new KitWebSocketServer(WIRE).start as (...a: unknown[]) => Promise<boolean>)(...args);
const CONNECTION = { clientIP: '127.0.0.1', clientPort: 50000 };
/** A wire whose app has the files present.pem and key.pem only. */
const WIRE = { certificateFilesExist: async (certPath: string, keyPath: string) => certPath === 'present.pem' && keyPath === 'key.pem' };

test('start without a config object, or with a non-boolean second argument, is a 401 (OH §6.1)', async () => {
  for (const args of [[], [null], [8080], [{ serverPort: 1 }, 'x']]) {
    await assert.rejects(start(...args), (error) => json(error).code === 401, JSON.stringify(args));
  }
});

test('start with a serverIP that is not an IP literal is 2302004 "Can\'t listen to the given NIC"', async () => {
  for (const serverIP of ['266.0.0.0', 'localhost', '1:2:3:4:5:6:7:8:9']) {
    await assert.rejects(
      start({ serverIP, serverPort: 1 }),
      (error) => JSON.stringify(error) === `{"code":2302004,"message":"Can't listen to the given NIC"}`,
      serverIP,
    );
  }
});

test('start with a port above 65535 (negatives wrap) is 2302005', async () => {
  for (const serverPort of [65536, 65555, -1]) {
    await assert.rejects(start({ serverIP: '127.0.0.1', serverPort }), (error) => json(error).code === 2302005, String(serverPort));
  }
});

test('start with client limits above the device cap of 10 is 2302999', async () => {
  await assert.rejects(start({ serverPort: 1, maxConcurrentClientsNumber: 15 }), (error) => json(error).code === 2302999);
  await assert.rejects(start({ serverPort: 1, maxConnectionsForOneClient: 11 }), (error) => json(error).code === 2302999);
});

test('start with a serverCert whose file is missing is 2302002, after the caps and before anything else (OH §6.1 step 5)', async () => {
  for (const serverCert of [
    { certPath: 'missing.pem', keyPath: 'key.pem' },
    { certPath: 'present.pem', keyPath: 'missing.key' },
    { certPath: 'present.pem' },
  ]) {
    await assert.rejects(
      start({ serverPort: 1, serverCert }),
      (error) => JSON.stringify(error) === '{"code":2302002,"message":"Websocket certificate file does not exist"}',
      JSON.stringify(serverCert),
    );
  }
  // The caps come first; an empty certPath names no certificate.
  await assert.rejects(
    start({ serverPort: 1, maxConcurrentClientsNumber: 11, serverCert: { certPath: 'missing.pem', keyPath: 'x' } }),
    (error) => json(error).code === 2302999,
  );
  await assert.rejects(start({ serverPort: 1, serverCert: { certPath: '', keyPath: '' } }), (error) => json(error).code === 2302999);
  await assert.rejects(
    start({ serverPort: 1, serverCert: { certPath: 'present.pem', keyPath: 'key.pem' } }),
    (error) => json(error).code === 2302999,
  );
});

test('a well-formed start is refused with 2302999 and a message saying servers are not hosted', async () => {
  await assert.rejects(start({ serverIP: '::1', serverPort: 8080, maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 10 }), (error) => {
    assert.equal(json(error).code, 2302999);
    assert.match(json(error).message, /^Websocket Unknown Other Error: ohos-netkit does not host WebSocket servers yet/);
    return true;
  });
  await assert.rejects(start({ serverPort: 1 }, true), (error) => json(error).code === 2302999);
});

test('stop and listAllConnections of a server that is not started: 2302999, and listAllConnections is a promise (OH §6.4)', async () => {
  const server = new KitWebSocketServer(WIRE);
  const listed = server.listAllConnections();
  assert.ok(listed instanceof Promise);
  await assert.rejects(listed, (error) => JSON.stringify(error) === '{"code":2302999,"message":"Websocket Unknown Other Error"}');
  await assert.rejects(server.stop(), (error) => json(error).code === 2302999);
});

test('send to a connection that does not exist is 2302006; bad data or connection is 401', async () => {
  const server = new KitWebSocketServer(WIRE);
  const send = server.send.bind(server) as (...a: unknown[]) => Promise<boolean>;
  await assert.rejects(
    send('hi', CONNECTION),
    (error) => JSON.stringify(error) === '{"code":2302006,"message":"websocket connection does not exist"}',
  );
  await assert.rejects(send(new ArrayBuffer(1), CONNECTION), (error) => json(error).code === 2302006);
  for (const args of [[1, CONNECTION], ['hi', { clientIP: 1, clientPort: 1 }], ['hi'], [new ArrayBuffer(5 * 1024 * 1024), CONNECTION]]) {
    await assert.rejects(send(...args), (error) => json(error).code === 401);
  }
});

test('close(connection, options) needs both a numeric code and a string reason when options are given', async () => {
  const server = new KitWebSocketServer(WIRE);
  const close = server.close.bind(server) as (...a: unknown[]) => Promise<boolean>;
  await assert.rejects(close(CONNECTION), (error) => json(error).code === 2302006);
  await assert.rejects(close(CONNECTION, { code: 1000, reason: 'x' }), (error) => json(error).code === 2302006);
  await assert.rejects(close(CONNECTION, { code: 1000 }), (error) => json(error).code === 401);
  await assert.rejects(close(CONNECTION, undefined), (error) => json(error).code === 401);
});

test('server on/off validate as the client does: a synchronous 401 throw, unknown names ignored', () => {
  const server = new KitWebSocketServer(WIRE);
  const on = server.on.bind(server) as (...a: unknown[]) => void;
  assert.throws(
    () => on('connect'),
    (error: Error & { code?: unknown }) => error.message === 'Parameter error' && error.code === '401',
  );
  assert.doesNotThrow(() => on('nope', () => {}));
  assert.doesNotThrow(() => server.off('connect'));
});
