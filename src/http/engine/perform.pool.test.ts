import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.js';
import { createTlsFixtures, type TlsFixtures } from '../../testing/tls-fixtures.js';
import { startTinyproxy, type Tinyproxy } from '../../testing/tinyproxy.js';
import { within } from '../../testing/within.js';
import { ConnectionPool } from './connection-pool.js';
import { runTransfer, testContext, wireRequest } from './testing/run-transfer.js';

/** The client sockets the server has seen requests on, since `from`. */
function socketsSeen(server: HttpTestServer, from = 0): number {
  return new Set(server.requests.slice(from).map((request) => request.remotePort)).size;
}

describe('the engine keeps connections for the next transfer (HTTP §3 reuseConnections, §5 isReusedConnection)', { timeout: 40_000 }, () => {
  let server: HttpTestServer;
  let tlsServer: HttpTestServer;
  let proxy: Tinyproxy;
  let fixtures: TlsFixtures;
  before(async () => {
    fixtures = await createTlsFixtures();
    [server, proxy, tlsServer] = await Promise.all([
      startHttpTestServer(),
      startTinyproxy(),
      // Asks for a client certificate and takes a connection without one too.
      startHttpTestServer({
        tls: { cert: fixtures.server.cert, key: fixtures.server.key, ca: fixtures.ca.cert, requestCert: true, rejectUnauthorized: false },
      }),
    ]);
  });
  after(async () => {
    await Promise.all([server.close(), proxy.close(), tlsServer.close()]);
    await fixtures.dispose();
  });

  it('a second transfer to the same place runs on the first one’s connection', async () => {
    const pool = new ConnectionPool();
    const context = testContext({ pool });
    const from = server.requests.length;
    const first = await runTransfer(wireRequest(`${server.origin}/status`), context);
    const second = await runTransfer(wireRequest(`${server.origin}/echo`, { method: 'POST', body: new Uint8Array([1, 2, 3]) }), context);
    assert.equal(first.facts?.connection.reused, false);
    assert.equal(second.facts?.connection.reused, true);
    assert.equal(second.facts?.status, 200);
    assert.equal(socketsSeen(server, from), 1);
    assert.equal(pool.size, 1);
    pool.close();
    await within(server.whenNoSockets(), 5000, 'the pool to close its connection');
  });

  it('reuseConnections false neither takes a pooled connection nor leaves its own', async () => {
    const pool = new ConnectionPool();
    const context = testContext({ pool });
    const from = server.requests.length;
    await runTransfer(wireRequest(`${server.origin}/status`), context);
    const unshared = await runTransfer(wireRequest(`${server.origin}/status`, { transport: { reuseConnections: false } }), context);
    assert.equal(unshared.facts?.connection.reused, false);
    assert.equal(socketsSeen(server, from), 2);
    assert.equal(pool.size, 1, 'only the first transfer left its connection');
    pool.close();
    await within(server.whenNoSockets(), 5000, 'every connection to close');
  });

  it('never shares a connection between different TLS client certificates, CAs or proxies', async () => {
    const pool = new ConnectionPool();
    const context = testContext({ pool, files: fixtures.dir });
    const caData = fixtures.ca.cert.toString();
    const clientCert = { certPath: 'client.pem', keyPath: 'client.key', certType: 'PEM' as const, keyPassword: fixtures.clientKeyPassword };
    const from = tlsServer.requests.length;
    const url = `${tlsServer.origin}/status`;
    const withCert = await runTransfer(wireRequest(url, { transport: { caData, clientCert } }), context);
    const withoutCert = await runTransfer(wireRequest(url, { transport: { caData } }), context);
    const otherCa = await runTransfer(
      wireRequest(url, { transport: { caData: `${caData}\n${fixtures.selfSigned.cert.toString()}`, clientCert } }),
      context,
    );
    const sameAsFirst = await runTransfer(wireRequest(url, { transport: { caData, clientCert } }), context);
    assert.deepEqual(
      [withCert, withoutCert, otherCa, sameAsFirst].map((record) => [record.facts?.status, record.facts?.connection.reused]),
      [
        [200, false],
        [200, false],
        [200, false],
        [200, true],
      ],
    );
    assert.equal(socketsSeen(tlsServer, from), 3);

    const direct = await runTransfer(wireRequest(`${server.origin}/status`), context);
    const proxied = await runTransfer(
      wireRequest(`${server.origin}/status`, { transport: { proxy: { host: proxy.host, port: proxy.port, exclusionList: [] } } }),
      context,
    );
    assert.equal(direct.facts?.connection.reused, false);
    assert.equal(proxied.facts?.connection.reused, false);
    assert.equal(proxied.facts?.connection.viaProxy, true);
    pool.close();
    await within(tlsServer.whenNoSockets(), 5000, 'the TLS connections to close');
  });

  it('closes a connection idle for inactivityMs, and the pool’s close closes the rest', async () => {
    const pool = new ConnectionPool();
    const context = testContext({ pool });
    await runTransfer(wireRequest(`${server.origin}/status`, { transport: { inactivityMs: 50 } }), context);
    assert.equal(pool.size, 1);
    await within(server.whenNoSockets(), 5000, 'the idle connection to close');
    assert.equal(pool.size, 0);

    await Promise.all([1, 2, 3].map(() => runTransfer(wireRequest(`${server.origin}/slow?bytes=10&every=20`), context)));
    assert.equal(pool.size, 3, 'three transfers at once had three connections');
    assert.equal(server.openSockets, 3);
    pool.close();
    await within(server.whenNoSockets(), 5000, 'the pool’s close to close every connection');
    assert.equal(pool.size, 0);
    const after = await runTransfer(wireRequest(`${server.origin}/status`), context);
    assert.equal(after.facts?.connection.reused, false);
    await within(server.whenNoSockets(), 5000, 'a connection given to a closed pool to close');
  });
});

describe('a reused connection the server closed', { timeout: 20_000 }, () => {
  it('gets the request again, once, on a new connection, as curl does', async () => {
    // The first connection answers one request, then drops at the second: it was closed while it sat in the pool.
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      const index = sockets.push(socket) - 1;
      let seen = '';
      let answered = 0;
      socket.on('error', () => {});
      socket.on('data', (data) => {
        seen += data.toString('latin1');
        while (seen.includes('\r\n\r\n')) {
          seen = seen.slice(seen.indexOf('\r\n\r\n') + 4);
          if (index === 0 && answered === 1) {
            socket.destroy();
            return;
          }
          answered += 1;
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const pool = new ConnectionPool();
    try {
      const context = testContext({ pool });
      const first = await runTransfer(wireRequest(`${origin}/a`), context);
      const second = await runTransfer(wireRequest(`${origin}/b`), context);
      assert.equal(first.facts?.status, 200);
      assert.equal(second.failed, undefined);
      assert.equal(second.body.toString(), 'ok');
      assert.equal(second.facts?.connection.reused, false);
      assert.equal(sockets.length, 2);
    } finally {
      pool.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
