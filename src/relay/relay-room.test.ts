import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type WebSocket from 'ws';
import { MESSAGE_TOO_BIG, NORMAL_CLOSURE, POLICY_VIOLATION } from '../protocol/close-codes.js';
import { MAX_REQUEST_BYTES } from '../protocol/relay-protocol.js';
import { nextEvent, within } from '../testing/within.js';
import { createRelayWith } from './create-relay.js';
import type { LegControl, LegHandler, MessageLegOperation } from './leg-operation.js';
import { legMaxPayload } from './relay-leg.js';
import { resolveRelayOptions, type RelayDefaults } from './relay-options.js';
import type { RelayRoom } from './relay-room.js';
import { startRelayWith, type RelayServerBase } from './start-relay.js';
import { CaptureLogger } from './testing/capture-logger.js';
import { openLeg } from './testing/open-leg.js';

// The relay knows no namespace: a namespace of the test's own registers an operation
// through its room, and the relay carries it with the leg's rules (the request, replies,
// the end, the operation's own limit for the page's messages), shows its settings, and
// ends its room on shutdown.

/** The test namespace's limit for the page's messages on an `echo` leg. */
const ECHO_LIMIT = 1000;

/** What the test namespace asks of the relay's defaults (a composition's choice, as webSocket's are). */
const ECHO_DEFAULTS: RelayDefaults = { handshakeTimeoutMs: 5_000 };

/** `echo`: answers `ready`, then sends every message of the page back; `bye` ends the leg with 1000. */
const echo: MessageLegOperation<{ readonly greeting: string }> = {
  op: 'echo',
  pageMessageLimit: ECHO_LIMIT,
  passesFrames: false,
  parse: (message) => (typeof message.greeting === 'string' ? { greeting: message.greeting } : 'echo needs a greeting'),
  start: (leg, request) => new EchoHandler(leg, request.greeting),
};

class EchoHandler implements LegHandler {
  readonly closed = Promise.resolve();
  readonly #leg: LegControl;

  constructor(leg: LegControl, greeting: string) {
    this.#leg = leg;
    leg.reply({ op: 'ready', greeting });
  }

  onMessage(data: Buffer, isBinary: boolean): void {
    if (!isBinary && data.toString() === 'bye') this.#leg.end(NORMAL_CLOSURE, '');
    else this.#leg.pageSink.send(data, { binary: isBinary, compress: false }, () => {});
  }

  onPageClose(): void {}
  abort(): void {}
  describe() {
    return { target: undefined, phase: 'echoing', upstreamBufferedAmount: 0, upstreamReadPaused: false, legReadPaused: false };
  }
}

/** The test namespace's room: its one operation, one setting to show, and whether the relay closed it. */
class EchoRoom implements RelayRoom {
  readonly operations = [echo];
  closed = false;
  describe(): readonly string[] {
    return ['echoes: up to 1000 bytes'];
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

async function startEchoRelay(logger: CaptureLogger, defaults = ECHO_DEFAULTS): Promise<{ relay: RelayServerBase; room: EchoRoom }> {
  const {
    relay,
    rooms: [room],
  } = await startRelayWith(resolveRelayOptions({ logger }, defaults), () => [new EchoRoom()] as const);
  return { relay, room };
}

async function echoLeg(relay: RelayServerBase): Promise<WebSocket> {
  const leg = await openLeg(relay);
  const ready = nextEvent<[Buffer]>(leg, 'message');
  leg.send(JSON.stringify({ op: 'echo', greeting: 'hi' }));
  assert.deepEqual(JSON.parse(String((await ready)[0])), { op: 'ready', greeting: 'hi' });
  return leg;
}

describe('a relay carries the operations its rooms register, and knows nothing else', { timeout: 30_000 }, () => {
  it("runs a namespace's operation on the leg's rules, shows its settings and closes its room", async () => {
    const logger = new CaptureLogger();
    const { relay, room } = await startEchoRelay(logger);
    assert.equal(logger.matching('listening on').length, 1);
    assert.match(logger.matching('listening on')[0] ?? '', /; files: [^;]+; echoes: up to 1000 bytes; TLS: as the device$/);

    const leg = await echoLeg(relay);
    assert.deepEqual(
      relay.connections.map(({ op, phase }) => [op, phase]),
      [['echo', 'echoing']],
    );
    const echoed = nextEvent<[Buffer, boolean]>(leg, 'message');
    leg.send(Buffer.from([1, 2, 3]));
    const [data, isBinary] = await echoed;
    assert.deepEqual([...data], [1, 2, 3]);
    assert.equal(isBinary, true);
    const closed = nextEvent<[number]>(leg, 'close');
    leg.send('bye');
    assert.equal((await closed)[0], NORMAL_CLOSURE);

    // An op no room registered is refused as any unknown op is.
    const stranger = await openLeg(relay);
    const refused = nextEvent<[number, Buffer]>(stranger, 'close');
    stranger.send(JSON.stringify({ op: 'connect', url: 'ws://127.0.0.1:1/', options: {} }));
    const [code, reason] = await refused;
    assert.equal(code, POLICY_VIOLATION);
    assert.equal(String(reason), 'unknown op "connect"');

    assert.equal(room.closed, false);
    await relay.close();
    assert.equal(room.closed, true);
  });

  it("holds the page's messages to the operation's own limit, not the relay's", async () => {
    const logger = new CaptureLogger();
    const { relay } = await startEchoRelay(logger);
    try {
      // The relay's own limit for every leg is the request's here: no operation takes more.
      assert.equal(legMaxPayload([echo]), MAX_REQUEST_BYTES);
      const leg = await echoLeg(relay);
      const echoed = nextEvent<[Buffer]>(leg, 'message');
      leg.send(Buffer.alloc(ECHO_LIMIT));
      assert.equal((await echoed)[0].length, ECHO_LIMIT);
      const closed = nextEvent<[number]>(leg, 'close');
      leg.send(Buffer.alloc(ECHO_LIMIT + 1));
      assert.equal((await closed)[0], MESSAGE_TOO_BIG);
      // Under the relay's limit for a request, but over the operation's.
      assert.ok(ECHO_LIMIT + 1 < MAX_REQUEST_BYTES);
    } finally {
      await relay.close();
    }
  });

  it("waits for a leg's request as long as the composition's default says, then closes it with 1008", async () => {
    const logger = new CaptureLogger();
    const waitMs = 300;
    const { relay } = await startEchoRelay(logger, { handshakeTimeoutMs: waitMs });
    try {
      const since = performance.now();
      const leg = await openLeg(relay);
      const [code, reason] = await within(nextEvent<[number, Buffer]>(leg, 'close'), 5000, 'the leg to close');
      assert.equal(code, POLICY_VIOLATION);
      assert.equal(String(reason), 'no request in time');
      assert.ok(performance.now() - since >= waitMs - 50, 'not before the default');
      assert.equal(logger.matching(`no request within ${waitMs} ms`).length, 1);
    } finally {
      await relay.close();
    }
  });

  it('refuses two operations of one name, whichever rooms they come from', () => {
    assert.throws(
      () =>
        createRelayWith(
          resolveRelayOptions({ logger: new CaptureLogger() }, ECHO_DEFAULTS),
          () => [new EchoRoom(), new EchoRoom()],
          () => [],
        ),
      {
        message: 'ohos-netkit relay: two operations are named "echo"',
      },
    );
  });

  it("takes the largest limit any operation declares as every leg's, the request's at the least", () => {
    assert.equal(legMaxPayload([]), MAX_REQUEST_BYTES);
    assert.equal(legMaxPayload([echo, { ...echo, op: 'big', pageMessageLimit: 5 * MAX_REQUEST_BYTES }]), 5 * MAX_REQUEST_BYTES);
  });
});
