import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { ConnectOptions } from '../web-socket/core/request-options.js';
import { isExcludedByList, isExcludedByNoProxy, selectProxy } from './select-proxy.js';
import { matchesWildcard } from './wildcard-match.js';
import { type RelayServer } from '../entries/relay/compose-relay.js';
import { startLoopbackRelay } from '../entries/relay/testing/loopback-relay.js';
import { CaptureLogger } from '../relay/testing/capture-logger.js';
import { startTinyproxy, type Tinyproxy } from '../testing/tinyproxy.js';
import { createTlsFixtures, type TlsFixtures } from '../testing/tls-fixtures.js';
import { RelayTestClient } from '../web-socket/relay/testing/relay-client.js';
import { startUpstreamServer, type UpstreamServer } from '../testing/upstream-server.js';
import { useRelayWorld } from '../web-socket/relay/testing/relay-world.js';
import { within } from '../testing/within.js';
import { freePort } from '../testing/free-port.js';

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

  it('matches a pattern that makes a backtracking regular expression explode in linear time', () => {
    // /^.*a.*a…b$/ against a run of "a" takes exponential time; this must not.
    const hostile = `${'*a'.repeat(60)}*b`;
    const host = 'a'.repeat(253);
    const started = performance.now();
    for (let round = 0; round < 100; round++) assert.ok(!isExcludedByList(host, [hostile]));
    assert.ok(isExcludedByList(`${host}b`, [hostile]));
    const took = performance.now() - started;
    assert.ok(took < 250, `100 matches took ${Math.round(took)} ms`);
  });
});

describe('matchesWildcard', () => {
  it('is a whole-string match where * is any run, including none', () => {
    const table: ReadonlyArray<readonly [string, string, boolean]> = [
      ['*', '', true],
      ['a*', 'a', true],
      ['*a', 'ba', true],
      ['a*b*c', 'abc', true],
      ['a*b*c', 'aXbYc', true],
      ['a*b*c', 'acb', false],
      ['*ab*ab*', 'abab', true],
      ['*ab*ab*', 'aab', false],
      ['a**b', 'ab', true],
      ['*aab*', 'aaab', true],
      ['ab*ba', 'aba', false],
      ['*.example.*', 'api.example.com', true],
      ['exact', 'exact', true],
      ['exact', 'exactly', false],
    ];
    for (const [pattern, text, expected] of table) assert.equal(matchesWildcard(pattern, text), expected, `${pattern} ~ ${text}`);
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

describe('a hostile exclusion list cannot stall the relay', { timeout: 30_000 }, () => {
  const world = useRelayWorld({}, async () => {
    // No DNS query leaves the machine for the test's made-up names.
    throw Object.assign(new Error('no such host'), { code: 'ENOTFOUND' });
  });

  it('answers a connect with a pathological pattern in milliseconds while another leg keeps echoing', async () => {
    const { client: busy } = await world.open('/echo');
    const hostile = {
      proxy: { host: '127.0.0.1', port: 9, exclusionList: [`${'*a'.repeat(60)}*b`, ...Array.from({ length: 200 }, () => `${'*a'.repeat(60)}*b`)] },
    };
    const started = performance.now();
    const attack = await RelayTestClient.connect(world.relay, `ws://${'a'.repeat(253)}/`, hostile);
    busy.leg.send('still echoing');
    assert.equal((await busy.nextData(2000)).data.toString(), 'still echoing');
    // The name does not resolve and the relay is loopback-only, so it cannot let a proxy resolve it: refused.
    assert.deepEqual(await attack.nextReply(2000), { op: 'rejected', code: 2302998, message: 'It is not allowed to access this domain' });
    const took = performance.now() - started;
    assert.ok(took < 1000, `took ${Math.round(took)} ms`);
    busy.leg.close(1000);
  });

  it('answers an exclusion list past its bounds with 401', async () => {
    for (const exclusionList of [
      Array.from({ length: 257 }, (_, index) => `h${index}.example`),
      ['x'.repeat(256)],
      [Array.from({ length: 300 }, () => 'a').join(',')],
    ]) {
      const client = await RelayTestClient.connect(world.relay, 'ws://127.0.0.1:9/', { proxy: { host: '127.0.0.1', port: 9, exclusionList } });
      assert.deepEqual(await client.nextReply(), { op: 'rejected', code: 401, message: 'Parameter error' });
    }
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
  async function echoThrough(url: string, options: ConnectOptions): Promise<string[]> {
    const before = proxy.connects.length;
    const client = await RelayTestClient.connect(relay, url, options);
    const replies = await client.handshake();
    assert.deepEqual(
      replies.map((reply) => reply.op),
      ['accepted', 'opened'],
      JSON.stringify(replies),
    );
    client.leg.send('through');
    assert.equal((await client.nextData()).data.toString(), 'through');
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
    return proxy.connects.slice(before);
  }

  const viaProxy = (exclusionList: string[] = []): ConnectOptions => ({ proxy: { host: proxy.host, port: proxy.port, exclusionList } });

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
    assert.ok(logger.matching('refused CONNECT').length > 0, logger.lines.join('\n'));
  });

  it('reports a proxy that is down as failed "0"', async () => {
    const port = await freePort();
    const client = await RelayTestClient.connect(relay, `${upstream.origin}/echo`, { proxy: { host: '127.0.0.1', port, exclusionList: [] } });
    assert.deepEqual(await client.handshake(), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
  });
});
