import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { MAX_CONTROL_MESSAGE_BYTES, RELAY_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/relay-protocol.js';
import { createRelay } from './create-relay.js';
import { startRelay, type RelayServer } from './start-relay.js';
import { startLoopbackRelay } from './testing/loopback-relay.js';
import { CaptureLogger } from './testing/capture-logger.js';
import { LegRefused, openLeg, RelayTestClient } from './testing/relay-client.js';
import { useRelayWorld } from './testing/relay-world.js';
import { startUpstreamServer, type UpstreamServer } from './testing/upstream-server.js';
import { nextEvent, within } from './testing/within.js';

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
  assert.deepEqual((await client.handshake()).map((reply) => reply.op), ['accepted', 'opened']);
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
    ['a wrong op', JSON.stringify({ op: 'listen', url: 'ws://127.0.0.1/', options: {} }), false],
    ['a missing url', JSON.stringify({ op: 'connect', options: {} }), false],
    ['missing options', JSON.stringify({ op: 'connect', url: 'ws://127.0.0.1/' }), false],
    ['an option of the wrong type', JSON.stringify({ op: 'connect', url: 'ws://127.0.0.1/', options: { proxy: 7 } }), false],
    ['a JSON array', '[1,2,3]', false],
    ['an oversized message', JSON.stringify({ op: 'connect', url: 'ws://127.0.0.1/', options: { pad: 'x'.repeat(MAX_CONTROL_MESSAGE_BYTES) } }), false],
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

  it('closes a leg with 1008 when no connect request comes in time', async () => {
    const client = new RelayTestClient(await openLeg(world.relay));
    assert.equal((await within(client.closed, 5000, 'leg close')).code, 1008);
    assert.ok(logger.matching('no connect request within 500 ms').length > 0);
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

  it('is AsyncDisposable: `await using` closes it', async () => {
    let port: number;
    {
      await using relay = await startLoopbackRelay({ logger: new CaptureLogger() });
      port = relay.port;
      (await openLeg(relay)).close();
    }
    await assert.rejects(openLeg({ url: `ws://127.0.0.1:${port}/ohos-netkit-relay`, token: 'x'.repeat(64) }));
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
    const relay = createRelay({ logger: new CaptureLogger(), path: '/relay' });
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
