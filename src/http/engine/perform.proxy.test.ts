import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { after, before, describe, it } from 'node:test';
import { CurlCode } from '../core/http-wire.js';
import { OutboundGuard } from '../../net/outbound-policy.js';
import { guardConnects } from '../../testing/connect-guard.js';
import { freePort } from '../../testing/free-port.js';
import { startHttpTestServer, type HttpTestServer, type ReceivedRequest } from '../../testing/http-test-server.js';
import { startRawHttpServer, type RawHttpServer } from '../../testing/raw-http-server.js';
import { startTinyproxy, type Tinyproxy } from '../../testing/tinyproxy.js';
import { createTlsFixtures, type TlsFixtures } from '../../testing/tls-fixtures.js';
import { runTransfer, testContext, wireRequest } from './testing/run-transfer.js';

/** A guard whose DNS is a table; names not in it do not resolve. */
function tableGuard(table: Record<string, string[]>, allowLoopbackOnly: boolean): OutboundGuard {
  return new OutboundGuard(
    { allowLoopbackOnly },
    () => [],
    async (hostname) => {
      const addresses = table[hostname];
      if (addresses === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return addresses.map((address): LookupAddress => ({ address, family: 4 }));
    },
  );
}

describe('proxies (HTTP §3 usingProxy)', { timeout: 60_000 }, () => {
  let proxy: Tinyproxy;
  let fixtures: TlsFixtures;
  let server: HttpTestServer;
  let tlsServer: HttpTestServer;
  let fakeProxy: RawHttpServer;
  before(async () => {
    [proxy, fixtures, server] = await Promise.all([startTinyproxy(), createTlsFixtures(), startHttpTestServer()]);
    tlsServer = await startHttpTestServer({ tls: { cert: fixtures.server.cert, key: fixtures.server.key } });
    fakeProxy = await startRawHttpServer();
  });
  after(async () => {
    await Promise.all([proxy.close(), server.close(), tlsServer.close(), fakeProxy.close()]);
    await fixtures.dispose();
  });

  const through = (exclusionList: string[] = []) => ({ host: proxy.host, port: proxy.port, exclusionList });

  it('tunnels https:// with CONNECT, TLS to the target inside', async () => {
    const record = await runTransfer(
      wireRequest(`${tlsServer.origin}/echo`, { transport: { proxy: through(), caData: fixtures.ca.cert.toString() } }),
    );
    assert.equal(record.failed, undefined);
    await proxy.logged(`CONNECT 127.0.0.1:${tlsServer.port}`);
    assert.equal(record.facts?.connection.viaProxy, true);
    assert.equal(record.facts?.connection.remotePort, proxy.port);
    assert.equal(record.facts?.connection.tlsVersion, 7);
  });

  it('sends http:// to the proxy in absolute form, as curl does (no tunnel)', async () => {
    const connects = proxy.connects.length;
    const record = await runTransfer(wireRequest(`${server.origin}/echo?via=proxy`, { transport: { proxy: through() } }));
    assert.equal(record.failed, undefined);
    await proxy.logged(`GET http://127.0.0.1:${server.port}/echo?via=proxy`);
    assert.equal(proxy.connects.length, connects);
    assert.equal((JSON.parse(record.body.toString()) as ReceivedRequest).target, '/echo?via=proxy');
    assert.equal(record.facts?.connection.viaProxy, true);
  });

  it("writes the absolute form with the target's Host and the proxy's credentials; the proxy resolves the name", async () => {
    const context = testContext({ guard: tableGuard({}, false), allowLoopbackOnly: false });
    const record = await runTransfer(
      wireRequest('http://app.test:8080/p?q=1', {
        transport: { proxy: { host: '127.0.0.1', port: fakeProxy.port, exclusionList: [], username: 'user', password: 'secret' } },
      }),
      context,
    );
    assert.equal(record.failed, undefined);
    const head = fakeProxy.requests.at(-1)?.head.split('\r\n') ?? [];
    assert.equal(head[0], 'GET http://app.test:8080/p?q=1 HTTP/1.1');
    assert.ok(head.includes('host: app.test:8080'), head.join('\n'));
    assert.ok(head.includes(`Proxy-Authorization: Basic ${Buffer.from('user:secret').toString('base64')}`), head.join('\n'));
    assert.ok(head.includes('Proxy-Connection: Keep-Alive'), head.join('\n'));
  });

  it('goes direct for a host in exclusionList', async () => {
    const count = proxy.requests.length;
    const record = await runTransfer(wireRequest(`${server.origin}/status`, { transport: { proxy: through(['127.0.0.*']) } }));
    assert.equal(record.failed, undefined);
    assert.equal(record.facts?.connection.viaProxy, false);
    assert.equal(proxy.requests.length, count);
  });

  it("takes 'system' from the runner's environment (http_proxy, https_proxy, no_proxy)", async () => {
    const env = { http_proxy: `http://${proxy.host}:${proxy.port}`, https_proxy: `http://${proxy.host}:${proxy.port}` };
    const plain = await runTransfer(wireRequest(`${server.origin}/echo?system`, { transport: { proxy: 'system' } }), testContext({ env }));
    assert.equal(plain.facts?.connection.viaProxy, true);
    await proxy.logged(`GET http://127.0.0.1:${server.port}/echo?system`);
    const secure = await runTransfer(
      wireRequest(`${tlsServer.origin}/status`, { transport: { proxy: 'system', caData: fixtures.ca.cert.toString() } }),
      testContext({ env }),
    );
    assert.equal(secure.facts?.connection.viaProxy, true);
    const excluded = await runTransfer(
      wireRequest(`${server.origin}/status`, { transport: { proxy: 'system' } }),
      testContext({ env: { ...env, no_proxy: '127.0.0.1' } }),
    );
    assert.equal(excluded.facts?.connection.viaProxy, false);
    const none = await runTransfer(wireRequest(`${server.origin}/status`, { transport: { proxy: 'none' } }), testContext({ env }));
    assert.equal(none.facts?.connection.viaProxy, false);
  });

  it('a proxy name that does not resolve is 5, a proxy that is down 7, a refused CONNECT 7', async () => {
    const context = testContext({ guard: tableGuard({}, false), allowLoopbackOnly: false });
    assert.equal(
      (
        await runTransfer(
          wireRequest(`${server.origin}/status`, { transport: { proxy: { host: 'proxy.test', port: 3128, exclusionList: [] } } }),
          context,
        )
      ).failed,
      CurlCode.COULDNT_RESOLVE_PROXY,
    );
    const down = { host: '127.0.0.1', port: await freePort(), exclusionList: [] };
    assert.equal((await runTransfer(wireRequest(`${server.origin}/status`, { transport: { proxy: down } }))).failed, CurlCode.COULDNT_CONNECT);
    assert.equal((await runTransfer(wireRequest(`${tlsServer.origin}/status`, { transport: { proxy: down } }))).failed, CurlCode.COULDNT_CONNECT);
    // tinyproxy cannot reach a closed port: its answer to CONNECT is not 200.
    assert.equal(
      (await runTransfer(wireRequest(`https://127.0.0.1:${await freePort()}/`, { transport: { proxy: through() } }))).failed,
      CurlCode.COULDNT_CONNECT,
    );
  });

  it('checks a proxy the app names with the outbound policy: refused, nothing connects (2300998)', async () => {
    const connects = guardConnects();
    try {
      const mark = connects.attempts.length;
      const context = testContext({ guard: new OutboundGuard({ allowHosts: [`127.0.0.1:${server.port}`] }, () => []) });
      assert.equal(
        (await runTransfer(wireRequest(`${server.origin}/status`, { transport: { proxy: through() } }), context)).failed,
        CurlCode.DOMAIN_NOT_ALLOWED,
      );
      assert.deepEqual(connects.since(mark), []);
    } finally {
      connects.restore();
    }
  });
});
