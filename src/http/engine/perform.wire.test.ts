import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHttpTestServer, type HttpTestServer, type ReceivedRequest } from '../../testing/http-test-server.js';
import { startRawHttpServer, type RawHttpServer } from '../../testing/raw-http-server.js';
import { runTransfer, wireRequest } from './testing/run-transfer.js';

/** The echo's view of the request. */
function echoed(body: Buffer): ReceivedRequest & { body: string } {
  return JSON.parse(body.toString('utf8')) as ReceivedRequest & { body: string };
}

function namesOf(request: ReceivedRequest): string[] {
  return request.headers.map(([name]) => name.toLowerCase());
}

describe('what goes on the wire (HTTP §4, §13.3 step 2)', { timeout: 30_000 }, () => {
  let server: HttpTestServer;
  let raw: RawHttpServer;
  before(async () => {
    server = await startHttpTestServer();
    raw = await startRawHttpServer();
  });
  after(async () => {
    await server.close();
    await raw.close();
  });

  it("sends curl's headers, and the app's in its order with empty values as empty headers", async () => {
    const record = await runTransfer(
      wireRequest(`${server.origin}/echo`, {
        headers: [
          ['x-b', '2'],
          ['x-a', '1'],
          ['x-empty', ''],
        ],
      }),
    );
    assert.equal(record.failed, undefined);
    const request = echoed(record.body);
    assert.equal(request.method, 'GET');
    const headers = new Map(request.headers.map(([name, value]) => [name.toLowerCase(), value]));
    assert.equal(headers.get('host'), `127.0.0.1:${server.port}`);
    assert.equal(headers.get('accept'), '*/*');
    assert.equal(headers.get('user-agent'), 'libcurl-agent/1.0');
    assert.equal(headers.get('accept-encoding'), 'deflate, gzip, br');
    assert.equal(headers.get('x-empty'), '');
    const names = namesOf(request);
    assert.ok(names.indexOf('accept-encoding') < names.indexOf('x-b') && names.indexOf('x-b') < names.indexOf('x-a'), names.join());
    assert.ok(!names.includes('content-length') && !names.includes('content-type'), names.join());
  });

  it("reports curl's facts: phase times in order, addresses, protocol", async () => {
    const record = await runTransfer(wireRequest(`${server.origin}/status`));
    const facts = record.facts;
    assert.ok(facts !== undefined);
    const { timing, connection } = facts;
    assert.equal(timing.tls, 0);
    assert.equal(timing.redirect, 0);
    assert.ok(
      timing.dns <= timing.tcp &&
        timing.tcp <= timing.firstSend &&
        timing.firstSend <= timing.firstReceive &&
        timing.firstReceive <= timing.totalFinish,
      JSON.stringify(timing),
    );
    assert.ok(timing.tcp > 0);
    assert.deepEqual(
      {
        protocol: connection.protocol,
        remoteAddress: connection.remoteAddress,
        remotePort: connection.remotePort,
        localAddress: connection.localAddress,
        reused: connection.reused,
        viaProxy: connection.viaProxy,
      },
      { protocol: 'HTTP/1.1', remoteAddress: '127.0.0.1', remotePort: server.port, localAddress: '127.0.0.1', reused: false, viaProxy: false },
    );
    assert.equal(connection.localPort, server.requests.at(-1)?.remotePort);
    assert.equal('tlsVersion' in connection, false);
  });

  it('sends the method verbatim: lower-case and custom ones', async () => {
    for (const method of ['get', 'post', 'PURGE', 'Delete']) {
      const record = await runTransfer(wireRequest(`${raw.origin}/m`, { method }));
      assert.equal(record.failed, undefined, method);
      assert.equal(raw.requests.at(-1)?.head.split('\r\n')[0], `${method} /m HTTP/1.1`);
    }
  });

  it('sends no Content-Length and no body for a bodyless POST or PUT', async () => {
    for (const method of ['POST', 'PUT', 'PATCH']) {
      const record = await runTransfer(wireRequest(`${raw.origin}/empty`, { method }));
      assert.equal(record.failed, undefined);
      const head = raw.requests.at(-1)?.head ?? '';
      assert.match(head, new RegExp(`^${method} /empty HTTP/1.1\r\n`));
      assert.doesNotMatch(head, /content-length/i, head);
      assert.doesNotMatch(head, /content-type/i, head);
    }
  });

  it("sends a body with its length and curl's form content type when the app gave none", async () => {
    const record = await runTransfer(wireRequest(`${server.origin}/echo`, { method: 'POST', body: Buffer.from('a=1&b=2') }));
    const request = echoed(record.body);
    const headers = new Map(request.headers.map(([name, value]) => [name.toLowerCase(), value]));
    assert.equal(headers.get('content-type'), 'application/x-www-form-urlencoded');
    assert.equal(headers.get('content-length'), '7');
    assert.equal(Buffer.from(request.body, 'base64').toString(), 'a=1&b=2');

    const typed = echoed(
      (
        await runTransfer(
          wireRequest(`${server.origin}/echo`, { method: 'POST', headers: [['content-type', 'application/json']], body: Buffer.from('{}') }),
        )
      ).body,
    );
    assert.deepEqual(
      typed.headers.filter(([name]) => name.toLowerCase() === 'content-type').map(([, value]) => value),
      ['application/json'],
    );
  });

  it('sends a body with GET too (the 26.0.0 body option)', async () => {
    const request = echoed((await runTransfer(wireRequest(`${server.origin}/echo`, { body: Buffer.from('x') }))).body);
    assert.equal(request.method, 'GET');
    assert.equal(Buffer.from(request.body, 'base64').toString(), 'x');
  });

  it('asks for a range with Range: bytes= and without a user agent', async () => {
    const request = echoed((await runTransfer(wireRequest(`${server.origin}/echo`, { transport: { range: '10-' } }))).body);
    const headers = new Map(request.headers.map(([name, value]) => [name.toLowerCase(), value]));
    assert.equal(headers.get('range'), 'bytes=10-');
    assert.equal(headers.has('user-agent'), false);
  });

  it('takes a URL without a scheme as http://', async () => {
    const record = await runTransfer(wireRequest(`127.0.0.1:${server.port}/echo?q=1`));
    assert.equal(record.failed, undefined);
    assert.equal(echoed(record.body).target, '/echo?q=1');
  });

  it('keeps an empty query (the trailing "?" or "&" the core may leave)', async () => {
    await runTransfer(wireRequest(`${raw.origin}/p?`));
    assert.match(raw.requests.at(-1)?.head ?? '', /^GET \/p\? HTTP\/1\.1/);
    await runTransfer(wireRequest(`${raw.origin}/p?x=1&`));
    assert.match(raw.requests.at(-1)?.head ?? '', /^GET \/p\?x=1& HTTP\/1\.1/);
  });

  it('reads no body for HEAD', async () => {
    const record = await runTransfer(wireRequest(`${server.origin}/bytes?size=1000`, { method: 'HEAD' }));
    assert.equal(record.failed, undefined);
    assert.equal(record.facts?.status, 200);
    assert.equal(record.body.length, 0);
    assert.deepEqual(record.received, []);
    assert.equal(record.blocks[0]?.lines.find(([name]) => name.toLowerCase() === 'content-length')?.[1], '1000');
  });

  it('reports the header block as received: names as sent, in order, duplicates kept', async () => {
    const record = await runTransfer(wireRequest(`${server.origin}/headers?X-Twice=one&Set-Cookie=a%3D1&X-Twice=two&X-Empty=`));
    const lines = record.blocks[0]?.lines.filter(([name]) => name.startsWith('X-') || name === 'Set-Cookie');
    assert.deepEqual(lines, [
      ['X-Twice', 'one'],
      ['Set-Cookie', 'a=1'],
      ['X-Twice', 'two'],
      ['X-Empty', ''],
    ]);
  });

  it('sends the app credentials of serverAuthentication basic at once', async () => {
    const request = echoed(
      (
        await runTransfer(
          wireRequest(`${server.origin}/echo`, { transport: { serverAuthentication: { username: 'u', password: 'p', scheme: 'basic' } } }),
        )
      ).body,
    );
    assert.equal(
      new Map(request.headers.map(([name, value]) => [name.toLowerCase(), value])).get('authorization'),
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    );
  });

  it('sends multipart/form-data as curl does, a file part read from the app files', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'ohos-netkit-multipart-'));
    try {
      await writeFile(join(dir, 'photo.png'), Buffer.from([1, 2, 3]));
      const { testContext } = await import('./testing/run-transfer.js');
      const record = await runTransfer(
        wireRequest(`${server.origin}/echo`, {
          method: 'POST',
          headers: [['content-type', 'multipart/form-data']],
          transport: {
            multipart: [
              { name: 'field', data: Buffer.from('value') },
              { name: 'file', filePath: 'photo.png' },
              { name: 'named"part', data: Buffer.from('x'), remoteFileName: 'notes.txt' },
            ],
          },
        }),
        testContext({ files: { baseDir: dir } }),
      );
      const request = echoed(record.body);
      const type = new Map(request.headers.map(([name, value]) => [name.toLowerCase(), value])).get('content-type') ?? '';
      const boundary = /^multipart\/form-data; boundary=(-{24}[A-Za-z0-9]{22})$/.exec(type)?.[1];
      assert.ok(boundary !== undefined, type);
      assert.equal(
        Buffer.from(request.body, 'base64').toString('latin1'),
        [
          `--${boundary}`,
          'Content-Disposition: form-data; name="field"',
          '',
          'value',
          `--${boundary}`,
          'Content-Disposition: form-data; name="file"; filename="photo.png"',
          'Content-Type: image/png',
          '',
          '\u0001\u0002\u0003',
          `--${boundary}`,
          'Content-Disposition: form-data; name="named%22part"; filename="notes.txt"',
          'Content-Type: text/plain',
          '',
          'x',
          `--${boundary}--`,
          '',
        ].join('\r\n'),
      );
      const missing = await runTransfer(
        wireRequest(`${server.origin}/echo`, { method: 'POST', transport: { multipart: [{ name: 'f', filePath: 'nope.bin' }] } }),
        testContext({ files: { baseDir: dir } }),
      );
      assert.equal(missing.failed, 26);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
