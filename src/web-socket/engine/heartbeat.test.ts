import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type WebSocket from 'ws';
import { normalizeHeartbeat } from './heartbeat.js';
import { RelayTestClient } from '../relay/testing/relay-client.js';
import { useRelayWorld } from '../relay/testing/relay-world.js';
import { nextEvent, within } from '../../testing/within.js';

describe('normalizeHeartbeat (netstack SetRetry, WS §5)', () => {
  it('defaults to 30 s / 30 s', () => {
    assert.deepEqual(normalizeHeartbeat(undefined, undefined), { pingInterval: 30, pongTimeout: 30 });
  });

  it('resets pingInterval above 30000 (wrapped negatives included) to 30', () => {
    assert.deepEqual(normalizeHeartbeat(30001, 10), { pingInterval: 30, pongTimeout: 10 });
    assert.deepEqual(normalizeHeartbeat(-1, 10), { pingInterval: 30, pongTimeout: 10 });
    assert.deepEqual(normalizeHeartbeat(30000, 10), { pingInterval: 30000, pongTimeout: 10 });
  });

  it('clamps pongTimeout to pingInterval, except the default 30', () => {
    assert.deepEqual(normalizeHeartbeat(10, 20), { pingInterval: 10, pongTimeout: 10 });
    assert.deepEqual(normalizeHeartbeat(10, undefined), { pingInterval: 10, pongTimeout: 30 });
    assert.deepEqual(normalizeHeartbeat(10, 30), { pingInterval: 10, pongTimeout: 30 });
  });

  it('turns the heartbeat off with pingInterval 0, and reads numbers as uint32', () => {
    assert.deepEqual(normalizeHeartbeat(0, 10), { pingInterval: 0, pongTimeout: 0 });
    assert.deepEqual(normalizeHeartbeat(null, 5), { pingInterval: 0, pongTimeout: 0 });
    assert.deepEqual(normalizeHeartbeat(2.9, 1.5), { pingInterval: 2, pongTimeout: 1 });
  });
});

// One second is the device's floor (the options are whole seconds), so these take a few
// seconds each and run side by side.
describe('the heartbeat on a real connection', { timeout: 30_000, concurrency: true }, () => {
  const world = useRelayWorld();
  const { logger } = world;

  /** Opens a connection on `path`, returning the page's client and the server's side. */
  async function open(path: string, pingInterval: number, pongTimeout: number): Promise<{ client: RelayTestClient; server: WebSocket }> {
    const marker = `${path}${path.includes('?') ? '&' : '?'}n=${Math.random()}`;
    const connection = new Promise<WebSocket>((resolve) => {
      const onConnection = (ws: WebSocket, request: { url?: string }): void => {
        if (request.url !== marker) return;
        world.upstream.off('connection', onConnection);
        resolve(ws);
      };
      world.upstream.on('connection', onConnection);
    });
    const client = await RelayTestClient.connect(world.relay, `${world.upstream.origin}${marker}`, { pingInterval, pongTimeout });
    assert.equal((await client.handshake()).at(-1)?.op, 'opened');
    return { client, server: await within(connection, 5000, 'the server side') };
  }

  it('pings every pingInterval and keeps a connection that answers', async () => {
    const { client, server } = await open('/echo', 1, 1);
    const started = Date.now();
    await nextEvent(server, 'ping', 3000);
    await nextEvent(server, 'ping', 3000);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1500 && elapsed < 3500, `two pings after ${elapsed} ms`);
    client.leg.send('alive');
    assert.equal((await client.nextData()).data.toString(), 'alive');
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
  });

  it('drops the connection when no pong comes within pongTimeout: the page sees 1006', async () => {
    const { client, server } = await open('/no-pong', 1, 1);
    const started = Date.now();
    const serverClosed = nextEvent<[number]>(server, 'close', 6000);
    const { code } = await within(client.closed, 6000, 'the drop');
    const elapsed = Date.now() - started;
    assert.equal(code, 1006);
    assert.ok(elapsed >= 1500 && elapsed < 4000, `dropped after ${elapsed} ms (pingInterval + pongTimeout = 2 s)`);
    assert.equal((await serverClosed)[0], 1006, 'the upstream connection is dropped too');
    assert.ok(logger.matching('no pong from').length > 0);
  });

  it('with pongTimeout 0 never pings and hangs up after pingInterval (lws validity rule)', async () => {
    const { client, server } = await open('/echo', 1, 0);
    let pings = 0;
    server.on('ping', () => {
      pings += 1;
    });
    const started = Date.now();
    const { code } = await within(client.closed, 5000, 'the hang-up');
    const elapsed = Date.now() - started;
    assert.equal(code, 1006);
    assert.equal(pings, 0);
    assert.ok(elapsed >= 700 && elapsed < 3000, `hung up after ${elapsed} ms`);
  });

  it('sends no ping at all with pingInterval 0', async () => {
    const { client, server } = await open('/echo', 0, 10);
    let pings = 0;
    server.on('ping', () => {
      pings += 1;
    });
    // Absence can only be shown over a window: 1.5 s is past the 1 s shortest heartbeat.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(pings, 0);
    client.leg.send('still open');
    assert.equal((await client.nextData()).data.toString(), 'still open');
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
  });
});
