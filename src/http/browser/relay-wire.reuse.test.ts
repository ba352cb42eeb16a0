import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import NodeWebSocket from 'ws';
import { startLoopbackRelay } from '../../entries/relay/testing/loopback-relay.js';
import { startHttpTestServer } from '../../testing/http-test-server.js';
import { until, within } from '../../testing/within.js';
import { useHttpRelayWorld } from '../../testing/http-relay-world.js';
import { IdleLegs } from './idle-legs.js';
import { NodeLegSocket, relayRequest, relayWireFor, runRelayTransfer } from './testing/relay-transfer.js';

// relay-messages.ts step 8: a page's transfers in a row share one leg, and the relay's
// pool one upstream connection; transfers at once get legs of their own.

/** A leg socket class that counts the legs it opened. */
function countingSocket(): { Socket: typeof NodeLegSocket; legs: NodeWebSocket[] } {
  const legs: NodeWebSocket[] = [];
  class Counted extends NodeWebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols);
      legs.push(this);
    }
  }
  return { Socket: Counted as unknown as typeof NodeLegSocket, legs };
}

describe('http legs are reused (relay-messages.ts step 8)', { timeout: 60_000 }, () => {
  // A short wait for the next request, so that the relay closes idle legs within the test.
  const world = useHttpRelayWorld({ handshakeTimeoutMs: 300 });

  it('two transfers in a row: one leg, one upstream connection', async () => {
    const { Socket, legs } = countingSocket();
    const idle = new IdleLegs();
    const wire = relayWireFor(world.relay, 'page-r', Socket, idle);
    const from = world.server.requests.length;
    const first = await runRelayTransfer(wire, relayRequest(`${world.server.origin}/text?body=one`, { transport: { reuseConnections: true } }));
    const second = await runRelayTransfer(wire, relayRequest(`${world.server.origin}/text?body=two`, { transport: { reuseConnections: true } }));
    assert.deepEqual([first.body.toString(), second.body.toString()], ['one', 'two']);
    assert.equal(legs.length, 1);
    assert.equal(second.facts?.connection.reused, true);
    assert.equal(new Set(world.server.requests.slice(from).map((request) => request.remotePort)).size, 1);
    assert.equal(idle.size, 1);
    idle.closeAll();
    await until(() => world.relay.connections.length === 0, 'the idle leg to close');
  });

  it('two transfers at once get two legs', async () => {
    const { Socket, legs } = countingSocket();
    const idle = new IdleLegs();
    const wire = relayWireFor(world.relay, 'page-r', Socket, idle);
    const records = await Promise.all([1, 2].map(() => runRelayTransfer(wire, relayRequest(`${world.server.origin}/slow?bytes=10&every=20`))));
    assert.deepEqual(
      records.map((record) => record.facts?.status),
      [200, 200],
    );
    assert.equal(legs.length, 2);
    assert.equal(idle.size, 2);
    idle.closeAll();
    await until(() => world.relay.connections.length === 0, 'the idle legs to close');
  });

  it('the page closes a leg idle for its bound', async () => {
    const { Socket, legs } = countingSocket();
    const idle = new IdleLegs(6, 50);
    await runRelayTransfer(relayWireFor(world.relay, 'page-r', Socket, idle), relayRequest(`${world.server.origin}/text?body=one`));
    await until(() => legs[0]?.readyState === NodeWebSocket.CLOSED, 'the page to close its idle leg');
    assert.equal(idle.size, 0);
  });

  it('a leg the relay closed as idle is replaced: the next request goes on a new leg', async () => {
    const { Socket, legs } = countingSocket();
    // The page keeps its idle legs far longer than this relay waits for a request.
    const idle = new IdleLegs(6, 60_000);
    const wire = relayWireFor(world.relay, 'page-r', Socket, idle);
    await runRelayTransfer(wire, relayRequest(`${world.server.origin}/text?body=one`));
    await until(() => world.relay.connections.length === 0, 'the relay to close the idle leg');
    assert.equal(idle.size, 0, 'the closed leg left the idle ones');
    const next = await runRelayTransfer(wire, relayRequest(`${world.server.origin}/text?body=two`));
    assert.equal(next.body.toString(), 'two');
    assert.equal(legs.length, 2);
    idle.closeAll();
  });

  it('a request that crosses the relay closing its idle leg is sent again, once, on a new leg', async () => {
    const { Socket, legs } = countingSocket();
    const idle = new IdleLegs(6, 60_000);
    const wire = relayWireFor(world.relay, 'page-r', Socket, idle);
    await runRelayTransfer(wire, relayRequest(`${world.server.origin}/text?body=one`));
    // The relay's idle close is on its way while the leg still looks open to the page.
    const [leg] = legs;
    assert.ok(leg !== undefined && leg.readyState === leg.OPEN);
    const crossing = new Promise<void>((resolve) => leg.once('close', () => resolve()));
    const send = leg.send.bind(leg);
    // The request is lost with the leg: written after the relay's close frame went out.
    leg.send = (() => {}) as typeof leg.send;
    const next = runRelayTransfer(wire, relayRequest(`${world.server.origin}/text?body=two`));
    await crossing;
    leg.send = send;
    const record = await next;
    assert.equal(record.body.toString(), 'two');
    assert.equal(legs.length, 2);
    idle.closeAll();
    await until(() => world.relay.connections.length === 0, 'the legs to close');
  });
});

describe('the relay closes its pooled upstream connections when it stops', { timeout: 30_000 }, () => {
  it('counts the server’s sockets: one kept after the transfer, none after the close', async () => {
    const server = await startHttpTestServer();
    const relay = await startLoopbackRelay();
    try {
      const idle = new IdleLegs();
      const record = await runRelayTransfer(
        relayWireFor(relay, 'page-c', NodeLegSocket, idle),
        relayRequest(`${server.origin}/status`, { transport: { reuseConnections: true } }),
      );
      assert.equal(record.facts?.status, 200);
      assert.equal(server.openSockets, 1, 'the connection is kept for the next transfer');
      idle.closeAll();
      await relay.close();
      await within(server.whenNoSockets(), 5000, 'the relay to close its pooled connection');
    } finally {
      await server.close();
    }
  });
});
