import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { RELAY_SUBPROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../protocol/relay-protocol.js';
import type { RelayServer } from '../entries/relay/compose-relay.js';
import { CaptureLogger } from './testing/capture-logger.js';
import { startLoopbackRelay } from '../entries/relay/testing/loopback-relay.js';
import { openLeg } from './testing/open-leg.js';
import { nextEvent, until, within } from '../testing/within.js';

/** How each leg of a burst was answered. */
interface BurstOutcome {
  /** The legs that opened (101). */
  readonly open: WebSocket[];
  /** Each HTTP status a leg was refused with, and how many times. */
  readonly refused: Record<number, number>;
  /** What the refusals said, beyond their status: one Retry-After and Connection value each. */
  readonly refusalHeaders: Array<{ retryAfter: string | undefined; connection: string | undefined }>;
  /** Legs that got no answer at all (a socket hang-up, a reset): what must never happen. */
  readonly unanswered: string[];
}

/** Opens `count` legs at once, as many pages starting together, and waits for every one's answer. */
async function burst(relay: RelayServer, count: number): Promise<BurstOutcome> {
  const outcome: BurstOutcome = { open: [], refused: {}, refusalHeaders: [], unanswered: [] };
  const protocols = [RELAY_SUBPROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${relay.token}`];
  await within(
    Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<void>((resolve) => {
            const leg = new WebSocket(relay.url, protocols);
            let answered = false;
            leg.once('open', () => {
              answered = true;
              outcome.open.push(leg);
              resolve();
            });
            leg.once('unexpected-response', (_request, response: IncomingMessage) => {
              answered = true;
              const status = response.statusCode ?? 0;
              outcome.refused[status] = (outcome.refused[status] ?? 0) + 1;
              outcome.refusalHeaders.push({ retryAfter: response.headers['retry-after'], connection: response.headers.connection });
              // The whole answer arrives: body and end, not a reset half-way.
              response.resume();
              response.once('end', () => {
                leg.terminate();
                resolve();
              });
              response.once('error', (error) => {
                outcome.unanswered.push(`the answer broke off: ${error.message}`);
                resolve();
              });
            });
            leg.on('error', (error) => {
              // Once answered, the only error left is terminate()'s own "closed before the connection was established".
              if (answered) return;
              outcome.unanswered.push(error.message);
              resolve();
            });
          }),
      ),
    ),
    15_000,
    `an answer to each of ${count} legs`,
  );
  return outcome;
}

/** Closes the legs and waits until the relay has let go of every one. */
async function drain(relay: RelayServer, legs: readonly WebSocket[]): Promise<void> {
  await within(
    Promise.all(
      legs.map((leg) => {
        const closed = new Promise((resolve) => leg.once('close', resolve));
        leg.close(1000);
        return closed;
      }),
    ),
    10_000,
    'the legs to close',
  );
  // The relay drops a leg once its side of the socket has closed too: a turn or two of the event loop later.
  await until(() => relay.connections.length === 0, 'relay.connections to return to 0', 10_000);
}

describe('a burst of legs is served or refused, never hung up', { timeout: 60_000 }, () => {
  it('306 legs at once against the default maxConnections (256): 256 open, 50 get 503, twice in a row', async () => {
    const logger = new CaptureLogger();
    await using relay = await startLoopbackRelay({ logger });
    for (const round of [1, 2]) {
      const outcome = await burst(relay, 306);
      assert.deepEqual(outcome.unanswered, [], `round ${round}: legs without an answer`);
      assert.equal(outcome.open.length, 256, `round ${round}: legs open`);
      assert.deepEqual(outcome.refused, { 503: 50 }, `round ${round}: refusals`);
      for (const headers of outcome.refusalHeaders) assert.deepEqual(headers, { retryAfter: '1', connection: 'close' }, `round ${round}`);
      assert.equal(relay.connections.length, 256);
      await drain(relay, outcome.open);
    }
  });

  it('past maxPendingUpgrades, a burst is answered 503 before its requests are read, never dropped', async () => {
    const logger = new CaptureLogger();
    await using relay = await startLoopbackRelay({ logger, maxPendingUpgrades: 8 });
    const idle: Socket[] = [];
    try {
      // Sockets that connect and say nothing fill the waiting room; a leg that gets 503 shows it is full.
      await within(
        (async () => {
          for (;;) {
            const socket = netConnect(relay.port, '127.0.0.1');
            socket.on('error', () => {});
            idle.push(socket);
            await nextEvent(socket, 'connect');
            if (idle.length < 8) continue;
            const probe = await burst(relay, 1);
            assert.deepEqual(probe.unanswered, [], 'a leg without an answer');
            if (probe.refused[503] === 1) return;
            await drain(relay, probe.open);
          }
        })(),
        10_000,
        'the waiting room to fill',
      );
      const outcome = await burst(relay, 64);
      assert.deepEqual(outcome.unanswered, [], 'legs without an answer');
      assert.deepEqual(outcome.refused, { 503: 64 });
      for (const headers of outcome.refusalHeaders) assert.deepEqual(headers, { retryAfter: '1', connection: 'close' });
      assert.ok(logger.matching('8 connections are waiting for their upgrade already').length >= 64);
      // Once the idle sockets go, there is room again.
      for (const socket of idle) socket.destroy();
      await within(
        (async () => {
          for (;;) {
            const again = await burst(relay, 1);
            if (again.open.length === 1) return drain(relay, again.open);
          }
        })(),
        10_000,
        'a leg once the idle sockets are gone',
      );
    } finally {
      for (const socket of idle) socket.destroy();
    }
  });

  it('200 slowloris sockets do not keep a page out, and the handshake timeout frees every one of them', async () => {
    const timeoutMs = 3000;
    const logger = new CaptureLogger();
    await using relay = await startLoopbackRelay({ logger, handshakeTimeoutMs: timeoutMs });
    const closedByRelay: Array<Promise<unknown>> = [];
    let closedSoFar = 0;
    const started = performance.now();
    const slow: Socket[] = await within(
      Promise.all(
        Array.from({ length: 200 }, async (_, index) => {
          const socket = netConnect(relay.port, '127.0.0.1');
          socket.on('error', () => {});
          closedByRelay.push(
            new Promise((resolve) =>
              socket.once('close', () => {
                closedSoFar += 1;
                resolve(undefined);
              }),
            ),
          );
          await nextEvent(socket, 'connect');
          // Half of them send half an upgrade request and stop; the others send nothing.
          if (index % 2 === 0) socket.write(`GET ${relay.path} HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\nUpgrade: websocket\r\n`);
          socket.resume();
          return socket;
        }),
      ),
      10_000,
      '200 slow sockets to connect',
    );
    try {
      const leg = await openLeg(relay);
      assert.equal(leg.protocol, RELAY_SUBPROTOCOL);
      assert.equal(closedSoFar, 0, 'the healthy leg opened while the slow sockets were still waiting');
      leg.close(1000);
      await within(Promise.all(closedByRelay), timeoutMs + 10_000, 'the relay to close the 200 slow sockets');
      const took = performance.now() - started;
      assert.ok(took >= timeoutMs - 100, `closed after ${Math.round(took)} ms, before the handshake timeout`);
      assert.equal(logger.matching(`no complete upgrade request within ${timeoutMs} ms`).length, 200);
    } finally {
      for (const socket of slow) socket.destroy();
    }
  });
});
