import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type WebSocket from 'ws';
import { HIGH_WATER_MARK } from './frame-pipe.js';
import { useRelayWorld, type RelayedConnection } from '../../web-socket/relay/testing/relay-world.js';
import { until, within } from '../../testing/within.js';
import type { RelayConnectionInfo } from '../../relay/relay-leg.js';

const CHUNK = 256 * 1024;
const TOTAL_CHUNKS = 128; // 32 MiB each way
/** The producers' own limit on what they queue: they respect backpressure too. */
const PRODUCER_LIMIT = 2 * 1024 * 1024;
/** What the relay may hold for one destination: its mark plus what its reader had already parsed. */
const RELAY_BOUND = HIGH_WATER_MARK + 2 * CHUNK;

function chunk(sequence: number): Buffer {
  const data = Buffer.alloc(CHUNK, sequence & 0xff);
  data.writeUInt32BE(sequence, 0);
  return data;
}

/**
 * Sends TOTAL_CHUNKS numbered chunks as fast as `socket` takes them, never queueing more
 * than PRODUCER_LIMIT, and calls `sample` after each completed send.
 */
function produce(socket: WebSocket, sample: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    const pump = (): void => {
      while (next < TOTAL_CHUNKS && socket.bufferedAmount < PRODUCER_LIMIT) {
        socket.send(chunk(next++), { binary: true }, (error) => {
          if (error !== undefined && error !== null) {
            reject(error);
            return;
          }
          done += 1;
          sample();
          if (done === TOTAL_CHUNKS) resolve();
          else pump();
        });
      }
    };
    pump();
  });
}

/** Receives chunks on `socket`, checking order and content; resolves after the last one. */
function consume(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    let expected = 0;
    socket.on('message', (data: Buffer) => {
      if (data.length !== CHUNK || data.readUInt32BE(0) !== expected || data[CHUNK - 1] !== (expected & 0xff)) {
        reject(new Error(`chunk ${expected} arrived damaged or out of order`));
        return;
      }
      expected += 1;
      if (expected === TOTAL_CHUNKS) resolve();
    });
  });
}

describe('backpressure through the relay', { timeout: 30_000 }, () => {
  const world = useRelayWorld();
  const open = (): Promise<RelayedConnection> => world.open('/quiet');

  it('a page that does not read makes the relay stop reading upstream; nothing piles up in the relay', async () => {
    const { client, server } = await open();
    // The page stops reading its socket: only TCP and the relay's buffers are left.
    client.leg.pause();
    let maxBuffered = 0;
    const leg = (): RelayConnectionInfo | undefined => {
      const [info] = world.relay.connections;
      maxBuffered = Math.max(maxBuffered, info?.legBufferedAmount ?? 0);
      return info;
    };
    const received = consume(client.leg);
    const sent = produce(server, () => void leg());
    // The relay holds upstream back while the server still has data to push (watched at
    // every turn: once TCP is full, no send of the server completes to tell); then the page reads again.
    await until(() => leg()?.upstreamReadPaused === true, 'the relay to stop reading upstream', 20_000);
    client.leg.resume();
    await within(Promise.all([sent, received]), 20_000, 'all chunks to arrive');
    assert.ok(maxBuffered <= RELAY_BOUND, `the relay held ${maxBuffered} bytes for the page (bound ${RELAY_BOUND})`);
    assert.equal(world.relay.connections[0]?.upstreamReadPaused, false, 'and resumed it');
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
  });

  it('an upstream that does not read makes the relay stop reading the page', async () => {
    const { client, server } = await open();
    server.pause();
    let maxBuffered = 0;
    const leg = (): RelayConnectionInfo | undefined => {
      const [info] = world.relay.connections;
      maxBuffered = Math.max(maxBuffered, info?.upstreamBufferedAmount ?? 0);
      return info;
    };
    const received = consume(server);
    const sent = produce(client.leg, () => void leg());
    // Watched at every turn: once the relay stops reading, no send of the page completes to tell.
    await until(() => leg()?.legReadPaused === true, 'the relay to stop reading the page', 20_000);
    server.resume();
    await within(Promise.all([sent, received]), 20_000, 'all chunks to arrive');
    assert.ok(maxBuffered <= RELAY_BOUND, `the relay held ${maxBuffered} bytes for upstream (bound ${RELAY_BOUND})`);
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
  });
});
