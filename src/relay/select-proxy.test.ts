import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { RelayConnectOptions } from '../protocol/relay-protocol.js';
import { isExcludedByList, isExcludedByNoProxy, selectProxy } from './select-proxy.js';
import { type RelayServer } from './start-relay.js';
import { startLoopbackRelay } from './testing/loopback-relay.js';
import { CaptureLogger } from './testing/capture-logger.js';
import { startTinyproxy, type Tinyproxy } from './testing/tinyproxy.js';
import { createTlsFixtures, type TlsFixtures } from './testing/tls-fixtures.js';
import { RelayTestClient } from './testing/relay-client.js';
import { startUpstreamServer, type UpstreamServer } from './testing/upstream-server.js';
import { within } from './testing/within.js';
import { freePort } from './testing/free-port.js';

describe('isExcludedByList (netstack CommonUtils::IsExcluded)', () => {
  it('matches whole names, with * as any run of characters', () => {
    assert.ok(isExcludedByList('www.alibaba.com', ['*.alibaba.*', '*.baidu.*']));
    assert.ok(!isExcludedByList('www.alibaba.com', ['*.xiaomi.*', '*.baidu.*']));
    assert.ok(isExcludedByList('api.example.com', ['*.example.com']));
    assert.ok(!isExcludedByList('example.com', ['*.example.com']));
    assert.ok(!isExcludedByList('xexample.com', ['example.com']));
    assert.ok(isExcludedByList('example.com', ['  example.com ']));
    assert.ok(isExcludedByList('anything', ['*']));
  });

  it('joins the list with "," and splits it again, skipping empty entries', () => {
    assert.ok(isExcludedByList('b.example', ['a.example,b.example']));
    assert.ok(!isExcludedByList('', ['', ' ']));
  });

  it('compares entries with other characters exactly', () => {
    assert.ok(isExcludedByList('::1', ['::1']));
    assert.ok(!isExcludedByList('127.0.0.1', ['127.0.0.1:80']));
  });
});

describe('isExcludedByNoProxy (curl rules)', () => {
  it('matches names and subdomains, ports, and *', () => {
    assert.ok(isExcludedByNoProxy('example.com', 80, 'example.com'));
    assert.ok(isExcludedByNoProxy('a.example.com', 80, '.example.com'));
    assert.ok(isExcludedByNoProxy('a.example.com', 80, '*.example.com'));
    assert.ok(isExcludedByNoProxy('a.example.com', 80, 'example.com'));
    assert.ok(!isExcludedByNoProxy('badexample.com', 80, 'example.com'));
    assert.ok(isExcludedByNoProxy('127.0.0.1', 8080, 'localhost, 127.0.0.1:8080'));
    assert.ok(!isExcludedByNoProxy('127.0.0.1', 8081, 'localhost,127.0.0.1:8080'));
    assert.ok(isExcludedByNoProxy('::1', 80, '[::1]'));
    assert.ok(isExcludedByNoProxy('whatever', 80, '*'));
  });
});

describe('selectProxy', () => {
  const ws = new URL('ws://example.test/');
  const wss = new URL('wss://example.test/');

  it('takes the page’s proxy object unless its host is empty or the target is excluded', () => {
    assert.equal(selectProxy({ host: 'proxy.test', port: 3128, exclusionList: [] }, ws, {}).kind, 'proxy');
    assert.equal(selectProxy({ host: '', port: 3128, exclusionList: [] }, ws, {}).kind, 'direct');
    assert.equal(selectProxy({ host: 'proxy.test', port: 3128, exclusionList: ['*.test'] }, ws, {}).kind, 'direct');
  });

  it("reads the relay's environment for 'system' (and when absent), lower case first", () => {
    const env = { HTTP_PROXY: 'http://upper:1', http_proxy: 'lower:2', HTTPS_PROXY: 'https://secure:3' };
    const plain = selectProxy('system', ws, env);
    assert.equal(plain.kind === 'proxy' && plain.url.href, 'http://lower:2/');
    const secure = selectProxy(undefined, wss, env);
    assert.equal(secure.kind === 'proxy' && secure.url.href, 'https://secure:3/');
    assert.equal(selectProxy('system', ws, { ...env, NO_PROXY: '.test' }).kind, 'direct');
    assert.equal(selectProxy('system', ws, { ALL_PROXY: 'socks5://s:1080' }).kind, 'direct');
    assert.equal(selectProxy('no-proxy', ws, env).kind, 'direct');
  });
});

describe('proxies through a real tinyproxy', { timeout: 30_000 }, () => {
  const logger = new CaptureLogger();
  const saved = { ...process.env };
  let proxy: Tinyproxy;
  let fixtures: TlsFixtures;
  let upstream: UpstreamServer;
  let tlsUpstream: UpstreamServer;
  let relay: RelayServer;

  before(async () => {
    [proxy, fixtures, upstream] = await Promise.all([startTinyproxy(), createTlsFixtures(), startUpstreamServer()]);
    tlsUpstream = await startUpstreamServer({ tls: { cert: fixtures.selfSigned.cert, key: fixtures.selfSigned.key } });
    relay = await startLoopbackRelay({ logger });
  });
  afterEach(() => {
    for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  after(async () => {
    await relay.close();
    await Promise.all([proxy.close(), upstream.close(), tlsUpstream.close(), fixtures.dispose()]);
  });

  /** Opens a connection, echoes through it, and returns the CONNECTs tinyproxy saw meanwhile. */
  async function echoThrough(url: string, options: RelayConnectOptions): Promise<string[]> {
    const before = proxy.connects.length;
    const client = await RelayTestClient.connect(relay, url, options);
    const replies = await client.handshake();
    assert.deepEqual(replies.map((reply) => reply.op), ['accepted', 'opened'], JSON.stringify(replies));
    client.leg.send('through');
    assert.equal((await client.nextData()).data.toString(), 'through');
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
    return proxy.connects.slice(before);
  }

  const viaProxy = (exclusionList: string[] = []): RelayConnectOptions => ({ proxy: { host: proxy.host, port: proxy.port, exclusionList } });

  it('tunnels ws:// through the proxy object with CONNECT', async () => {
    assert.deepEqual(await echoThrough(`${upstream.origin}/echo`, viaProxy()), [`127.0.0.1:${upstream.port}`]);
  });

  it('tunnels wss:// through the proxy object with CONNECT (TLS inside the tunnel)', async () => {
    assert.deepEqual(await echoThrough(`${tlsUpstream.origin}/echo`, viaProxy()), [`127.0.0.1:${tlsUpstream.port}`]);
  });

  it('goes direct when the target is in exclusionList', async () => {
    assert.deepEqual(await echoThrough(`${upstream.origin}/echo`, viaProxy(['127.0.0.*'])), []);
  });

  it("uses the environment's proxy for 'system', and NO_PROXY", async () => {
    process.env.HTTP_PROXY = `http://${proxy.host}:${proxy.port}`;
    assert.deepEqual(await echoThrough(`${upstream.origin}/echo`, { proxy: 'system' }), [`127.0.0.1:${upstream.port}`]);
    assert.deepEqual(await echoThrough(`${upstream.origin}/echo`, {}), [`127.0.0.1:${upstream.port}`]);
    process.env.NO_PROXY = '127.0.0.1';
    assert.deepEqual(await echoThrough(`${upstream.origin}/echo`, { proxy: 'system' }), []);
  });

  it("goes direct for 'no-proxy' even with a proxy in the environment", async () => {
    process.env.HTTP_PROXY = `http://${proxy.host}:${proxy.port}`;
    assert.deepEqual(await echoThrough(`${upstream.origin}/echo`, { proxy: 'no-proxy' }), []);
  });

  it('reports a proxy that cannot reach the target as failed "0", not as the proxy’s status', async () => {
    const port = await freePort();
    const client = await RelayTestClient.connect(relay, `ws://127.0.0.1:${port}/`, viaProxy());
    assert.deepEqual(await client.handshake(), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
    assert.ok(logger.matching('proxy refused CONNECT').length > 0);
  });

  it('reports a proxy that is down as failed "0"', async () => {
    const port = await freePort();
    const client = await RelayTestClient.connect(relay, `${upstream.origin}/echo`, { proxy: { host: '127.0.0.1', port, exclusionList: [] } });
    assert.deepEqual(await client.handshake(), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
  });
});
