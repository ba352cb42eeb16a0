import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { MAX_REQUEST_BYTES, RELAY_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/relay-protocol.js';
import { createRelay } from '../entries/relay/compose-relay.js';
import { startRelay, type RelayServer } from '../entries/relay/compose-relay.js';
import { startLoopbackRelay } from '../entries/relay/testing/loopback-relay.js';
import { CaptureLogger } from './testing/capture-logger.js';
import { LegRefused, openLeg } from './testing/open-leg.js';
import { RelayTestClient } from '../web-socket/relay/testing/relay-client.js';
import { useRelayWorld } from '../web-socket/relay/testing/relay-world.js';
import { startUpstreamServer, type UpstreamServer } from '../testing/upstream-server.js';
import { nextEvent, within } from '../testing/within.js';

async function refusal(promise: Promise<unknown>): Promise<number> {
  const error = await promise.then(
    () => assert.fail('the relay accepted the leg'),
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof LegRefused, String(error));
  return error.status;
}

/** A relay that still works: a fresh connection echoes. */
async function assertServes(relay: RelayServer, upstream: UpstreamServer): Promise<void> {
  const client = await RelayTestClient.connect(relay, `${upstream.origin}/echo`);
  assert.deepEqual(
    (await client.handshake()).map((reply) => reply.op),
    ['accepted', 'opened'],
  );
  client.leg.send('still here');
  assert.equal((await client.nextData()).data.toString(), 'still here');
  client.leg.close(1000);
  await within(client.closed, 5000, 'leg close');
}

describe('startRelay: handshake security', { timeout: 30_000 }, () => {
  const world = useRelayWorld();
  const { logger } = world;

  it('listens on 127.0.0.1 by default, on a free port, with a 256-bit hex token', () => {
    assert.equal(world.relay.host, '127.0.0.1');
    assert.equal(world.relay.url, `ws://127.0.0.1:${world.relay.port}/ohos-netkit-relay`);
    assert.match(world.relay.token, /^[0-9a-f]{64}$/);
  });

  it('accepts a leg with the token, answering with the protocol version only', async () => {
    const leg = await openLeg(world.relay);
    assert.equal(leg.protocol, RELAY_SUBPROTOCOL);
    leg.close();
  });

  it('refuses a leg without a token with 401 and logs why', async () => {
    assert.equal(await refusal(openLeg(world.relay, { token: null })), 401);
    assert.ok(logger.matching('no token').length > 0);
  });

  it('refuses a wrong token with 401 (also one of another length)', async () => {
    assert.equal(await refusal(openLeg(world.relay, { token: 'f'.repeat(64) })), 401);
    assert.equal(await refusal(openLeg(world.relay, { token: 'short' })), 401);
    assert.ok(logger.matching('wrong token').length >= 2);
  });

  it('requires the token from non-browser clients too (no Origin)', async () => {
    assert.equal(await refusal(openLeg(world.relay, { token: null })), 401);
  });

  it('refuses a foreign Origin with 403 and allows loopback pages on any port', async () => {
    assert.equal(await refusal(openLeg(world.relay, { origin: 'http://evil.example' })), 403);
    assert.equal(await refusal(openLeg(world.relay, { origin: 'http://localhost.evil.example:5173' })), 403);
    assert.equal(await refusal(openLeg(world.relay, { origin: 'null' })), 403);
    assert.ok(logger.matching('Origin "http://evil.example" is not allowed').length > 0);
    for (const origin of ['http://localhost:5173', 'https://127.0.0.1:8443', 'http://[::1]:3000']) (await openLeg(world.relay, { origin })).close();
  });

  it('refuses a foreign Host with 403 (DNS rebinding), and the right name on another port', async () => {
    assert.equal(await refusal(openLeg(world.relay, { host: `evil.example:${world.relay.port}` })), 403);
    assert.equal(await refusal(openLeg(world.relay, { host: `localhost:${world.relay.port + 1}` })), 403);
    assert.ok(logger.matching('Host "evil.example').length > 0);
    (await openLeg(world.relay, { host: `localhost:${world.relay.port}` })).close();
  });

  it('refuses a client that does not speak this protocol version with 400', async () => {
    assert.equal(await refusal(openLeg(world.relay, { protocols: [`${TOKEN_PROTOCOL_PREFIX}${world.relay.token}`] })), 400);
  });

  it('answers 404 on other paths and 426 / 403 to plain HTTP', async () => {
    const other = new URL(world.relay.url);
    other.pathname = '/elsewhere';
    assert.equal(await refusal(openLeg({ url: other.href, token: world.relay.token })), 404);
    const get = (headers: Record<string, string>): Promise<number> =>
      new Promise((resolve, reject) => {
        const request = httpRequest({ host: '127.0.0.1', port: world.relay.port, path: world.relay.path, headers }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end();
      });
    assert.equal(await get({}), 426);
    assert.equal(await get({ host: 'evil.example' }), 403);
  });

  it('survives garbage instead of an HTTP request and keeps serving', async () => {
    const socket = netConnect(world.relay.port, '127.0.0.1');
    socket.on('error', () => {});
    await nextEvent(socket, 'connect');
    socket.end('GET /ohos-netkit-relay HTTP/1.1\r\nHost: \x00\x01\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\xff\xfe');
    await nextEvent(socket, 'close');
    await assertServes(world.relay, world.upstream);
  });

  it('never logs the token', () => {
    assert.ok(logger.lines.length > 0);
    assert.deepEqual(logger.matching(world.relay.token), []);
  });
});

describe('startRelay: the connect request', { timeout: 30_000 }, () => {
  const world = useRelayWorld({ handshakeTimeoutMs: 500 });
  const { logger } = world;

  const cases: Array<[string, string | Buffer, boolean]> = [
    ['a non-JSON text', 'connect please', false],
    ['a binary frame', Buffer.from(JSON.stringify({ op: 'connect', url: 'ws://127.0.0.1/', options: {} })), true],
    ['an op no operation answers', JSON.stringify({ op: 'teleport', url: 'ws://127.0.0.1/', options: {} }), false],
    ['no op', JSON.stringify({ url: 'ws://127.0.0.1/', options: {} }), false],
    ['a missing url', JSON.stringify({ op: 'connect', options: {} }), false],
    ['missing options', JSON.stringify({ op: 'connect', url: 'ws://127.0.0.1/' }), false],
    ['an option of the wrong type', JSON.stringify({ op: 'connect', url: 'ws://127.0.0.1/', options: { proxy: 7 } }), false],
    ['a JSON array', '[1,2,3]', false],
    ['an oversized message', JSON.stringify({ op: 'connect', url: 'ws://127.0.0.1/', options: { pad: 'x'.repeat(MAX_REQUEST_BYTES) } }), false],
  ];
  for (const [name, message, binary] of cases) {
    it(`closes the leg with 1008 on ${name}, and serves others afterwards`, async () => {
      const client = new RelayTestClient(await openLeg(world.relay));
      client.leg.send(message, { binary });
      const { code, reason } = await within(client.closed, 5000, 'leg close');
      assert.equal(code, 1008);
      assert.ok(reason.length > 0, 'a clear reason');
      await assertServes(world.relay, world.upstream);
    });
  }

  it('refuses a connect request over the limit at its first header, with 1008 and a reason, without reading it', async () => {
    const leg = await openLeg(world.relay);
    const closed = nextEvent<[number, Buffer]>(leg, 'close');
    // A masked text frame announcing 6 MiB, then only a little of it: the relay must not wait for (or buffer) the rest.
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeUInt32BE(0, 2);
    header.writeUInt32BE(6 * 1024 * 1024, 6);
    const raw = (leg as unknown as { _socket: import('node:net').Socket })._socket;
    raw.write(Buffer.concat([header, Buffer.alloc(4096, 0x20)]));
    const [code, reason] = await closed;
    assert.equal(code, 1008);
    assert.equal(reason.toString(), `request exceeds ${MAX_REQUEST_BYTES} bytes`);
    await assertServes(world.relay, world.upstream);
  });

  for (const host of ['a b', '[::1', 'host:80', 'http://x']) {
    it(`answers a proxy host that is no host (${JSON.stringify(host)}) with 401, as bad input, not a relay fault`, async () => {
      const client = await RelayTestClient.connect(world.relay, `${world.upstream.origin}/echo`, { proxy: { host, port: 8080, exclusionList: [] } });
      assert.deepEqual(await client.nextReply(), { op: 'rejected', code: 401, message: 'Parameter error' });
      assert.equal(logger.matching('internal error').length, 0, logger.lines.join('\n'));
    });
  }

  it('closes a leg with 1008 when no connect request comes in time', async () => {
    const client = new RelayTestClient(await openLeg(world.relay));
    assert.equal((await within(client.closed, 5000, 'leg close')).code, 1008);
    assert.ok(logger.matching('no request within 500 ms').length > 0);
  });
});

describe('startRelay: limits and lifecycle', { timeout: 30_000 }, () => {
  it('refuses legs beyond maxConnections with 503', async () => {
    const relay = await startLoopbackRelay({ logger: new CaptureLogger(), maxConnections: 2 });
    try {
      const legs = [await openLeg(relay), await openLeg(relay)];
      assert.equal(await refusal(openLeg(relay)), 503);
      for (const leg of legs) leg.close();
    } finally {
      await relay.close();
    }
  });

  it('close() ends every leg and upstream connection, leaving no socket behind', async () => {
    const upstream = await startUpstreamServer();
    const relay = await startLoopbackRelay({ logger: new CaptureLogger() });
    try {
      const clients = await Promise.all([1, 2, 3].map(() => RelayTestClient.connect(relay, `${upstream.origin}/echo`)));
      for (const client of clients) assert.equal((await client.handshake()).at(-1)?.op, 'opened');
      assert.equal(upstream.openSockets, 3);
      assert.equal(relay.connections.length, 3);
      await relay.close();
      for (const client of clients) assert.equal((await within(client.closed, 5000, 'leg close')).code, 1006);
      await within(upstream.whenNoSockets(), 5000, 'upstream sockets to close');
      assert.equal(relay.connections.length, 0);
      await assert.rejects(openLeg(relay));
    } finally {
      await relay.close();
      await upstream.close();
    }
  });

  it('mounted with handleUpgrade() alone (as the Vite plugin does), it learns its port from its own upgrades and refuses it as a target', async () => {
    const devServer = createServer();
    const relay = createRelay({ logger: new CaptureLogger() });
    devServer.on('upgrade', (request, socket, head) => relay.handleUpgrade(request, socket, head));
    await new Promise<void>((resolve) => devServer.listen(0, '127.0.0.1', resolve));
    try {
      const port = (devServer.address() as AddressInfo).port;
      const loop = await RelayTestClient.connect(
        { url: `ws://127.0.0.1:${port}${relay.path}`, token: relay.token },
        `ws://localhost:${port}${relay.path}`,
      );
      assert.deepEqual(await loop.nextReply(), { op: 'rejected', code: 2302998, message: 'It is not allowed to access this domain' });
    } finally {
      await relay.close();
      await new Promise<void>((resolve) => {
        devServer.close(() => resolve());
        devServer.closeAllConnections();
      });
    }
  });

  it('is AsyncDisposable: `await using` closes it', async () => {
    let port: number;
    {
      await using relay = await startLoopbackRelay({ logger: new CaptureLogger() });
      port = relay.port;
      (await openLeg(relay)).close();
    }
    await assert.rejects(openLeg({ url: `ws://127.0.0.1:${port}/ohos-netkit-relay`, token: 'x'.repeat(64) }));
  });

  it("closes sockets that send half an upgrade and stop, within handshakeTimeoutMs (not Node's 30 s check)", async () => {
    const logger = new CaptureLogger();
    const relay = await startLoopbackRelay({ logger, handshakeTimeoutMs: 1500, maxPendingUpgrades: 256 });
    try {
      const started = performance.now();
      const sockets = await Promise.all(
        Array.from({ length: 200 }, async () => {
          const socket = netConnect(relay.port, '127.0.0.1');
          socket.on('error', () => {});
          await nextEvent(socket, 'connect');
          socket.write(`GET ${relay.path} HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\nUpgrade: websocket\r\n`);
          return socket;
        }),
      );
      await within(
        Promise.all(sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve)))),
        6000,
        'the relay to close 200 slow sockets',
      );
      const took = performance.now() - started;
      assert.ok(took < 4000, `took ${Math.round(took)} ms`);
      assert.ok(logger.matching('no complete upgrade request within 1500 ms').length > 0);
      // And the relay still works.
      const upstream = await startUpstreamServer();
      try {
        await assertServes(relay, upstream);
      } finally {
        await upstream.close();
      }
    } finally {
      await relay.close();
    }
  });

  it('caps sockets waiting for their upgrade: past maxPendingUpgrades a new one is answered 503 and closed at once', async () => {
    const logger = new CaptureLogger();
    const relay = await startLoopbackRelay({ logger, maxPendingUpgrades: 8 });
    const idle = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const socket = netConnect(relay.port, '127.0.0.1');
        socket.on('error', () => {});
        await nextEvent(socket, 'connect');
        return socket;
      }),
    );
    try {
      // The relay counts a socket once it has accepted it: wait until all eight are in.
      await within(
        (async () => {
          while (logger.matching('waiting for their upgrade already').length === 0) {
            const extra = netConnect(relay.port, '127.0.0.1');
            extra.on('error', () => {});
            // It reads the answer it gets (a refusal it can read, not a bare hang-up), which lets it see the end.
            let answer = '';
            extra.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
            await nextEvent(extra, 'close');
            assert.match(answer, /^HTTP\/1\.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\n/);
          }
        })(),
        5000,
        'a socket past the cap to be closed',
      );
      // Once the waiting ones go, there is room again.
      for (const socket of idle) socket.destroy();
      await within(
        (async () => {
          for (;;) {
            try {
              const leg = await openLeg(relay);
              leg.close();
              return;
            } catch {
              // Still counted as waiting: the relay has not seen those sockets close yet.
            }
          }
        })(),
        5000,
        'a leg once the waiting sockets are gone',
      );
    } finally {
      for (const socket of idle) socket.destroy();
      await relay.close();
    }
  });

  it('checks its options: a short token is refused', async () => {
    await assert.rejects(startRelay({ token: 'abc' }), { code: 'RELAY_ERR_BAD_OPTIONS' });
    await assert.rejects(startRelay({ path: 'no-slash' }), { code: 'RELAY_ERR_BAD_OPTIONS' });
  });

  it('mounts on another HTTP server with attach(), leaving its other upgrades alone', async () => {
    const upstream = await startUpstreamServer();
    const devServer = createServer();
    const otherUpgrades: string[] = [];
    devServer.on('upgrade', (request, socket) => {
      if (request.url === '/hmr') {
        otherUpgrades.push(request.url);
        socket.destroy();
      }
    });
    await new Promise<void>((resolve) => devServer.listen(0, '127.0.0.1', resolve));
    const logger = new CaptureLogger();
    const relay = createRelay({ logger, path: '/relay' });
    relay.attach(devServer);
    try {
      const port = (devServer.address() as AddressInfo).port;
      const client = await RelayTestClient.connect({ url: `ws://127.0.0.1:${port}/relay`, token: relay.token }, `${upstream.origin}/echo`);
      assert.equal((await client.handshake()).at(-1)?.op, 'opened');
      client.leg.send(Buffer.from([1, 2, 3]), { binary: true });
      const echoed = await client.nextData();
      assert.deepEqual([...echoed.data], [1, 2, 3]);
      assert.equal(echoed.isBinary, true);
      const hmr = new WebSocket(`ws://127.0.0.1:${port}/hmr`);
      hmr.on('error', () => {});
      await nextEvent(hmr, 'close');
      assert.deepEqual(otherUpgrades, ['/hmr']);
      // The relay knows it answers on the dev server's port: a page cannot make it open legs to itself.
      for (const target of [`ws://127.0.0.1:${port}/relay`, `ws://localhost:${port}/relay`, `ws://[::ffff:127.0.0.1]:${port}/`]) {
        const loop = await RelayTestClient.connect({ url: `ws://127.0.0.1:${port}/relay`, token: relay.token }, target);
        assert.deepEqual(await loop.nextReply(), { op: 'rejected', code: 2302998, message: 'It is not allowed to access this domain' }, target);
      }
    } finally {
      await relay.close();
      await new Promise<void>((resolve) => {
        devServer.close(() => resolve());
        devServer.closeAllConnections();
      });
      await upstream.close();
    }
  });
});
