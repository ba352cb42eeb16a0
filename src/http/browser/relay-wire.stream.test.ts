import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import NodeWebSocket from 'ws';
import { CurlCode } from '../core/http-wire.js';
import { DATA_WINDOW_BYTES } from '../core/relay-messages.js';
import { HIGH_WATER_MARK } from '../../net/ws-frames/frame-pipe.js';
import { NodeLegSocket, relayRequest, relayWireFor, startRelayTransfer } from './testing/relay-transfer.js';
import { useHttpRelayWorld } from '../../testing/http-relay-world.js';

// relay-messages.ts step 6: a slow page slows the server down. The page here takes its
// messages slowly (see slowPage), so the relay may send at most its window ahead of it;
// what the relay, the page and this process hold is measured while 100 MiB stream
// through (memory and buffered amounts, not time).

const MiB = 1024 * 1024;

/**
 * A page that takes its messages slowly: a browser's WebSocket has no receive
 * backpressure, so what the relay sends waits in the page's memory until the app takes
 * it. Messages (and the close after them, in order) reach the wire `perTick` at a time,
 * once a millisecond; `queued` is how many body bytes wait.
 */
function slowPage(perTick: number): { readonly Socket: typeof NodeLegSocket; readonly queued: () => number } {
  let queued = 0;
  class SlowPage extends NodeWebSocket {
    readonly #waiting: Array<() => void> = [];
    #timer: NodeJS.Timeout | undefined;

    override addEventListener(type: string, listener: unknown, options?: unknown): void {
      if (type !== 'message' && type !== 'close') {
        (super.addEventListener as (...args: unknown[]) => void)(type, listener, options);
        return;
      }
      const take = listener as (event: { data?: unknown }) => void;
      (super.addEventListener as (...args: unknown[]) => void)(type, (event: { data?: unknown }) => {
        const bytes = event.data instanceof ArrayBuffer ? event.data.byteLength : 0;
        queued += bytes;
        this.#waiting.push(() => {
          queued -= bytes;
          take(event);
        });
        this.#timer ??= setInterval(() => this.#deliver(), 1);
      });
    }

    #deliver(): void {
      for (let index = 0; index < perTick && this.#waiting.length > 0; index += 1) this.#waiting.shift()?.();
      if (this.#waiting.length === 0) {
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
    }
  }
  return { Socket: SlowPage as unknown as typeof NodeLegSocket, queued: () => queued };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

describe('http through the relay: a 100 MiB stream to a slow page', { timeout: 120_000 }, () => {
  const world = useHttpRelayWorld();

  it("keeps the relay's buffers within the window and this process's memory bounded, and pauses the server", async () => {
    const size = 100 * MiB;
    let blocked = 0;
    world.server.on('flood-blocked', () => (blocked += 1));
    gc();
    const idle = process.memoryUsage();
    const page = slowPage(4);
    let maxLegBuffered = 0;
    let maxQueued = 0;
    let maxGrowth = 0;
    const sample = setInterval(() => {
      for (const connection of world.relay.connections) maxLegBuffered = Math.max(maxLegBuffered, connection.legBufferedAmount);
      maxQueued = Math.max(maxQueued, page.queued());
      const now = process.memoryUsage();
      maxGrowth = Math.max(maxGrowth, now.heapUsed + now.arrayBuffers - (idle.heapUsed + idle.arrayBuffers));
    }, 5);
    try {
      const transfer = startRelayTransfer(
        relayWireFor(world.relay, 'page-slow', page.Socket),
        relayRequest(`${world.server.origin}/flood?size=${size}`, { mode: 'stream' }),
        { keep: false, ms: 100_000 },
      );
      const record = await transfer.done;
      assert.equal(record.failed, undefined);
      assert.equal(record.bytes, size);
      assert.equal(record.facts?.status, 200);
    } finally {
      clearInterval(sample);
    }
    // The relay never held more than its send buffer's high-water mark, nor the page more
    // than the window, and one chunk the engine had read.
    assert.ok(maxLegBuffered <= HIGH_WATER_MARK + 64 * 1024, `the leg buffered ${maxLegBuffered} bytes`);
    assert.ok(maxQueued <= DATA_WINDOW_BYTES + 64 * 1024, `the page had ${maxQueued} bytes waiting`);
    // The server was made to wait: TCP backpressure reached it.
    assert.ok(blocked > 0, 'the server never blocked');
    // Relay, page and server together, in this process: far below the 100 MiB that went through (issue 17: 64 MiB).
    assert.ok(maxGrowth < 64 * MiB, `memory grew by ${(maxGrowth / MiB).toFixed(1)} MiB`);
  });

  it('an ack window too small for the body never stalls a fast page', async () => {
    const size = 3 * DATA_WINDOW_BYTES;
    const transfer = startRelayTransfer(
      relayWireFor(world.relay, 'page-fast', NodeLegSocket),
      relayRequest(`${world.server.origin}/flood?size=${size}`, { maxLimit: 2 * size }),
      { keep: false },
    );
    const record = await transfer.done;
    assert.equal(record.failed, undefined);
    assert.equal(record.bytes, size);
  });

  it('request() past maxLimit fails with curl 23 through the relay (HTTP §7.1)', async () => {
    const transfer = startRelayTransfer(
      relayWireFor(world.relay, 'page-fast', NodeLegSocket),
      relayRequest(`${world.server.origin}/flood?size=${8 * MiB}`),
      { keep: false },
    );
    const record = await transfer.done;
    // 'request' mode: the default maxLimit (5 MiB) is passed: curl 23 after the headers.
    assert.equal(record.failed, CurlCode.WRITE_ERROR);
    assert.ok(record.bytes >= 5 * MiB - 64 * 1024, String(record.bytes));
  });
});
