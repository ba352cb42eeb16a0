import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { OpenedReply } from '../core/relay-messages.js';
import type { ConnectOptions } from '../core/request-options.js';
import { systemResolver } from '../../net/outbound-policy.js';
import { type RelayServer } from '../../entries/relay/compose-relay.js';
import { startLoopbackRelay } from '../../entries/relay/testing/loopback-relay.js';
import { CaptureLogger } from '../../relay/testing/capture-logger.js';
import { openLeg } from '../../relay/testing/open-leg.js';
import { RelayTestClient } from './testing/relay-client.js';
import { startUpstreamServer, type UpstreamServer } from '../../testing/upstream-server.js';
import { nextEvent, within } from '../../testing/within.js';
import { freePort } from '../../testing/free-port.js';

interface Reflected {
  headers: Record<string, string>;
  rawHeaders: string[];
}

describe('RelayLeg: connecting with the device semantics', { timeout: 30_000 }, () => {
  const logger = new CaptureLogger();
  let relay: RelayServer;
  let upstream: UpstreamServer;

  before(async () => {
    upstream = await startUpstreamServer();
    // DNS: the .test names fail here, without a query leaving the machine; every other
    // name goes to the system's getaddrinfo.
    relay = await startLoopbackRelay({ logger }, async (hostname) => {
      if (hostname.endsWith('.test')) throw Object.assign(new Error('no such host'), { code: 'ENOTFOUND' });
      return systemResolver(hostname);
    });
  });
  after(async () => {
    await relay.close();
    await upstream.close();
  });

  async function open(path: string, options: ConnectOptions = {}): Promise<{ client: RelayTestClient; opened: OpenedReply }> {
    const client = await RelayTestClient.connect(relay, `${upstream.origin}${path}`, options);
    const replies = await client.handshake();
    assert.deepEqual(
      replies.map((reply) => reply.op),
      ['accepted', 'opened'],
      JSON.stringify(replies),
    );
    return { client, opened: replies[1] as OpenedReply };
  }

  async function reflect(options: ConnectOptions): Promise<Reflected & { client: RelayTestClient }> {
    const { client } = await open('/headers', options);
    return { ...(JSON.parse((await client.nextData()).data.toString('utf8')) as Reflected), client };
  }

  it('reports the real upgrade response in opened', async () => {
    const { client, opened } = await open('/echo');
    assert.equal(opened.status, 101);
    assert.equal(opened.message, 'Switching Protocols');
    assert.equal(opened.headers.upgrade, 'websocket');
    assert.match(opened.headers['sec-websocket-accept'] ?? '', /^[A-Za-z0-9+/]{27}=$/);
    assert.ok(!('protocol' in opened), 'no protocol when the server chose none');
    assert.ok(Object.keys(opened.headers).every((name) => name === name.toLowerCase()));
    client.leg.close(1000);
  });

  it('joins repeated response headers with ", ", Set-Cookie included', async () => {
    const { client, opened } = await open('/cookies');
    assert.equal(opened.headers['set-cookie'], 'a=1, b=2');
    assert.equal(opened.headers['x-twice'], 'one, two');
    client.leg.close(1000);
  });

  it('pipes text as text and binary as binary, unchanged', async () => {
    const { client } = await open('/echo');
    client.leg.send('héllo ✓');
    const text = await client.nextData();
    assert.equal(text.isBinary, false);
    assert.equal(text.data.toString('utf8'), 'héllo ✓');
    const bytes = Buffer.from([0, 255, 128, 10]);
    client.leg.send(bytes, { binary: true });
    const binary = await client.nextData();
    assert.equal(binary.isBinary, true);
    assert.deepEqual(binary.data, bytes);
    client.leg.send('');
    assert.equal((await client.nextData()).data.length, 0);
    client.leg.close(1000);
  });

  it('forwards frames the page sends before the upstream opens, in order', async () => {
    const leg = await openLeg(relay);
    const client = new RelayTestClient(leg);
    leg.send(JSON.stringify({ op: 'connect', url: `${upstream.origin}/echo`, options: {} }));
    leg.send('first');
    leg.send(Buffer.from('second'), { binary: true });
    assert.equal((await client.handshake()).at(-1)?.op, 'opened');
    assert.equal((await client.nextData()).data.toString(), 'first');
    const second = await client.nextData();
    assert.equal(second.data.toString(), 'second');
    assert.equal(second.isBinary, true);
    leg.close(1000);
  });

  it('sends the device handshake: lower-case user headers, empty ones dropped, the device Origin', async () => {
    const { headers, rawHeaders, client } = await reflect({
      header: { 'X-Custom': 'value', Empty: '', 'X-Number': 5 as unknown as string, 'x-utf8': 'héllo' },
    });
    assert.equal(headers['x-custom'], 'value');
    assert.ok(!('empty' in headers) && !('x-number' in headers));
    assert.ok(rawHeaders.includes('x-custom'), 'the name goes out lower-cased');
    // lws writes Origin: http://<host> (no port by default), for ws and wss alike.
    assert.equal(headers.origin, 'http://127.0.0.1');
    assert.equal(headers.pragma, 'no-cache');
    assert.equal(headers['cache-control'], 'no-cache');
    assert.equal(headers.host, `127.0.0.1:${upstream.port}`);
    // The server receives the UTF-8 bytes (Node decodes header bytes as Latin-1).
    assert.equal(Buffer.from(headers['x-utf8'] ?? '', 'latin1').toString('utf8'), 'héllo');
    assert.ok(!('sec-websocket-protocol' in headers));
    assert.ok(!('sec-websocket-extensions' in headers), 'no permessage-deflate offer, as the device');
    client.leg.close(1000);
  });

  it('with supportOriginPort, puts the port in the Origin', async () => {
    const { headers, client } = await reflect({ supportOriginPort: true });
    assert.equal(headers.origin, `http://127.0.0.1:${upstream.port}`);
    client.leg.close(1000);
  });

  it("never forwards the page's cookies or Origin; the app's own origin header replaces the device one", async () => {
    const leg = await openLeg(relay, { origin: 'http://localhost:5173' });
    const client = new RelayTestClient(leg);
    leg.send(JSON.stringify({ op: 'connect', url: `${upstream.origin}/headers`, options: { header: { Origin: 'http://app.example' } } }));
    await client.handshake();
    const { headers } = JSON.parse((await client.nextData()).data.toString()) as Reflected;
    assert.equal(headers.origin, 'http://app.example');
    assert.ok(!('cookie' in headers));
    leg.close(1000);
  });

  it('drops user headers that would replace the handshake (Host, Upgrade, Sec-WebSocket-Key…) and logs it', async () => {
    const { headers, client } = await reflect({ header: { Host: 'evil.example', 'Sec-WebSocket-Key': 'AAAA', Connection: 'close' } });
    assert.equal(headers.host, `127.0.0.1:${upstream.port}`);
    assert.notEqual(headers['sec-websocket-key'], 'AAAA');
    assert.equal(headers.connection, 'Upgrade');
    assert.ok(logger.matching('reserved handshake headers not sent: connection, host, sec-websocket-key').length > 0);
    client.leg.close(1000);
  });

  for (const [name, options] of [
    ['a CR/LF in a header value', { header: { 'x-inject': 'a\r\nX-Evil: 1' } }],
    ['a LF in a header value', { header: { 'x-inject': 'a\nb' } }],
    ['a space in a header name', { header: { 'bad name': 'x' } }],
    ['a CR/LF in protocol', { protocol: 'chat\r\nX-Evil: 1' }],
  ] as Array<[string, ConnectOptions]>) {
    it(`answers rejected 401 "Parameter error" to ${name}, before any upstream traffic`, async () => {
      const before = upstream.listenerCount('upgrade-request');
      let upgrades = 0;
      const count = (): void => {
        upgrades += 1;
      };
      upstream.on('upgrade-request', count);
      const client = await RelayTestClient.connect(relay, `${upstream.origin}/headers`, options);
      assert.deepEqual(await client.nextReply(), { op: 'rejected', code: 401, message: 'Parameter error' });
      assert.match(client.whys[0] ?? '', /^(header .* (is not a valid HTTP token|has a control character)|protocol has a control character)/);
      await within(client.closed, 5000, 'leg close');
      upstream.off('upgrade-request', count);
      assert.equal(upstream.listenerCount('upgrade-request'), before);
      assert.equal(upgrades, 0);
    });
  }

  it("never tells the page the relay's token, even when the page's own input carried it into the reason", async () => {
    const client = await RelayTestClient.connect(relay, `${upstream.origin}/headers`, { header: { [`bad ${relay.token}`]: 'x' } });
    assert.deepEqual(await client.nextReply(), { op: 'rejected', code: 401, message: 'Parameter error' });
    assert.deepEqual(client.whys, ['header name "bad [token]" is not a valid HTTP token']);
  });

  it('sends protocol verbatim and reports the server’s pick', async () => {
    const { client, opened } = await open('/protocol?pick=chat.v2', { protocol: 'chat.v1, chat.v2' });
    assert.equal(opened.protocol, 'chat.v2');
    client.leg.close(1000);
    const reflected = await reflect({ protocol: 'chat.v1, chat.v2' });
    assert.equal(reflected.headers['sec-websocket-protocol'], 'chat.v1, chat.v2');
    reflected.client.leg.close(1000);
  });

  it('accepts a server that answers no protocol although some were offered (lws does, ws alone would not)', async () => {
    const { client, opened } = await open('/protocol?none', { protocol: 'chat.v1' });
    assert.ok(!('protocol' in opened));
    // /protocol first tells what it was offered, then echoes.
    assert.equal((await client.nextData()).data.toString(), '["chat.v1"]');
    client.leg.send('ok');
    assert.equal((await client.nextData()).data.toString(), 'ok');
    client.leg.close(1000);
  });

  it('fails when the server picks a protocol that was not offered (status of the 101)', async () => {
    const client = await RelayTestClient.connect(relay, `${upstream.origin}/protocol?pick=other`, { protocol: 'chat.v1' });
    assert.deepEqual(await client.handshake(), [{ op: 'accepted' }, { op: 'failed', status: '101' }]);
    await within(client.closed, 5000, 'leg close');
  });

  for (const status of [401, 403, 500]) {
    it(`reports a refused upgrade (${status}) as failed with that status`, async () => {
      const client = await RelayTestClient.connect(relay, `${upstream.origin}/refuse?status=${status}`);
      assert.deepEqual(await client.handshake(), [{ op: 'accepted' }, { op: 'failed', status: String(status) }]);
      assert.deepEqual(client.whys, [`server answered ${status} instead of 101`]);
      await within(client.closed, 5000, 'leg close');
    });
  }

  it('follows a redirect of the upgrade, as lws does', async () => {
    const target = encodeURIComponent(`${upstream.origin}/echo`);
    const { client } = await open(`/redirect?to=${target}`);
    client.leg.send('after redirect');
    assert.equal((await client.nextData()).data.toString(), 'after redirect');
    client.leg.close(1000);
  });

  it('reports a refused TCP connection as failed "0"', async () => {
    const port = await freePort();
    const client = await RelayTestClient.connect(relay, `ws://127.0.0.1:${port}/`);
    assert.deepEqual(await client.handshake(), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
    assert.deepEqual(client.whys, [`connect ECONNREFUSED 127.0.0.1:${port}`]);
  });

  it('reports a name that does not resolve as accepted, then failed "0" (DNS fails after connect() on the device)', async () => {
    const client = await RelayTestClient.connect(relay, 'ws://nowhere.test/');
    assert.deepEqual(await client.handshake(), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
    assert.ok(logger.matching('cannot resolve nowhere.test').length > 0);
    assert.deepEqual(client.whys, ['cannot resolve nowhere.test: ENOTFOUND']);
  });

  it('aborts the upstream connection when the page leaves before it opens', async () => {
    const blackhole = await startBlackhole();
    try {
      const client = await RelayTestClient.connect(relay, `ws://127.0.0.1:${blackhole.port}/`);
      assert.deepEqual(await client.nextReply(), { op: 'accepted' });
      const [socket] = await blackhole.accepted;
      client.leg.close(1000);
      await nextEvent(socket, 'close');
    } finally {
      await blackhole.close();
    }
  });

  it('hands text with invalid UTF-8 to the page as the device does: each bad sequence becomes U+FFFD', async () => {
    const { client } = await open('/bad-utf8');
    const frame = await client.nextData();
    assert.equal(frame.isBinary, false);
    assert.equal(frame.data.toString('utf8'), '\uFFFD\uFFFDA');
    client.leg.send('and the leg lives on');
    assert.equal((await client.nextData()).data.toString(), 'and the leg lives on');
    client.leg.close(1000);
  });

  it('logs targets without their query', async () => {
    const { client } = await open('/echo?secret=s3cr3t');
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
    assert.ok(logger.matching(`connecting to ${upstream.origin}/echo direct`).length > 0);
    assert.deepEqual(logger.matching('s3cr3t'), []);
  });
});

describe('RelayLeg: a relay with small limits', { timeout: 30_000 }, () => {
  let relay: RelayServer;
  let upstream: UpstreamServer;

  before(async () => {
    upstream = await startUpstreamServer();
    relay = await startLoopbackRelay({ logger: new CaptureLogger(), maxReceiveBytes: 1024, handshakeTimeoutMs: 300 });
  });
  after(async () => {
    await relay.close();
    await upstream.close();
  });

  it('takes messages up to maxReceiveBytes', async () => {
    const client = await RelayTestClient.connect(relay, `${upstream.origin}/binary?size=1024`);
    assert.equal((await client.handshake()).at(-1)?.op, 'opened');
    assert.equal((await client.nextData()).data.length, 1024);
    client.leg.close(1000);
  });

  it('closes with 1009 on a bigger upstream message, before it reaches the page', async () => {
    const client = await RelayTestClient.connect(relay, `${upstream.origin}/binary?size=1025`);
    assert.equal((await client.handshake()).at(-1)?.op, 'opened');
    assert.deepEqual(await within(client.closed, 5000, 'leg close'), { code: 1009, reason: 'message larger than the relay maxReceiveBytes' });
  });

  it('gives up an upstream handshake that takes longer than handshakeTimeoutMs: failed "0"', async () => {
    const blackhole = await startBlackhole();
    try {
      const client = await RelayTestClient.connect(relay, `ws://127.0.0.1:${blackhole.port}/`);
      assert.deepEqual(await client.handshake(), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
    } finally {
      await blackhole.close();
    }
  });
});

/** A TCP server that accepts and never answers: an upgrade to it stays pending. */
async function startBlackhole(): Promise<{ port: number; accepted: Promise<[Socket]>; close(): Promise<void> }> {
  const server = createServer();
  const sockets = new Set<Socket>();
  const accepted = nextEvent<[Socket]>(server, 'connection');
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    // Read (and ignore) what comes, so that the end of the connection is seen.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
