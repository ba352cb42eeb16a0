import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import { configure, getConfig } from '../../core/netkit-config.js';
import { callbackArgs, recordEvents } from '../browser/testing/mock-network.js';
import { createTlsFixtures, type TlsFixtures } from '../../testing/tls-fixtures.js';
import { startTinyproxy } from '../../testing/tinyproxy.js';
import { startUpstreamServer, type UpstreamServer } from '../../testing/upstream-server.js';
import { nextEvent, within } from '../../testing/within.js';
import { webSocket } from '../../entries/node/index.js';

type Client = ReturnType<typeof webSocket.createWebSocket>;
type Recorder = ReturnType<typeof recordEvents>;
type ConnectOptions = Parameters<Client['connect']>[1];

const ALL_EVENTS = ['headerReceive', 'open', 'openInfo', 'message', 'dataEnd', 'error', 'close'];

/** The n-th event of that name, bounded in time. */
function next(events: Recorder, name: string, ms = 5000): Promise<unknown[]> {
  return within(events.next(name), ms, `'${name}'`);
}

async function open(url: string, options?: ConnectOptions, names: readonly string[] = ALL_EVENTS): Promise<{ ws: Client; events: Recorder }> {
  const ws = webSocket.createWebSocket();
  const events = recordEvents(ws, names);
  assert.equal(await (options === undefined ? ws.connect(url) : ws.connect(url, options)), true);
  await next(events, 'open');
  return { ws, events };
}

/** Closes and waits for the close event (every test leaves nothing open behind). */
async function closeAndWait(ws: Client, events: Recorder): Promise<void> {
  await ws.close();
  await next(events, 'close');
}

/** configure() for one test only. */
function configureFor(t: TestContext, change: Parameters<typeof configure>[0]): void {
  const previous = { ...getConfig() };
  configure(change);
  t.after(() => {
    (globalThis as { __OHOS_NETKIT_CONFIG__?: unknown }).__OHOS_NETKIT_CONFIG__ = previous;
  });
}

describe('Node webSocket: a connection as the device makes it', { timeout: 20_000 }, () => {
  let upstream: UpstreamServer;
  before(async () => {
    upstream = await startUpstreamServer();
  });
  after(() => upstream.close());

  it('resolves connect, then headerReceive (real headers), open {101, "Switching Protocols"}, openInfo', async () => {
    const ws = webSocket.createWebSocket();
    const events = recordEvents(ws, ALL_EVENTS);
    const { callback, called } = callbackArgs();
    ws.connect(`${upstream.origin}/cookies`, callback);
    assert.deepEqual(await within(called, 5000, 'connect callback'), [undefined, true]);
    assert.deepEqual(await next(events, 'open'), ['open', undefined, { status: 101, message: 'Switching Protocols' }]);
    assert.deepEqual(await next(events, 'openInfo'), ['openInfo', undefined, { status: 101, message: 'Switching Protocols' }]);
    assert.deepEqual(events.names(), ['headerReceive', 'open', 'openInfo']);
    const [, headers] = (await next(events, 'headerReceive')) as [string, Record<string, string>];
    assert.equal(headers.upgrade, 'websocket');
    assert.match(headers['sec-websocket-accept'] ?? '', /^[A-Za-z0-9+/]{27}=$/);
    assert.equal(headers['set-cookie'], 'a=1, b=2');
    assert.equal(headers['x-twice'], 'one, two');
    await closeAndWait(ws, events);
  });

  it('delivers text as a string and binary as an ArrayBuffer of its own, each followed by dataEnd', async () => {
    const { ws, events } = await open(`${upstream.origin}/echo`);
    await ws.send('héllo ✓');
    assert.deepEqual(await next(events, 'message'), ['message', undefined, 'héllo ✓']);
    const bytes = new Uint8Array([0, 255, 128, 10]);
    await ws.send(bytes.buffer);
    const [, , binary] = await next(events, 'message');
    assert.ok(binary instanceof ArrayBuffer);
    assert.equal(binary.byteLength, 4, 'exactly the message, not a view of a larger pool');
    assert.deepEqual(new Uint8Array(binary), bytes);
    await ws.send('');
    assert.deepEqual(await next(events, 'message'), ['message', undefined, '']);
    // WS §3.3: an empty binary message arrives as undefined.
    await ws.send(new ArrayBuffer(0));
    assert.deepEqual(await next(events, 'message'), ['message', undefined, undefined]);
    await closeAndWait(ws, events);
    assert.deepEqual(
      events.names().filter((name) => name === 'message' || name === 'dataEnd'),
      ['message', 'dataEnd', 'message', 'dataEnd', 'message', 'dataEnd', 'message', 'dataEnd'],
    );
  });

  it('sends what was sent between connect() and open once the handshake is done', async () => {
    const ws = webSocket.createWebSocket();
    const events = recordEvents(ws);
    const connected = ws.connect(`${upstream.origin}/echo`);
    assert.equal(await ws.send('early'), true);
    assert.equal(await connected, true);
    assert.deepEqual(await next(events, 'message'), ['message', undefined, 'early']);
    await closeAndWait(ws, events);
  });

  it('turns invalid UTF-8 in a text message into U+FFFD, as netstack does', async () => {
    const { ws, events } = await open(`${upstream.origin}/bad-utf8`);
    assert.deepEqual(await next(events, 'message'), ['message', undefined, '\uFFFD\uFFFDA']);
    await closeAndWait(ws, events);
  });

  it('sends the header option with lower-cased names, and the device Origin', async () => {
    const { ws, events } = await open(`${upstream.origin}/headers`, { header: { 'X-Custom': 'value', Empty: '' } });
    const [, , text] = await next(events, 'message');
    const { headers, rawHeaders } = JSON.parse(text as string) as { headers: Record<string, string>; rawHeaders: string[] };
    assert.equal(headers['x-custom'], 'value');
    assert.ok(rawHeaders.includes('x-custom'), 'the name goes out lower-cased');
    assert.ok(!('empty' in headers));
    assert.equal(headers.origin, 'http://127.0.0.1');
    assert.ok(!('sec-websocket-extensions' in headers), 'no permessage-deflate offer, as the device');
    await closeAndWait(ws, events);
  });

  it('with supportOriginPort, puts the port in the Origin', async () => {
    const { ws, events } = await open(`${upstream.origin}/headers`, { supportOriginPort: true });
    const [, , text] = await next(events, 'message');
    assert.equal((JSON.parse(text as string) as { headers: Record<string, string> }).headers.origin, `http://127.0.0.1:${upstream.port}`);
    await closeAndWait(ws, events);
  });

  it('offers protocol verbatim and reports the server’s pick in openInfo and headerReceive', async () => {
    const { ws, events } = await open(`${upstream.origin}/protocol?pick=chat.v2`, { protocol: 'chat.v1, chat.v2' });
    assert.deepEqual(await next(events, 'openInfo'), ['openInfo', undefined, { status: 101, message: 'Switching Protocols', protocol: 'chat.v2' }]);
    const [, headers] = (await next(events, 'headerReceive')) as [string, Record<string, string>];
    assert.equal(headers['sec-websocket-protocol'], 'chat.v2');
    await closeAndWait(ws, events);
  });

  it('opens when the server answers no protocol although one was offered (lws accepts it)', async () => {
    const { ws, events } = await open(`${upstream.origin}/protocol?none`, { protocol: 'chat.v1' });
    assert.deepEqual(await next(events, 'openInfo'), ['openInfo', undefined, { status: 101, message: 'Switching Protocols' }]);
    await closeAndWait(ws, events);
  });

  it('fails with error {200, "101"} when the server picks a protocol that was not offered', async () => {
    const ws = webSocket.createWebSocket();
    const events = recordEvents(ws);
    await ws.connect(`${upstream.origin}/protocol?pick=other`, { protocol: 'chat.v1' });
    assert.deepEqual(await next(events, 'error'), ['error', { code: 200, data: '101' }]);
    assert.deepEqual(events.names(), ['error']);
  });

  it('reports a refused upgrade as error {200, "403"} only: no open, no close', async () => {
    const ws = webSocket.createWebSocket();
    const events = recordEvents(ws);
    assert.equal(await ws.connect(`${upstream.origin}/refuse?status=403`), true);
    assert.deepEqual(await next(events, 'error'), ['error', { code: 200, data: '403' }]);
    // The connection is over: a new connect() on the same object is allowed (WS §4).
    assert.equal(await ws.connect(`${upstream.origin}/echo`), true);
    await next(events, 'open');
    await closeAndWait(ws, events);
    assert.deepEqual(events.names(), ['error', 'open', 'openInfo', 'close']);
  });

  it('connects without a single warning, whatever device option is used', async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    const { ws, events } = await open(`${upstream.origin}/echo`, {
      header: { 'x-a': 'b' },
      pingInterval: 10,
      pongTimeout: 5,
      skipServerCertVerification: true,
      minSupportTlsProtocol: webSocket.TlsProtocol.TLS_V_1_2,
      supportOriginPort: true,
      proxy: 'no-proxy',
    });
    await closeAndWait(ws, events);
    assert.equal(warn.mock.callCount(), 0);
  });

  it('warns once where it cannot do what the device does: a user Host header is not sent twice', async (t) => {
    const warn = t.mock.method(console, 'warn', () => {});
    for (let round = 0; round < 2; round += 1) {
      const { ws, events } = await open(`${upstream.origin}/headers`, { header: { Host: 'evil.example' } });
      const [, , text] = await next(events, 'message');
      assert.equal((JSON.parse(text as string) as { headers: Record<string, string> }).headers.host, `127.0.0.1:${upstream.port}`);
      await closeAndWait(ws, events);
    }
    assert.deepEqual(
      warn.mock.calls.map((call) => call.arguments),
      [['[ohos-netkit] reserved handshake headers not sent: host']],
    );
  });
});

describe('Node webSocket: endings as the device reports them', { timeout: 20_000 }, () => {
  let upstream: UpstreamServer;
  before(async () => {
    upstream = await startUpstreamServer();
  });
  after(() => upstream.close());

  it('puts every close code 1000–1015 on the wire as it is, and reports the app’s own code and reason', async () => {
    for (let code = 1000; code <= 1015; code += 1) {
      const { ws, events } = await open(`${upstream.origin}/raw-close`, undefined);
      const onWire = nextEvent<[{ code: number | undefined; reason: string }]>(upstream, 'raw-close');
      assert.equal(await ws.close({ code, reason: `bye ${code}` }), true);
      assert.deepEqual((await onWire)[0], { code, reason: `bye ${code}` });
      assert.deepEqual(await next(events, 'close'), ['close', undefined, { code, reason: `bye ${code}` }]);
      assert.ok(!events.names().includes('error'), `no error for ${code}`);
    }
  });

  it('cuts the reason at 123 bytes on the wire and reports it whole (WS §4)', async () => {
    const { ws, events } = await open(`${upstream.origin}/raw-close`);
    const onWire = nextEvent<[{ code: number | undefined; reason: string }]>(upstream, 'raw-close');
    const reason = 'r'.repeat(200);
    await ws.close({ code: 1000, reason });
    assert.equal((await onWire)[0].reason, 'r'.repeat(123));
    assert.deepEqual(await next(events, 'close'), ['close', undefined, { code: 1000, reason }]);
  });

  const serverEndings: Array<[string, string, unknown[][]]> = [
    ['a close frame with code and reason', '/close?code=4001&reason=bye', [['close', undefined, { code: 4001, reason: 'bye' }]]],
    ['a close frame with an empty reason', '/close?code=1001', [['close', undefined, { code: 1001, reason: 'The link is down' }]]],
    ['a close frame without a status', '/close', [['close', undefined, { code: 1000, reason: 'The link is down' }]]],
    ['a close frame with a code lws rewrites to 1002', '/close-raw?code=1004', [['close', undefined, { code: 1002, reason: 'The link is down' }]]],
    [
      'a drop without a close frame',
      '/drop?now',
      [
        ['error', { code: 200, data: '0' }],
        ['close', undefined, { code: 0, reason: 'The link is down' }],
      ],
    ],
  ];
  for (const [name, path, expected] of serverEndings) {
    it(`reports ${name} as the device does`, async () => {
      const ws = webSocket.createWebSocket();
      const events = recordEvents(ws);
      await ws.connect(`${upstream.origin}${path}`);
      await next(events, 'close');
      assert.deepEqual(events.events.slice(2), expected);
      // WS §4: after the peer's end, send fails with -1.
      await assert.rejects(ws.send('late') as Promise<boolean>, { code: -1 });
    });
  }

  it('a close() before the handshake finishes reports the app’s own close, no error', async () => {
    const ws = webSocket.createWebSocket();
    const events = recordEvents(ws);
    assert.equal(await ws.connect(`${upstream.origin}/echo`), true);
    assert.equal(await ws.close({ code: 1001, reason: 'changed my mind' }), true);
    assert.deepEqual(await next(events, 'close'), ['close', undefined, { code: 1001, reason: 'changed my mind' }]);
    assert.deepEqual(events.names(), ['close']);
  });

  it('drops a connection whose pongs stop: error {200, "0"}, then close {0, "The link is down"}', async () => {
    const { events } = await open(`${upstream.origin}/no-pong`, { pingInterval: 1, pongTimeout: 1 });
    const started = Date.now();
    assert.deepEqual(await next(events, 'close', 6000), ['close', undefined, { code: 0, reason: 'The link is down' }]);
    assert.deepEqual(events.events.slice(-2, -1), [['error', { code: 200, data: '0' }]]);
    // lws pings after pingInterval and hangs up pongTimeout later.
    assert.ok(Date.now() - started >= 1900, `dropped after ${Date.now() - started} ms`);
  });

  it('keeps a connection whose pongs come, past pingInterval + pongTimeout', async () => {
    const serverSide = nextEvent<[WebSocket, IncomingMessage]>(upstream, 'connection');
    const { ws, events } = await open(`${upstream.origin}/echo`, { pingInterval: 1, pongTimeout: 1 });
    const [server] = await serverSide;
    // The second ping comes after pingInterval + pongTimeout: the first pong kept the connection.
    await nextEvent(server, 'ping', 3000);
    await nextEvent(server, 'ping', 3000);
    assert.deepEqual(events.names(), ['headerReceive', 'open', 'openInfo']);
    await closeAndWait(ws, events);
  });
});

describe('Node webSocket: files, TLS and proxies', { timeout: 20_000 }, () => {
  let fixtures: TlsFixtures;
  let selfSigned: UpstreamServer;
  let signed: UpstreamServer;
  let expired: UpstreamServer;
  let mutual: UpstreamServer;
  let wrongHost: UpstreamServer;
  before(async () => {
    fixtures = await createTlsFixtures();
    [selfSigned, signed, expired, mutual, wrongHost] = await Promise.all([
      startUpstreamServer({ tls: { cert: fixtures.selfSigned.cert, key: fixtures.selfSigned.key } }),
      startUpstreamServer({ tls: { cert: fixtures.server.cert, key: fixtures.server.key } }),
      startUpstreamServer({ tls: { cert: fixtures.expired.cert, key: fixtures.expired.key } }),
      startUpstreamServer({
        tls: { cert: fixtures.server.cert, key: fixtures.server.key, ca: fixtures.ca.cert, requestCert: true, rejectUnauthorized: true },
      }),
      startUpstreamServer({ tls: { cert: fixtures.wrongHost.cert, key: fixtures.wrongHost.key } }),
    ]);
  });
  after(async () => {
    await Promise.all([selfSigned, signed, expired, mutual, wrongHost].map((server) => server?.close()));
    await fixtures?.dispose();
  });

  async function outcome(url: string, options: ConnectOptions = {}): Promise<string> {
    const ws = webSocket.createWebSocket();
    const events = recordEvents(ws);
    await ws.connect(url, options);
    const first = new Promise<unknown[]>((resolve) => {
      void events.next('open').then(resolve);
      void events.next('error').then(resolve);
    });
    const [name, detail] = await within(first, 5000, 'open or error');
    if (name === 'error') return `error ${(detail as { data: string }).data}`;
    await ws.send('secure');
    assert.deepEqual(await next(events, 'message'), ['message', undefined, 'secure']);
    await closeAndWait(ws, events);
    return 'open';
  }

  it('rejects connect with 2302002 when caPath does not exist, for ws:// too', async () => {
    const ws = webSocket.createWebSocket();
    const events = recordEvents(ws);
    await assert.rejects(ws.connect('ws://127.0.0.1:9/', { caPath: 'no/such/ca.pem' }) as Promise<boolean>, (error) => {
      assert.ok(!(error instanceof Error), 'a plain object, as on the device');
      assert.equal(JSON.stringify(error), '{"code":2302002,"message":"Websocket certificate file does not exist"}');
      return true;
    });
    await assert.rejects(
      ws.connect('ws://127.0.0.1:9/', { clientCert: { certPath: fixtures.client.certPath, keyPath: 'missing.key' } }) as Promise<boolean>,
      {
        code: 2302002,
      },
    );
    assert.deepEqual(events.names(), []);
  });

  it('rejects connect with 401 for a header that would inject another one', async () => {
    const ws = webSocket.createWebSocket();
    await assert.rejects(ws.connect('ws://127.0.0.1:9/', { header: { 'x-inject': 'a\r\nX-Evil: 1' } }) as Promise<boolean>, { code: 401 });
  });

  it('accepts a self-signed certificate by default (LCCSCF_ALLOW_SELFSIGNED)', async () => {
    assert.equal(await outcome(`${selfSigned.origin}/echo`), 'open');
  });

  it('refuses a certificate from an unknown CA unless caPath names it or skipServerCertVerification', async () => {
    assert.equal(await outcome(`${signed.origin}/echo`), 'error 0');
    assert.equal(await outcome(`${signed.origin}/echo`, { caPath: fixtures.ca.certPath }), 'open');
    assert.equal(await outcome(`${signed.origin}/echo`, { skipServerCertVerification: true }), 'open');
  });

  it('does not check the host name (LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK)', async () => {
    assert.equal(await outcome(`${wrongHost.origin}/echo`, { caPath: fixtures.ca.certPath }), 'open');
  });

  it('refuses an expired certificate unless skipServerCertVerification', async () => {
    assert.equal(await outcome(`${expired.origin}/echo`), 'error 0');
    assert.equal(await outcome(`${expired.origin}/echo`, { skipServerCertVerification: true }), 'open');
  });

  it('reads caPath and clientCert from the working directory, or from filesDir when configured', async (t) => {
    const clientCert = { certPath: 'client.pem', keyPath: 'client.key', keyPassword: fixtures.clientKeyPassword };
    assert.equal(await outcome(`${mutual.origin}/echo`, { caPath: fixtures.ca.certPath }), 'error 0', 'the server wants a client certificate');
    const cwd = process.cwd();
    process.chdir(fixtures.dir);
    try {
      assert.equal(await outcome(`${mutual.origin}/echo`, { caPath: 'ca.pem', clientCert }), 'open');
    } finally {
      process.chdir(cwd);
    }
    await assert.rejects(webSocket.createWebSocket().connect(`${mutual.origin}/echo`, { clientCert }) as Promise<boolean>, { code: 2302002 });
    configureFor(t, { filesDir: fixtures.dir });
    assert.equal(await outcome(`${mutual.origin}/echo`, { caPath: 'ca.pem', clientCert }), 'open');
    assert.equal(
      await outcome(`${mutual.origin}/echo`, { caPath: fixtures.ca.certPath, clientCert: { ...clientCert, certPath: fixtures.client.certPath } }),
      'open',
      'absolute paths as they are',
    );
  });

  it('tunnels through the proxy option with HTTP CONNECT', async () => {
    const proxy = await startTinyproxy();
    try {
      assert.equal(await outcome(`${selfSigned.origin}/echo`, { proxy: { host: proxy.host, port: proxy.port, exclusionList: [] } }), 'open');
      assert.deepEqual(proxy.connects, [`127.0.0.1:${selfSigned.port}`]);
    } finally {
      await proxy.close();
    }
  });
});
