import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Resolver } from '../../net/outbound-policy.js';
import type { RelayServer } from '../../entries/relay/compose-relay.js';
import { CaptureLogger } from '../../relay/testing/capture-logger.js';
import { startLoopbackRelay } from '../../entries/relay/testing/loopback-relay.js';
import { RelayTestClient } from './testing/relay-client.js';
import { startUpstreamServer, type UpstreamServer } from '../../testing/upstream-server.js';
import { within } from '../../testing/within.js';

/** Accepts TCP and never answers (a proxy that never answers CONNECT, a server that never answers the upgrade). */
interface SilentListener {
  readonly port: number;
  readonly accepted: number;
  readonly open: number;
  /** Resolves once every socket it accepted has closed (the relay let go of them). */
  whenIdle(): Promise<void>;
  /** Resolves with the next accepted socket. */
  nextSocket(): Promise<Socket>;
  close(): Promise<void>;
}

async function startSilentListener(): Promise<SilentListener> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const idleWaiters: Array<() => void> = [];
  const socketWaiters: Array<(socket: Socket) => void> = [];
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    // Read what comes (the CONNECT, the upgrade request), so the peer's end is seen.
    socket.resume();
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    });
    socketWaiters.shift()?.(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    get open() {
      return sockets.size;
    },
    whenIdle: () => (sockets.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    nextSocket: () => new Promise<Socket>((resolve) => socketWaiters.push(resolve)),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const TIMEOUT_MS = 1000;

/**
 * The page was told which phase of the opening ran out of time: the session's timer says
 * so, and ws' own timeout behind it (should it fire first) too.
 */
function assertTimedOutWaitingFor(client: RelayTestClient, phase: string): void {
  assert.equal(client.whys.length, 1);
  assert.match(client.whys[0] ?? '', /^(the opening handshake took longer than \d+ ms|Opening handshake has timed out), waiting for (.*)$/);
  assert.equal(client.whys[0]?.split(', waiting for ')[1], phase);
}

// handshakeTimeoutMs bounds the whole way from the page's upgrade to opened/failed,
// whatever phase waits for someone else; and what a leg leaves behind is gone with it.
describe('one timeout for every phase of the opening, and nothing left behind', { timeout: 60_000 }, () => {
  const logger = new CaptureLogger();
  let silent: SilentListener;
  let upstream: UpstreamServer;
  let relay: RelayServer;
  let patient: RelayServer;
  let sandbox: string;
  /** Names that the resolver below never answers. */
  const stalled = new Set(['stalled.example']);
  const resolver: Resolver = (hostname) =>
    stalled.has(hostname) ? new Promise(() => {}) : Promise.resolve(hostname === 'localhost' ? [{ address: '127.0.0.1', family: 4 }] : []);

  before(async () => {
    silent = await startSilentListener();
    upstream = await startUpstreamServer();
    sandbox = await mkdtemp(join(tmpdir(), 'ohos-netkit-fifo-'));
    await writeFile(join(sandbox, 'empty.pem'), '');
    relay = await startLoopbackRelay({ logger, handshakeTimeoutMs: TIMEOUT_MS, sandboxDir: sandbox }, resolver);
    // Long enough that only the page leaving can end what it waits for.
    patient = await startLoopbackRelay({ logger, handshakeTimeoutMs: 60_000, sandboxDir: sandbox }, resolver);
  });
  after(async () => {
    await Promise.all([relay.close(), patient.close()]);
    await Promise.all([silent.close(), upstream.close()]);
    await rm(sandbox, { recursive: true, force: true });
  });

  const throughSilentProxy = { proxy: { host: '127.0.0.1', port: 0, exclusionList: [] as string[] } };
  const silentProxy = () => ({ ...throughSilentProxy, proxy: { ...throughSilentProxy.proxy, port: silent.port } });

  it('a proxy that accepts and never answers CONNECT: failed "0" in time, and its socket is closed', async () => {
    const started = performance.now();
    const client = await RelayTestClient.connect(relay, `${upstream.origin}/echo`, silentProxy());
    assert.deepEqual(await client.handshake(10_000), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
    const took = performance.now() - started;
    assert.ok(took < TIMEOUT_MS + 1500, `gave up after ${Math.round(took)} ms`);
    await within(silent.whenIdle(), 5000, 'the socket to the proxy to close');
    assert.ok(logger.matching(`did not open within ${TIMEOUT_MS} ms`).length > 0, logger.lines.join('\n'));
    assertTimedOutWaitingFor(client, "the proxy's answer to CONNECT");
  });

  it('the page leaving while the proxy is silent closes the socket to the proxy at once', async () => {
    const accepted = silent.nextSocket();
    const client = await RelayTestClient.connect(patient, `${upstream.origin}/echo`, silentProxy());
    assert.deepEqual(await client.nextReply(), { op: 'accepted' });
    await within(accepted, 5000, 'the relay to reach the proxy');
    client.leg.close(1000);
    await within(silent.whenIdle(), 5000, 'the socket to the proxy to close');
    assert.equal(silent.open, 0);
  });

  it('a server that accepts TCP and never answers the upgrade: failed "0" in time, socket closed', async () => {
    const client = await RelayTestClient.connect(relay, `ws://127.0.0.1:${silent.port}/`);
    assert.deepEqual(await client.handshake(10_000), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
    await within(silent.whenIdle(), 5000, 'the socket to the server to close');
    assertTimedOutWaitingFor(client, "the server's answer to the upgrade request");
  });

  it('a TLS server that accepts TCP and never answers the TLS handshake: the page is told that phase timed out', async () => {
    const client = await RelayTestClient.connect(relay, `wss://127.0.0.1:${silent.port}/`);
    assert.deepEqual(await client.handshake(10_000), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
    await within(silent.whenIdle(), 5000, 'the socket to the server to close');
    assertTimedOutWaitingFor(client, 'the TLS handshake');
  });

  it('a DNS look-up that never answers: accepted, then failed "0" in time (as a device whose DNS times out)', async () => {
    const client = await RelayTestClient.connect(relay, 'ws://stalled.example/');
    assert.deepEqual(await client.handshake(10_000), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
    assert.deepEqual(client.whys, [
      `the opening handshake took longer than ${TIMEOUT_MS} ms, waiting for the checks before connecting (DNS, certificate files)`,
    ]);
  });

  it('a caPath that is a FIFO is refused at once (2302002), and FIFOs cannot starve the file and DNS pool', async () => {
    await promisify(execFile)('mkfifo', [join(sandbox, 'fifo.pem')]);
    // libuv has four pool threads: a read that never returns would hold one each.
    const fifos = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const client = await RelayTestClient.connect(relay, `${upstream.origin}/echo`, { caPath: 'fifo.pem' });
        return { reply: await client.nextReply(), whys: client.whys };
      }),
    );
    for (const { reply, whys } of fifos) {
      assert.deepEqual(reply, { op: 'rejected', code: 2302002, message: 'Websocket certificate file does not exist' });
      assert.deepEqual(whys, ['caPath: is not a regular file']);
    }
    assert.ok(logger.matching('caPath: is not a regular file').length > 0, logger.lines.join('\n'));
    // The pool still serves: a real file read and a name resolved by the system's resolver.
    const client = await RelayTestClient.connect(relay, `ws://localhost:${upstream.port}/echo`, { caPath: 'empty.pem' });
    assert.equal((await client.handshake()).at(-1)?.op, 'opened');
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
  });

  it('a caPath that is a device (/dev/zero) is refused without reading it', async () => {
    // A sandbox of the whole file system, so that /dev/zero is inside it.
    const free = await startLoopbackRelay({ logger, sandboxDir: '/' });
    try {
      const client = await RelayTestClient.connect(free, `${upstream.origin}/echo`, { caPath: '/dev/zero' });
      assert.deepEqual(await client.nextReply(), { op: 'rejected', code: 2302002, message: 'Websocket certificate file does not exist' });
    } finally {
      await free.close();
    }
  });
});
