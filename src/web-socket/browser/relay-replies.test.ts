import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it, type Mock, type TestContext } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { RELAY_SUBPROTOCOL } from '../../protocol/relay-protocol.js';
import type { TransportEvents } from '../core/transport.js';
import type { ServerWireEvents } from '../core/server-wire.js';
import { nextEvent, within } from '../../testing/within.js';
import { certificateFilesMissing, connectRelay } from './relay-transport.js';
import { listenThroughRelay } from './relay-server-wire.js';

// The page's end of a leg meets a relay that answers what the protocol does not allow
// (relay-replies.ts): the leg ends, the console says why, and the app hears what a
// device gives for a failure it has no code for. No browser: the page's legs are ws
// clients here (ws speaks the WHATWG WebSocket interface they use), the relay a ws server
// that answers each request with what the test scripts.

/** What the fake relay sends on a leg, in order, once the page's request has come; 'close' closes it. */
type Script = (request: Record<string, unknown>) => Array<string | 'close'>;

interface FakeRelay {
  readonly address: { url: string; token: string };
  /** Every leg's close code, in the order the legs opened. */
  readonly legsClosed: Array<Promise<number>>;
  close(): Promise<void>;
}

async function startFakeRelay(script: Script): Promise<FakeRelay> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => RELAY_SUBPROTOCOL });
  await nextEvent(server, 'listening');
  const legsClosed: Array<Promise<number>> = [];
  server.on('connection', (leg) => {
    legsClosed.push(new Promise((resolve) => leg.once('close', (code) => resolve(code))));
    leg.once('message', (data) => {
      for (const step of script(JSON.parse(String(data)) as Record<string, unknown>)) {
        if (step === 'close') leg.close();
        else leg.send(step);
      }
    });
  });
  return {
    address: { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/relay`, token: 't'.repeat(32) },
    legsClosed,
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

/** The console's lines of `mock` so far, as text. */
const lines = (mock: Mock<(...args: unknown[]) => void>): string => mock.mock.calls.map((call) => call.arguments.join(' ')).join('\n');

/** console.error and console.debug, captured (and kept off the test's output). */
function quietConsole(t: TestContext): Mock<(...args: unknown[]) => void> {
  t.mock.method(console, 'debug', () => {});
  return t.mock.method(console, 'error', () => {});
}

function transportEvents(): TransportEvents & { failed: Promise<string> } {
  let failure!: (status: string) => void;
  const failed = new Promise<string>((resolve) => (failure = resolve));
  return {
    failed,
    onOpen: () => assert.fail('opened'),
    onMessage: () => assert.fail('a message'),
    onFailure: (status) => failure(status),
    onClose: () => assert.fail('closed'),
    onDrop: () => assert.fail('dropped'),
  };
}

describe("a relay's reply the page cannot read ends that leg, with a diagnostic", { timeout: 30_000 }, () => {
  const pageWebSocket = globalThis.WebSocket;
  before(() => {
    globalThis.WebSocket = WebSocket as unknown as typeof globalThis.WebSocket;
  });
  after(() => {
    globalThis.WebSocket = pageWebSocket;
  });

  const json = (value: unknown): string => JSON.stringify(value);

  it('connect: malformed JSON instead of accepted; connect() rejects with 2302999', async (t) => {
    const errors = quietConsole(t);
    const relay = await startFakeRelay(() => ['{"op":"accepted"']);
    t.after(() => relay.close());
    const connecting = connectRelay(relay.address, { url: 'ws://127.0.0.1:1/', options: {} }, transportEvents());
    await assert.rejects(within(connecting, 5000, 'connect'), { code: 2302999, message: 'Websocket Unknown Other Error' });
    assert.match(
      lines(errors),
      /unexpected message from the dev relay at ws:\/\/127\.0\.0\.1:\d+\/relay \(the reply is not JSON\); closing this connection/,
    );
    assert.equal(typeof (await within(relay.legsClosed[0]!, 5000, 'the leg to close')), 'number');
  });

  it('connect: an unknown op; connect() rejects with 2302999', async (t) => {
    const errors = quietConsole(t);
    const relay = await startFakeRelay(() => [json({ op: 'welcome' })]);
    t.after(() => relay.close());
    await assert.rejects(within(connectRelay(relay.address, { url: 'ws://127.0.0.1:1/', options: {} }, transportEvents()), 5000, 'connect'), {
      code: 2302999,
    });
    assert.match(lines(errors), /\(unknown op "welcome" here\); closing this connection/);
  });

  it('connect: an opened with a field of the wrong type after accepted; the app hears error "0", no open', async (t) => {
    const errors = quietConsole(t);
    const relay = await startFakeRelay(() => [
      json({ op: 'accepted' }),
      json({ op: 'opened', status: '101', message: 'Switching Protocols', headers: {} }),
    ]);
    t.after(() => relay.close());
    const events = transportEvents();
    const transport = await within(connectRelay(relay.address, { url: 'ws://127.0.0.1:1/', options: {} }, events), 5000, 'connect');
    assert.equal(typeof transport.send, 'function');
    assert.equal(await within(events.failed, 5000, 'the failure'), '0');
    assert.match(lines(errors), /\(opened\.status is not an integer\); closing this connection/);
    await within(relay.legsClosed[0]!, 5000, 'the leg to close');
  });

  it('connect: a second accepted where opened or failed was due', async (t) => {
    const errors = quietConsole(t);
    const relay = await startFakeRelay(() => [json({ op: 'accepted' }), json({ op: 'accepted' })]);
    t.after(() => relay.close());
    const events = transportEvents();
    await within(connectRelay(relay.address, { url: 'ws://127.0.0.1:1/', options: {} }, events), 5000, 'connect');
    assert.equal(await within(events.failed, 5000, 'the failure'), '0');
    assert.match(lines(errors), /\(accepted after accepted\); closing this connection/);
  });

  it('files: an answer of the wrong type counts as "not missing"', async (t) => {
    const errors = quietConsole(t);
    const relay = await startFakeRelay(() => [json({ op: 'files', missing: 'yes' })]);
    t.after(() => relay.close());
    assert.equal(await within(certificateFilesMissing(relay.address, { caPath: 'ca.pem' }), 5000, 'the answer'), false);
    assert.match(lines(errors), /\(files\.missing is not a boolean\); closing the question about certificate files/);
    await within(relay.legsClosed[0]!, 5000, 'the leg to close');
  });

  const serverEvents = (overrides: Partial<ServerWireEvents> = {}): ServerWireEvents => ({
    onHandshake: () => ({ admitted: true }),
    onConnect: () => true,
    onAbandon: () => assert.fail('abandoned'),
    onMessage: () => assert.fail('a message'),
    onClose: () => assert.fail('closed'),
    onDrop: () => assert.fail('dropped'),
    ...overrides,
  });
  const listenRequest = { serverIP: '127.0.0.1', serverPort: 8080, limits: { maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 } };

  it('listen: a listening whose port is no port; start() rejects with 2302999', async (t) => {
    const errors = quietConsole(t);
    const relay = await startFakeRelay(() => [json({ op: 'listening', server: 's', host: '127.0.0.1', port: 'x' })]);
    t.after(() => relay.close());
    await assert.rejects(within(listenThroughRelay(relay.address, listenRequest, serverEvents()), 5000, 'listen'), { code: 2302999 });
    assert.match(lines(errors), /\(listening\.port is not a port\); closing a server's leg/);
  });

  it("accept: a client's leg answered with something else than accepted; the client is a drop", async (t) => {
    const errors = quietConsole(t);
    const relay = await startFakeRelay((request) =>
      request.op === 'listen'
        ? [
            json({ op: 'listening', server: 's', host: '127.0.0.1', port: 18080 }),
            json({ op: 'connection', client: '127.0.0.1:5000', clientIP: '127.0.0.1', clientPort: 5000 }),
          ]
        : [json({ op: 'opened', status: 101, message: '', headers: {} })],
    );
    t.after(() => relay.close());
    let dropped!: (id: string) => void;
    const drop = new Promise<string>((resolve) => (dropped = resolve));
    const server = await within(listenThroughRelay(relay.address, listenRequest, serverEvents({ onDrop: (id) => dropped(id) })), 5000, 'listen');
    assert.equal(await within(drop, 5000, 'the drop'), '127.0.0.1:5000');
    assert.match(lines(errors), /\(unknown op "opened" here\); closing a client's leg/);
    server.destroy();
  });
});
