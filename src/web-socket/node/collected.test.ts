import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { configure, getConfig } from '../../core/netkit-config.js';
import { serverAddress } from '../../core/server-addresses.js';
import type { webSocket as webSocketTypes } from '../../../types/web-socket.js';
import { webSocket } from '../../entries/node/index.js';
import { collectGarbageUntil } from '../../testing/collect-garbage.js';
import { startUpstreamServer, type UpstreamServer } from '../../testing/upstream-server.js';
import { nextEvent } from '../../testing/within.js';

/**
 * WS §4 "GC": a client object the app can no longer reach is collected, and its
 * connection stopped (the server sees it drop), as netstack's finalizer stops the service
 * thread. Each client is made in a function of its own, so nothing here keeps it.
 */
describe('Node webSocket: a client the app dropped (WS §4 "GC")', { timeout: 30_000 }, () => {
  let upstream: UpstreamServer;
  before(async () => {
    upstream = await startUpstreamServer();
  });
  after(() => upstream.close());

  /** Connects a client whose listeners refer to it (as app code does), and forgets it once open. */
  async function openAndForget(path: string): Promise<void> {
    const ws = webSocket.createWebSocket();
    const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()));
    ws.on('message', () => void ws.send('again'));
    ws.on('close', () => void ws.off('close'));
    await ws.connect(`${upstream.origin}${path}`);
    await opened;
  }

  it('stops an open connection once its object is collected: the server sees a drop', async () => {
    const serverSide = nextEvent<[WebSocket]>(upstream, 'connection');
    await openAndForget('/echo');
    const [socket] = await serverSide;
    const ended = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
    // 1006: the TCP connection ended without a close frame, as when the device's service thread stops.
    assert.equal(await collectGarbageUntil(ended, 'the collected client to drop its connection'), 1006);
  });

  it('keeps a connection whose object the app still holds', async () => {
    const serverSide = nextEvent<[WebSocket]>(upstream, 'connection');
    const ws = webSocket.createWebSocket();
    const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()));
    await ws.connect(`${upstream.origin}/echo`);
    await opened;
    const [socket] = await serverSide;
    let closed = false;
    socket.once('close', () => {
      closed = true;
    });
    // Many collections, then a round trip: the connection is still there.
    const gc = (globalThis as { gc?: () => void }).gc;
    for (let i = 0; i < 5; i += 1) {
      gc?.();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const echoed = new Promise((resolve) => ws.on('message', (_err, data) => resolve(data)));
    await ws.send('still here');
    assert.equal(await echoed, 'still here');
    assert.equal(closed, false);
    await ws.close();
  });
});

/** WS §4 "GC": a server object the app can no longer reach stops: its port is given back and its clients dropped. */
describe('Node webSocket: a server the app dropped (WS §4 "GC")', { timeout: 30_000 }, () => {
  const saved = getConfig();
  before(() => configure({ servers: { ports: 'free', loopbackOnly: true } }));
  after(() => configure(saved));

  /** Starts a server whose listeners refer to it, as app code does, and forgets it; resolves with where it listens. */
  async function startAndForget(appPort: number): Promise<{ host: string; port: number }> {
    const server = webSocket.createWebSocketServer();
    server.on(
      'messageReceive',
      (message: webSocketTypes.WebSocketMessage) => void server.send(`echo ${String(message.data)}`, message.clientConnection),
    );
    await server.start({ serverIP: '127.0.0.1', serverPort: appPort, maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 10 });
    const address = serverAddress(appPort);
    assert.ok(address !== undefined);
    return address;
  }

  it('gives its port back and drops its clients once collected', async () => {
    const { port } = await startAndForget(9301);
    const client = new WebSocket(`ws://127.0.0.1:${port}/`);
    client.on('error', () => {});
    await nextEvent(client, 'open');
    const echoed = nextEvent<[Buffer]>(client, 'message');
    client.send('hi');
    assert.equal(String((await echoed)[0]), 'echo hi');
    const dropped = new Promise<number>((resolve) => client.once('close', (code: number) => resolve(code)));
    // 1006: no close frame, as when the device's service thread stops.
    assert.equal(await collectGarbageUntil(dropped, 'the collected server to drop its client'), 1006);
    // The port is free again: nothing listens there.
    const refused = new WebSocket(`ws://127.0.0.1:${port}/`);
    const [error] = await nextEvent<[NodeJS.ErrnoException]>(refused, 'error');
    assert.equal(error.code, 'ECONNREFUSED');
    assert.equal(serverAddress(9301), undefined);
  });
});
