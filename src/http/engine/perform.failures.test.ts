import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CurlCode } from '../core/http-wire.js';
import { OutboundGuard } from '../../net/outbound-policy.js';
import { startDnsServer, type DnsTestServer } from '../../testing/dns-server.js';
import { guardConnects } from '../../testing/connect-guard.js';
import { freePort } from '../../testing/free-port.js';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.js';
import { curlCodeOf } from './curl-failure.js';
import { runTransfer, startTransfer, testContext, wireRequest } from './testing/run-transfer.js';

/** A guard whose DNS is a table (no query leaves the machine). */
function tableGuard(table: Record<string, string[]>, calls: string[] = []): OutboundGuard {
  return new OutboundGuard(
    { allowLoopbackOnly: true },
    () => [],
    async (hostname) => {
      calls.push(hostname);
      const addresses = table[hostname];
      if (addresses === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
  );
}

describe('failures as curl codes (HTTP §9, §13.3 step 6)', { timeout: 30_000 }, () => {
  let server: HttpTestServer;
  before(async () => {
    server = await startHttpTestServer();
  });
  after(() => server.close());

  it('a name that does not resolve is 6; a refused port is 7', async () => {
    const context = testContext({ guard: tableGuard({}) });
    assert.equal((await runTransfer(wireRequest('http://nowhere.test/', {}), context)).failed, CurlCode.COULDNT_RESOLVE_HOST);
    assert.equal((await runTransfer(wireRequest(`http://127.0.0.1:${await freePort()}/`))).failed, CurlCode.COULDNT_CONNECT);
  });

  it('resolves a name once, through the outbound guard, and connects to that address', async () => {
    const calls: string[] = [];
    const record = await runTransfer(
      wireRequest(`http://app.test:${server.port}/echo`),
      testContext({ guard: tableGuard({ 'app.test': ['127.0.0.1'] }, calls) }),
    );
    assert.equal(record.failed, undefined);
    assert.deepEqual(calls, ['app.test']);
    const echoed = JSON.parse(record.body.toString()) as { headers: Array<[string, string]> };
    assert.equal(new Map(echoed.headers).get('host'), `app.test:${server.port}`);
    assert.equal(record.facts?.connection.remoteAddress, '127.0.0.1');
  });

  it('keeps to one address family with addressFamily (none left is 6)', async () => {
    const guard = tableGuard({ 'v4.test': ['127.0.0.1'] });
    assert.equal(
      (await runTransfer(wireRequest(`http://v4.test:${server.port}/status`, { transport: { addressFamily: 'ONLY_V6' } }), testContext({ guard })))
        .failed,
      CurlCode.COULDNT_RESOLVE_HOST,
    );
    assert.equal(
      (await runTransfer(wireRequest(`http://v4.test:${server.port}/status`, { transport: { addressFamily: 'ONLY_V4' } }), testContext({ guard })))
        .failed,
      undefined,
    );
    assert.equal(
      (await runTransfer(wireRequest(`http://127.0.0.1:${server.port}/status`, { transport: { addressFamily: 'ONLY_V6' } }))).failed,
      CurlCode.COULDNT_RESOLVE_HOST,
    );
  });

  it('a target the outbound policy refuses is 2300998, before any connection', async () => {
    const connects = guardConnects();
    try {
      const mark = connects.attempts.length;
      const refusals: ReadonlyArray<readonly [OutboundGuard, string]> = [
        // Not in the allowed targets, by name.
        [new OutboundGuard({ allowHosts: ['example.test'] }, () => []), `${server.origin}/echo`],
        // A name that resolves to a metadata address, after DNS.
        [tableGuard({ 'metadata.test': ['169.254.169.254'] }), `http://metadata.test:${server.port}/echo`],
      ];
      for (const [guard, url] of refusals) {
        assert.equal((await runTransfer(wireRequest(url), testContext({ guard }))).failed, CurlCode.DOMAIN_NOT_ALLOWED, url);
      }
      assert.deepEqual(connects.since(mark), []);
    } finally {
      connects.restore();
    }
  });

  it('an empty reply is 52, a short body 18, a reset mid-body 56, a reply that is not HTTP 8', async () => {
    assert.equal((await runTransfer(wireRequest(`${server.origin}/empty-reply`))).failed, CurlCode.GOT_NOTHING);
    const short = await runTransfer(wireRequest(`${server.origin}/length-mismatch`));
    assert.equal(short.failed, CurlCode.PARTIAL_FILE);
    assert.equal(short.body.length, 50);
    // Linux may hand a reset that comes after data to the reader as an end of stream
    // (the error is taken by another path first); curl then reports 18 as well.
    const reset = await runTransfer(wireRequest(`${server.origin}/reset`));
    assert.ok(reset.failed === CurlCode.RECV_ERROR || reset.failed === CurlCode.PARTIAL_FILE, String(reset.failed));
    assert.equal(curlCodeOf(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'body', false), CurlCode.RECV_ERROR);
    assert.equal((await runTransfer(wireRequest(`${server.origin}/garbage`))).failed, CurlCode.WEIRD_SERVER_REPLY);
  });

  it('a bad URL is 3, an unknown scheme 1', async () => {
    assert.equal((await runTransfer(wireRequest('http://exa mple.test/'))).failed, CurlCode.URL_MALFORMAT);
    assert.equal((await runTransfer(wireRequest('ftp://127.0.0.1/'))).failed, CurlCode.UNSUPPORTED_PROTOCOL);
  });

  it('answers HTTP errors as successes with their status', async () => {
    for (const code of [404, 500]) {
      const record = await runTransfer(wireRequest(`${server.origin}/status?code=${code}`));
      assert.equal(record.failed, undefined);
      assert.equal(record.facts?.status, code);
      assert.equal(record.body.toString(), `status ${code}`);
    }
  });
});

describe('timeouts (HTTP §3 readTimeout, connectTimeout; §7.2)', { timeout: 30_000 }, () => {
  let server: HttpTestServer;
  let silent: Server;
  let silentPort = 0;
  const held = new Set<Socket>();
  before(async () => {
    server = await startHttpTestServer();
    // Accepts connections and never says a word: a TLS handshake with it never ends.
    silent = createServer((socket) => {
      held.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  after(async () => {
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    await server.close();
  });

  it('readTimeout bounds the whole transfer: a slow body is 28', async () => {
    const started = performance.now();
    const record = await runTransfer(wireRequest(`${server.origin}/slow?bytes=100&every=50`, { transport: { readTimeoutMs: 400 } }));
    assert.equal(record.failed, CurlCode.OPERATION_TIMEDOUT);
    assert.ok(record.body.length > 0 && record.body.length < 100);
    assert.ok(performance.now() - started < 3000);
  });

  it('readTimeout counts every hop of a redirect', async () => {
    const record = await runTransfer(
      wireRequest(`${server.origin}/redirect?to=${encodeURIComponent('/hang')}`, { transport: { readTimeoutMs: 300 } }),
    );
    assert.equal(record.failed, CurlCode.OPERATION_TIMEDOUT);
    assert.deepEqual(
      record.blocks.map((block) => block.status),
      [302],
    );
  });

  it('readTimeout 0 is no limit', async () => {
    const record = await runTransfer(wireRequest(`${server.origin}/slow?bytes=5&every=20`, { transport: { readTimeoutMs: 0 } }));
    assert.equal(record.failed, undefined);
    assert.equal(record.body.length, 5);
  });

  it('connectTimeout bounds the connection, TLS handshake included: 28', async () => {
    const started = performance.now();
    const record = await runTransfer(wireRequest(`https://127.0.0.1:${silentPort}/`, { transport: { connectTimeoutMs: 300 } }));
    assert.equal(record.failed, CurlCode.OPERATION_TIMEDOUT);
    assert.ok(performance.now() - started < 3000);
  });

  it('connectTimeout does not bound a slow answer once connected', async () => {
    const record = await runTransfer(wireRequest(`${server.origin}/slow?bytes=4&every=100`, { transport: { connectTimeoutMs: 150 } }));
    assert.equal(record.failed, undefined);
  });

  it('abort() ends a transfer at once: no event follows, the server sees the connection close', async () => {
    const transfer = startTransfer(wireRequest(`${server.origin}/hang-body`));
    await transfer.next('data');
    const events = transfer.record.order.length;
    transfer.handle.abort();
    await server.whenNoSockets();
    assert.equal(transfer.record.order.length, events);
  });
});

describe('dnsServers (HTTP §3)', { timeout: 30_000 }, () => {
  let server: HttpTestServer;
  let dns: DnsTestServer;
  before(async () => {
    server = await startHttpTestServer();
    dns = await startDnsServer({ 'app.test': ['127.0.0.1'], 'v6only.test': ['::1'] });
  });
  after(async () => {
    await server.close();
    await dns.close();
  });

  it('asks those servers instead of the system, and the guard checks their answers', async () => {
    const record = await runTransfer(wireRequest(`http://app.test:${server.port}/status`, { transport: { dnsServers: [dns.address] } }));
    assert.equal(record.failed, undefined);
    assert.ok(dns.questions.includes('app.test/A'), dns.questions.join());
    assert.equal(
      (await runTransfer(wireRequest(`http://unknown.test:${server.port}/status`, { transport: { dnsServers: [dns.address] } }))).failed,
      CurlCode.COULDNT_RESOLVE_HOST,
    );
    // ::1 is loopback, but no server listens there: the answer was used (7, not 6).
    const v6 = await runTransfer(wireRequest(`http://v6only.test:${await freePort()}/status`, { transport: { dnsServers: [dns.address] } }));
    assert.equal(v6.failed, CurlCode.COULDNT_CONNECT);
    const before = dns.questions.length;
    await runTransfer(wireRequest(`http://app.test:${server.port}/status`, { transport: { dnsServers: [dns.address], addressFamily: 'ONLY_V4' } }));
    assert.deepEqual(dns.questions.slice(before), ['app.test/A']);
  });
});
