import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OUTBOUND_POLICY_REFUSAL } from '../../protocol/relay-protocol.js';
import { type ConnectOptions } from '../core/request-options.js';
import type { RelayOptions } from '../../entries/relay/compose-relay.js';
import { startRelayWith, type RelayServer } from '../../entries/relay/compose-relay.js';
import { CaptureLogger } from '../../relay/testing/capture-logger.js';
import { guardConnects, type ConnectGuard } from '../../testing/connect-guard.js';
import { startConnectProxy, type ConnectProxy } from '../../testing/connect-proxy.js';
import { RelayTestClient } from './testing/relay-client.js';
import { startUpstreamServer, type UpstreamServer } from '../../testing/upstream-server.js';
import { within } from '../../testing/within.js';

/** A listener that counts the connections it gets: a refused target, on loopback, that must get none. */
interface Trap {
  readonly connections: number;
  close(): Promise<void>;
}

async function listenTrap(server: Server, listen: (done: () => void) => void): Promise<Trap> {
  let connections = 0;
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => listen(resolve));
  return {
    get connections() {
      return connections;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// WS §3.4: the device follows redirects of the upgrade; the relay does too, and checks
// every hop before it sends anything there. Each case makes an allowed upstream
// redirect the relay to a refused place, for real: the test process refuses every
// connect off loopback (guardConnects) and a trap listens where the refused target is,
// so a broken policy fails the test instead of sending a packet.
describe('redirects of the upgrade meet the outbound policy before any traffic', { timeout: 60_000 }, () => {
  const logger = new CaptureLogger();
  let guard: ConnectGuard;
  let upstream: UpstreamServer;
  let trap: Trap;
  let trapPort: number;
  let unixDir: string;
  let unixTrap: Trap;
  let unixPath: string;
  let proxy: ConnectProxy;
  const relays: RelayServer[] = [];

  before(async () => {
    guard = guardConnects();
    upstream = await startUpstreamServer();
    const trapServer = createServer();
    trap = await listenTrap(trapServer, (done) => trapServer.listen(0, '127.0.0.1', done));
    trapPort = (trapServer.address() as AddressInfo).port;
    unixDir = await mkdtemp(join(tmpdir(), 'ohos-netkit-unix-'));
    unixPath = join(unixDir, 'trap.sock');
    const unixServer = createServer();
    unixTrap = await listenTrap(unixServer, (done) => unixServer.listen(unixPath, done));
    proxy = await startConnectProxy();
  });
  after(async () => {
    await Promise.all(relays.map((relay) => relay.close()));
    await Promise.all([upstream.close(), trap.close(), unixTrap.close(), proxy.close()]);
    await rm(unixDir, { recursive: true, force: true });
    guard.restore();
  });

  async function relayWith(options: Omit<RelayOptions, 'logger'>): Promise<RelayServer> {
    const relay = await startRelayWith({ ...options, logger });
    relays.push(relay);
    return relay;
  }

  /**
   * Asks `relay` for upstream's /redirect to `location` and expects the device's
   * answer for a connection that never opens (accepted, then failed "0"), with the
   * refusal logged and no connect attempt but the leg's and upstream's own.
   */
  async function refusedRedirect(relay: RelayServer, location: string, refusal: string, options: ConnectOptions = {}): Promise<string[]> {
    const mark = guard.attempts.length;
    const logged = logger.lines.length;
    const client = await RelayTestClient.connect(relay, `${upstream.origin}/redirect?to=${encodeURIComponent(location)}`, options);
    assert.deepEqual(await client.handshake(), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
    await within(client.closed, 5000, 'leg close');
    const lines = logger.lines.slice(logged);
    assert.ok(
      lines.some((line) => line.includes('redirect refused') && line.includes(refusal)),
      `expected "redirect refused … ${refusal}" in:\n${lines.join('\n')}`,
    );
    const attempts = guard.since(mark);
    // The test's own leg, then upstream (the proxy's tunnel to it runs in this process too).
    const expected =
      options.proxy === undefined
        ? [`127.0.0.1:${relay.port}`, `127.0.0.1:${upstream.port}`]
        : [`127.0.0.1:${relay.port}`, `127.0.0.1:${proxy.port}`, `127.0.0.1:${upstream.port}`];
    assert.deepEqual(attempts, expected, 'no connect but the leg and the allowed upstream');
    // Where the server pointed is the relay's to know: the page hears only that the policy refused it.
    const byPolicy = !refusal.startsWith('redirect to a ');
    assert.deepEqual(client.whys, [byPolicy ? `a redirect of the upgrade was ${OUTBOUND_POLICY_REFUSAL}` : `redirect refused: ${refusal}`]);
    return attempts;
  }

  it('refuses a redirect to a port outside allowHosts: nothing connects to it', async () => {
    const relay = await relayWith({ outbound: { allowHosts: [`127.0.0.1:${upstream.port}`] } });
    await refusedRedirect(relay, `ws://127.0.0.1:${trapPort}/`, `127.0.0.1:${trapPort} is not in the allowed targets`);
    assert.equal(trap.connections, 0);
  });

  it('refuses a redirect to a name outside allowHosts before any DNS or traffic', async () => {
    const relay = await relayWith({ outbound: { allowHosts: [`127.0.0.1:${upstream.port}`] } });
    await refusedRedirect(relay, `ws://localhost:${trapPort}/`, `localhost:${trapPort} is not in the allowed targets`);
    assert.equal(trap.connections, 0);
  });

  it('refuses a redirect to the cloud metadata address, in every spelling', async () => {
    const relay = await relayWith({});
    for (const host of ['169.254.169.254', '[::ffff:169.254.169.254]', '[64:ff9b::a9fe:a9fe]', '[2002:a9fe:a9fe::1]', '100.100.100.200']) {
      await refusedRedirect(relay, `ws://${host}/latest/meta-data`, 'link-local, cloud-metadata');
    }
  });

  it('refuses a redirect off loopback under allowLoopbackOnly', async () => {
    const relay = await relayWith({ outbound: { allowLoopbackOnly: true } });
    await refusedRedirect(relay, 'ws://10.1.2.3:8080/', '10.1.2.3 is not a loopback address');
  });

  it('refuses a ws+unix: location: no unix socket is connected', async () => {
    const relay = await relayWith({});
    await refusedRedirect(relay, `ws+unix:${unixPath}:/`, 'redirect to a ws+unix: URL');
    assert.equal(unixTrap.connections, 0);
    assert.ok(!guard.attempts.some((attempt) => attempt.startsWith('unix:')), guard.attempts.join(', '));
  });

  it('refuses a location that is not ws: or wss:', async () => {
    const relay = await relayWith({});
    for (const location of [`http://127.0.0.1:${trapPort}/`, `file:///etc/passwd`, `ftp://127.0.0.1:${trapPort}/`]) {
      await refusedRedirect(relay, location, `redirect to a ${new URL(location).protocol} URL`);
    }
    assert.equal(trap.connections, 0);
  });

  it('refuses a redirect to the relay itself, by address and by name', async () => {
    const relay = await relayWith({});
    await refusedRedirect(relay, `ws://127.0.0.1:${relay.port}/ohos-netkit-relay`, `127.0.0.1:${relay.port} is the relay itself`);
    await refusedRedirect(relay, `ws://localhost:${relay.port}/ohos-netkit-relay`, 'is the relay itself');
  });

  it('through a page-chosen proxy: no CONNECT for the refused target is ever sent', async () => {
    const relay = await relayWith({ outbound: { allowHosts: [`127.0.0.1:${upstream.port}`, `127.0.0.1:${proxy.port}`] } });
    const requestsBefore = proxy.requests.length;
    await refusedRedirect(relay, `ws://127.0.0.1:${trapPort}/`, `127.0.0.1:${trapPort} is not in the allowed targets`, {
      proxy: { host: '127.0.0.1', port: proxy.port, exclusionList: [] },
    });
    assert.deepEqual(proxy.requests.slice(requestsBefore), [`127.0.0.1:${upstream.port}`]);
    assert.equal(trap.connections, 0);
  });

  it('follows an allowed redirect through the proxy, with a CONNECT for the new target', async () => {
    const target = await startUpstreamServer();
    try {
      const relay = await relayWith({ outbound: { allowLoopbackOnly: true } });
      const requestsBefore = proxy.requests.length;
      const client = await RelayTestClient.connect(relay, `${upstream.origin}/redirect?to=${encodeURIComponent(`${target.origin}/echo`)}`, {
        proxy: { host: '127.0.0.1', port: proxy.port, exclusionList: [] },
      });
      assert.equal((await client.handshake()).at(-1)?.op, 'opened');
      client.leg.send('after a redirect');
      assert.equal((await client.nextData()).data.toString(), 'after a redirect');
      assert.deepEqual(proxy.requests.slice(requestsBefore), [`127.0.0.1:${upstream.port}`, `127.0.0.1:${target.port}`]);
      client.leg.close(1000);
      await within(client.closed, 5000, 'leg close');
    } finally {
      await target.close();
    }
  });

  it('gives up after 4 redirects, as lws does', async () => {
    const relay = await relayWith({ outbound: { allowLoopbackOnly: true } });
    let location = `${upstream.origin}/echo`;
    for (let hop = 0; hop < 5; hop++) location = `${upstream.origin}/redirect?to=${encodeURIComponent(location)}`;
    const client = await RelayTestClient.connect(relay, location);
    assert.deepEqual(await client.handshake(), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
    assert.ok(logger.matching('more than 4 redirects').length > 0);
    assert.deepEqual(client.whys, ['more than 4 redirects']);
  });
});
