import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type WebSocket from 'ws';
import { HIGH_WATER_MARK } from './frame-pipe.js';
import { useRelayWorld, type RelayedConnection } from '../../web-socket/relay/testing/relay-world.js';
import { within } from '../../testing/within.js';

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
    let sawPaused = false;
    let resumed = false;
    const received = consume(client.leg);
    const sent = produce(server, () => {
      const [info] = world.relay.connections;
      if (info === undefined) return;
      maxBuffered = Math.max(maxBuffered, info.legBufferedAmount);
      sawPaused ||= info.upstreamReadPaused;
      if (sawPaused && !resumed) {
        // The relay has held upstream back while the server still had data to push.
        resumed = true;
        client.leg.resume();
      }
    });
    await within(Promise.all([sent, received]), 20_000, 'all chunks to arrive');
    assert.ok(sawPaused, 'the relay paused its upstream reading');
    assert.ok(maxBuffered <= RELAY_BOUND, `the relay held ${maxBuffered} bytes for the page (bound ${RELAY_BOUND})`);
    assert.equal(world.relay.connections[0]?.upstreamReadPaused, false, 'and resumed it');
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
  });

  it('an upstream that does not read makes the relay stop reading the page', async () => {
    const { client, server } = await open();
    server.pause();
    let maxBuffered = 0;
    let sawPaused = false;
    let resumed = false;
    const received = consume(server);
    const sent = produce(client.leg, () => {
      const [info] = world.relay.connections;
      if (info === undefined) return;
      maxBuffered = Math.max(maxBuffered, info.upstreamBufferedAmount);
      sawPaused ||= info.legReadPaused;
      if (sawPaused && !resumed) {
        resumed = true;
        server.resume();
      }
    });
    await within(Promise.all([sent, received]), 20_000, 'all chunks to arrive');
    assert.ok(sawPaused, 'the relay paused its reading of the page');
    assert.ok(maxBuffered <= RELAY_BOUND, `the relay held ${maxBuffered} bytes for upstream (bound ${RELAY_BOUND})`);
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
  });
});
