import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CurlCode } from '../core/http-wire.js';
import { OutboundGuard } from '../../net/outbound-policy.js';
import { guardConnects } from '../../testing/connect-guard.js';
import { startHttpTestServer, type HttpTestServer, type ReceivedRequest } from '../../testing/http-test-server.js';
import { runTransfer, testContext, wireRequest } from './testing/run-transfer.js';

function echoed(body: Buffer): ReceivedRequest & { body: string } {
  return JSON.parse(body.toString('utf8')) as ReceivedRequest & { body: string };
}

function header(request: ReceivedRequest, name: string): string | undefined {
  return request.headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

describe('redirects, followed by the engine (HTTP §4, §13.3 step 3)', { timeout: 30_000 }, () => {
  let server: HttpTestServer;
  let other: HttpTestServer;
  before(async () => {
    server = await startHttpTestServer();
    other = await startHttpTestServer();
  });
  after(async () => {
    await server.close();
    await other.close();
  });

  const redirect = (to: string, status = 302, ...cookies: string[]): string =>
    `/redirect?status=${status}&to=${encodeURIComponent(to)}${cookies.map((cookie) => `&cookie=${encodeURIComponent(cookie)}`).join('')}`;

  it("follows them, reports every hop's header block and counts the hops", async () => {
    const record = await runTransfer(wireRequest(`${server.origin}${redirect(redirect('/echo', 301), 302)}`));
    assert.equal(record.failed, undefined);
    assert.deepEqual(
      record.blocks.map((block) => block.status),
      [302, 301, 200],
    );
    assert.equal(record.blocks[0]?.lines.find(([name]) => name === 'Location')?.[1], redirect('/echo', 301));
    assert.equal(record.facts?.status, 200);
    assert.equal(record.facts?.redirectCount, 2);
    assert.equal(echoed(record.body).target, '/echo');
    // The drained 3xx bodies are not the transfer's body.
    assert.equal(record.order.filter((name) => name === 'headers').length, 3);
    assert.ok(record.order.indexOf('data') > record.order.lastIndexOf('headers'));
    // One connection for all three hops, as curl reuses it.
    assert.equal(record.facts?.connection.reused, true);
    assert.ok((record.facts?.timing.redirect ?? 0) > 0);
  });

  it('fails a 3xx with curl 47 when maxRedirects is 0, after its header block', async () => {
    const record = await runTransfer(wireRequest(`${server.origin}${redirect('/echo')}`, { transport: { maxRedirects: 0 } }));
    assert.equal(record.failed, CurlCode.TOO_MANY_REDIRECTS);
    assert.deepEqual(
      record.blocks.map((block) => block.status),
      [302],
    );
  });

  it('fails with curl 47 past maxRedirects, and follows exactly that many', async () => {
    const chain = redirect(redirect(redirect('/echo')));
    assert.equal(
      (await runTransfer(wireRequest(`${server.origin}${chain}`, { transport: { maxRedirects: 2 } }))).failed,
      CurlCode.TOO_MANY_REDIRECTS,
    );
    const three = await runTransfer(wireRequest(`${server.origin}${chain}`, { transport: { maxRedirects: 3 } }));
    assert.equal(three.facts?.redirectCount, 3);
  });

  it('takes a 3xx without a Location as the answer', async () => {
    const record = await runTransfer(wireRequest(`${server.origin}/status?code=304`));
    assert.equal(record.failed, undefined);
    assert.equal(record.facts?.status, 304);
  });

  it("keeps the method string on every hop; on 301/302/303 the body stays behind, on 307/308 it goes again (curl's CUSTOMREQUEST rule)", async () => {
    for (const status of [301, 302, 303]) {
      const record = await runTransfer(wireRequest(`${server.origin}${redirect('/echo', status)}`, { method: 'POST', body: Buffer.from('payload') }));
      const request = echoed(record.body);
      assert.equal(request.method, 'POST', String(status));
      assert.equal(request.body, '', String(status));
      assert.equal(header(request, 'content-length'), undefined, String(status));
      assert.equal(header(request, 'content-type'), undefined, String(status));
    }
    for (const status of [307, 308]) {
      const record = await runTransfer(wireRequest(`${server.origin}${redirect('/echo', status)}`, { method: 'PUT', body: Buffer.from('payload') }));
      const request = echoed(record.body);
      assert.equal(request.method, 'PUT');
      assert.equal(Buffer.from(request.body, 'base64').toString(), 'payload', String(status));
      assert.equal(header(request, 'content-length'), '7');
    }
  });

  it('refuses a redirect to a scheme it does not speak (curl 1)', async () => {
    assert.equal((await runTransfer(wireRequest(`${server.origin}${redirect('ftp://127.0.0.1/file')}`))).failed, CurlCode.UNSUPPORTED_PROTOCOL);
  });

  it('fails on two different Location headers (curl 8)', async () => {
    assert.equal((await runTransfer(wireRequest(`${server.origin}/two-locations`))).failed, CurlCode.WEIRD_SERVER_REPLY);
  });

  it("does not send the app's Authorization and Cookie headers to another host", async () => {
    const record = await runTransfer(
      wireRequest(`${server.origin}${redirect(`${other.origin}/echo`)}`, {
        headers: [
          ['authorization', 'Bearer secret'],
          ['cookie', 'k=v'],
          ['x-kept', '1'],
        ],
      }),
    );
    const first = server.requests.at(-1) as ReceivedRequest;
    assert.equal(header(first, 'authorization'), 'Bearer secret');
    const request = echoed(record.body);
    assert.equal(header(request, 'authorization'), undefined);
    assert.equal(header(request, 'cookie'), undefined);
    assert.equal(header(request, 'x-kept'), '1');
    assert.equal(record.facts?.connection.reused, false);
  });

  it('checks every hop with the outbound policy before connecting: a refused one opens no connection (2300998)', async () => {
    const connects = guardConnects();
    try {
      const mark = connects.attempts.length;
      const seenByOther = other.requests.length;
      const context = testContext({ guard: new OutboundGuard({ allowHosts: [`127.0.0.1:${server.port}`] }, () => []) });
      const record = await runTransfer(wireRequest(`${server.origin}${redirect(`${other.origin}/echo`)}`), context);
      assert.equal(record.failed, CurlCode.DOMAIN_NOT_ALLOWED);
      assert.deepEqual(
        record.blocks.map((block) => block.status),
        [302],
      );
      assert.deepEqual(connects.since(mark), [`127.0.0.1:${server.port}`]);
      assert.equal(other.requests.length, seenByOther);
    } finally {
      connects.restore();
    }
  });
});

describe('cookies (HTTP §5 cookies, §7.4)', { timeout: 30_000 }, () => {
  let server: HttpTestServer;
  before(async () => {
    server = await startHttpTestServer();
  });
  after(() => server.close());

  it("keeps one jar per transfer: a hop's cookies go with the next hops, and are listed at the end", async () => {
    const record = await runTransfer(
      wireRequest(`${server.origin}/redirect?to=${encodeURIComponent('/cookies')}&cookie=${encodeURIComponent('a=1; HttpOnly')}&cookie=b%3D2`),
    );
    assert.equal(record.body.toString(), 'a=1; b=2');
    assert.deepEqual(record.facts?.cookies.split('\r\n').sort(), [
      '#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\ta\t1',
      '127.0.0.1\tFALSE\t/\tFALSE\t0\tb\t2',
    ]);
    const again = await runTransfer(wireRequest(`${server.origin}/cookies`));
    assert.equal(again.body.toString(), '');
    assert.equal(again.facts?.cookies, '');
  });

  it("keeps an object's jar across its transfers (enableAutoCookie) until it is dropped", async () => {
    const context = testContext();
    const object = { object: 'request-1' } as const;
    const first = await runTransfer(wireRequest(`${server.origin}/cookies?set=k%3Dv`, { transport: { cookieJar: object } }), context);
    assert.equal(first.facts?.cookies, '127.0.0.1\tFALSE\t/\tFALSE\t0\tk\tv');
    const second = await runTransfer(wireRequest(`${server.origin}/cookies?set=n%3D1`, { transport: { cookieJar: object } }), context);
    assert.equal(second.body.toString(), 'k=v');
    assert.equal(second.facts?.cookies.split('\r\n').length, 2);
    const other = await runTransfer(wireRequest(`${server.origin}/cookies`, { transport: { cookieJar: { object: 'request-2' } } }), context);
    assert.equal(other.body.toString(), '');
    context.cookieJars.drop('request-1');
    const dropped = await runTransfer(wireRequest(`${server.origin}/cookies`, { transport: { cookieJar: object } }), context);
    assert.equal(dropped.body.toString(), '');
  });
});
