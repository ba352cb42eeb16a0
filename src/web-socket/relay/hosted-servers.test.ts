import assert from 'node:assert/strict';
import { connect as connectTcp, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { PAGE_GOING_AWAY, encodeCloseCode } from '../../protocol/relay-protocol.js';
import { hungUpWithout101 } from '../../testing/hung-up-without-101.js';
import { nextEvent, until, within } from '../../testing/within.js';
import type { RelayOptions } from '../../entries/relay/compose-relay.js';
import type { RelayServer } from '../../entries/relay/compose-relay.js';
import { CaptureLogger } from '../../relay/testing/capture-logger.js';
import { startLoopbackRelay } from '../../entries/relay/testing/loopback-relay.js';
import { openLeg } from '../../relay/testing/open-leg.js';
import { RelayTestClient } from './testing/relay-client.js';
import { MAX_WAITING_HANDSHAKES } from './hosted-servers.js';

/** A leg's JSON messages, in order, each waited for. */
function messagesOf(leg: WebSocket): (timeoutMs?: number) => Promise<Record<string, unknown>> {
  const queue: Array<Record<string, unknown> | Buffer> = [];
  const waiters: Array<(message: Record<string, unknown> | Buffer) => void> = [];
  leg.on('message', (data, isBinary) => {
    let message: Record<string, unknown> | Buffer = data as Buffer;
    try {
      if (!isBinary) message = JSON.parse((data as Buffer).toString()) as Record<string, unknown>;
    } catch {
      // Application data after the control messages.
    }
    const waiter = waiters.shift();
    if (waiter === undefined) queue.push(message);
    else waiter(message);
  });
  return (timeoutMs = 5000) =>
    within(
      new Promise<Record<string, unknown>>((resolve) => {
        const next = queue.shift();
        if (next !== undefined) resolve(next as Record<string, unknown>);
        else waiters.push((message) => resolve(message as Record<string, unknown>));
      }),
      timeoutMs,
      'a message on the leg',
    );
}

const CONFIG = { serverIP: '', serverPort: 8080, maxConcurrentClientsNumber: 10, maxConnectionsForOneClient: 10 };

/** A client that sends a valid upgrade request and leaves at once: its id ("ip:port"). */
function upgradeAndLeave(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connectTcp({ host: '127.0.0.1', port }, () => {
      socket.write(
        'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
      resolve(`127.0.0.1:${socket.localPort}`);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

// The app's WebSocketServers listening in the relay (relay-messages.ts listen/accept):
// where they bind, what a page may do, and that nothing stays behind.
describe('the relay listens for the app’s servers', { timeout: 60_000 }, () => {
  const logger = new CaptureLogger();
  const relays: RelayServer[] = [];
  let relay: RelayServer;

  async function relayWith(options: Omit<RelayOptions, 'logger'>): Promise<RelayServer> {
    const started = await startLoopbackRelay({ ...options, logger });
    relays.push(started);
    return started;
  }
  before(async () => {
    relay = await relayWith({ servers: { ports: 'free' }, handshakeTimeoutMs: 1500 });
  });
  after(async () => {
    await Promise.all(relays.map((each) => each.close()));
  });

  async function listen(on: RelayServer, config: Record<string, unknown> = CONFIG, page = 'page-a') {
    const leg = await openLeg(on);
    const next = messagesOf(leg);
    leg.send(JSON.stringify({ op: 'listen', page, config }));
    return { leg, next, reply: await next() };
  }

  /** The page lets a waiting client in: an accept leg for it (relay-messages.ts accept). */
  async function accept(on: RelayServer, server: unknown, client: unknown) {
    const leg = await openLeg(on);
    const next = messagesOf(leg);
    leg.send(JSON.stringify({ op: 'accept', server, client }));
    return { leg, next };
  }

  it('binds loopback on a free port for the app’s port, whatever serverIP says, and tells where', async () => {
    const { leg, reply } = await listen(relay, { ...CONFIG, serverIP: '0.0.0.0', serverPort: 8081 });
    assert.equal(reply.op, 'listening');
    assert.equal(reply.host, '127.0.0.1');
    assert.notEqual(reply.port, 8081);
    assert.deepEqual(await relay.whenListening(8081), { host: '127.0.0.1', port: reply.port });
    assert.deepEqual(relay.servers, [{ appPort: 8081, host: '127.0.0.1', port: reply.port, clients: 0 }]);
    leg.close();
    await nextEvent(leg, 'close');
  });

  it('holds each client without a 101 until the page takes it on an accept leg: data both ways, close codes exact, connect rewritten to the real port', async () => {
    const { leg, next, reply } = await listen(relay, { ...CONFIG, serverPort: 8082 });
    const client = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
    const opened = nextEvent(client, 'open');
    const notice = await next();
    assert.equal(notice.op, 'connection');
    assert.equal(notice.clientIP, '127.0.0.1');
    assert.equal(notice.client, `127.0.0.1:${String(notice.clientPort)}`);
    // No 101 before the page's decision: the client is still connecting.
    assert.equal(client.readyState, WebSocket.CONNECTING);
    const { leg: taken, next: acceptNext } = await accept(relay, reply.server, notice.client);
    assert.deepEqual(await acceptNext(), { op: 'accepted' });
    await opened;
    client.send('sent once the page took me');
    assert.equal(String(await acceptNext()), 'sent once the page took me');
    const toClient = nextEvent<[Buffer]>(client, 'message');
    taken.send('from the page');
    assert.equal((await toClient)[0].toString(), 'from the page');
    // The page's own client on the app's port reaches the server through the relay.
    const pageClient = await RelayTestClient.connect(relay, 'ws://127.0.0.1:8082/');
    const pageNotice = await next();
    assert.equal(pageNotice.op, 'connection');
    const { next: pageAcceptNext } = await accept(relay, reply.server, pageNotice.client);
    assert.deepEqual(await pageAcceptNext(), { op: 'accepted' });
    assert.equal((await pageClient.handshake()).at(-1)?.op, 'opened');
    pageClient.leg.terminate();
    // The app closes the client with 1001: the leg carries it encoded, the client gets it exact.
    const clientClosed = nextEvent<[number, Buffer]>(client, 'close');
    taken.close(encodeCloseCode(1001), 'bye');
    const [code, reason] = await clientClosed;
    assert.deepEqual([code, reason.toString()], [1001, 'bye']);
    leg.close();
    await nextEvent(leg, 'close');
  });

  it('a client’s binary messages reach the page as the client sent them: whole, fragmented, large, empty, between texts, the first at once', async () => {
    const { leg, next, reply } = await listen(relay, { ...CONFIG, serverPort: 8086 });
    const client = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`, { perMessageDeflate: false });
    const opened = nextEvent(client, 'open');
    const notice = await next();
    const accept = await openLeg(relay);
    const received: Array<[string, Buffer]> = [];
    // The page's leg is a ws client: a frame still masked, as the client sent it, would fail it (1002).
    accept.on('message', (data, isBinary) => received.push([isBinary ? 'binary' : 'text', data as Buffer]));
    const acceptedOrEnded = nextEvent(accept, 'message');
    accept.send(JSON.stringify({ op: 'accept', server: reply.server, client: notice.client }));
    await acceptedOrEnded;
    await opened;
    // The first message, sent the moment the client is open.
    const early = Buffer.from([1, 2, 3, 4, 5]);
    client.send(early);
    const large = Buffer.alloc(300 * 1024);
    for (let index = 0; index < large.length; index++) large[index] = (index * 7) & 0xff;
    const fragments = [Buffer.from('frag-'), Buffer.from('men'), Buffer.from('ted')];
    client.send(large);
    client.send('text between');
    client.send(fragments[0]!, { binary: true, fin: false });
    client.send(fragments[1]!, { binary: true, fin: false });
    client.ping('mid');
    client.send(fragments[2]!, { binary: true, fin: true });
    client.send(Buffer.alloc(0));
    client.send('last');
    const expected: Array<[string, Buffer]> = [
      ['text', Buffer.from('{"op":"accepted"}')],
      ['binary', early],
      ['binary', large],
      ['text', Buffer.from('text between')],
      ['binary', Buffer.concat(fragments)],
      ['binary', Buffer.alloc(0)],
      ['text', Buffer.from('last')],
    ];
    await within(
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (received.length >= expected.length) resolve();
          else accept.once('message', check);
        };
        check();
      }),
      5000,
      'the client’s messages on the page’s leg',
    );
    assert.deepEqual(
      received.map(([kind, data]) => [kind, data.length, data.toString('hex').slice(0, 64)]),
      expected.map(([kind, data]) => [kind, data.length, data.toString('hex').slice(0, 64)]),
    );
    assert.ok(received[2]![1].equals(large), 'the 300 KiB message, byte for byte');
    assert.equal(accept.readyState, WebSocket.OPEN);
    client.close(1000);
    await nextEvent(accept, 'close');
    leg.close();
    await nextEvent(leg, 'close');
  });

  it('a page that goes away takes its server with it: clients dropped, waiting handshakes hung up on, the port given back, nothing left', async () => {
    const { leg, next, reply } = await listen(relay, { ...CONFIG, serverPort: 8083 });
    const client = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
    const opened = nextEvent(client, 'open');
    const { next: acceptNext } = await accept(relay, reply.server, (await next()).client);
    assert.deepEqual(await acceptNext(), { op: 'accepted' });
    await opened;
    const waiting = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
    const waitingHungUp = hungUpWithout101(waiting);
    await next();
    const dropped = nextEvent<[number]>(client, 'close');
    leg.terminate();
    assert.equal((await dropped)[0], 1006);
    await waitingHungUp;
    await until(() => !relay.servers.some((server) => server.appPort === 8083), 'the server to be gone');
    const late = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
    late.on('error', () => {});
    await nextEvent(late, 'close');
  });

  for (const [first, port] of [
    ['listen', 8086],
    ['accept', 8087],
  ] as const) {
    it(`a page that navigates away (its legs close with 1001, the ${first} leg's first): every client hears 1001 with no reason, a waiting handshake is hung up on, the port is given back`, async () => {
      const { leg, next, reply } = await listen(relay, { ...CONFIG, serverPort: port });
      // One client on its accept leg, one the page has not taken yet.
      const taken = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
      const opened = nextEvent(taken, 'open');
      const notice = await next();
      const { leg: acceptLeg, next: acceptNext } = await accept(relay, reply.server, notice.client);
      assert.deepEqual(await acceptNext(), { op: 'accepted' });
      await opened;
      const waiting = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
      const waitingHungUp = hungUpWithout101(waiting);
      await next();
      const closed = nextEvent<[number, Buffer]>(taken, 'close');
      const legs = first === 'listen' ? [leg, acceptLeg] : [acceptLeg, leg];
      for (const each of legs) each.close(PAGE_GOING_AWAY);
      const [code, reason] = await closed;
      assert.deepEqual([code, reason.toString()], [1001, '']);
      // A client whose handshake was waiting never had a 101: there is nothing to close with a code.
      await waitingHungUp;
      await until(() => !relay.servers.some((server) => server.appPort === port), 'the server to be gone');
      const late = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
      late.on('error', () => {});
      assert.equal((await nextEvent<[number]>(late, 'close'))[0], 1006);
    });
  }

  it('stop: every client hears 1001 "server is going away", the page gets stopped, the leg ends with 1000', async () => {
    const { leg, next, reply } = await listen(relay, { ...CONFIG, serverPort: 8084 });
    const client = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
    const opened = nextEvent(client, 'open');
    const { next: acceptNext } = await accept(relay, reply.server, (await next()).client);
    assert.deepEqual(await acceptNext(), { op: 'accepted' });
    await opened;
    const clientClosed = nextEvent<[number, Buffer]>(client, 'close');
    const legClosed = nextEvent<[number]>(leg, 'close');
    leg.send(JSON.stringify({ op: 'stop' }));
    assert.deepEqual(await next(), { op: 'stopped' });
    const [code, reason] = await clientClosed;
    assert.deepEqual([code, reason.toString()], [1001, 'server is going away']);
    assert.equal((await legClosed)[0], 1000);
  });

  it('refuses system ports (2302007), a second server on the app’s port (2302007), and servers past a page’s limit', async () => {
    const strict = await relayWith({ servers: { ports: { 8085: 80 }, maxPerPage: 1 } });
    assert.deepEqual((await listen(strict, { ...CONFIG, serverPort: 8085 })).reply, {
      op: 'listen-failed',
      code: 2302007,
      message: 'Websocket port already occupied',
      why: 'port 80 is a system port, which an app cannot bind',
    });
    const first = await listen(strict, { ...CONFIG, serverPort: 0 });
    assert.equal(first.reply.op, 'listening');
    const second = await listen(strict, { ...CONFIG, serverPort: 0 }, 'page-a');
    assert.equal(second.reply.op, 'listen-failed');
    assert.equal(second.reply.code, 2302999);
    // The device's message for the app; the relay's limit only in the developer's `why`.
    assert.equal(second.reply.message, 'Websocket Unknown Other Error');
    assert.match(String(second.reply.why), /servers\.maxPerPage/);
    const otherPage = await listen(strict, { ...CONFIG, serverPort: 0 }, 'page-b');
    assert.equal(otherPage.reply.op, 'listening', 'another page has servers of its own');
    first.leg.close();
    otherPage.leg.close();
  });

  it('bad input on a server’s legs closes that leg only, with 1008', async () => {
    const { leg, reply } = await listen(relay, { ...CONFIG, serverPort: 8089 });
    const bogus = await openLeg(relay);
    const bogusClosed = nextEvent<[number]>(bogus, 'close');
    bogus.send(JSON.stringify({ op: 'accept', server: 'not-a-server', client: '127.0.0.1:1' }));
    assert.equal((await bogusClosed)[0], 1008);
    const legClosed = nextEvent<[number]>(leg, 'close');
    leg.send('{"op":"teleport"}');
    assert.equal((await legClosed)[0], 1008);
    for (const message of [{ op: 'refuse' }, { op: 'refuse', client: 5 }, { op: 'refuse', client: '127.0.0.1:1', why: 'x'.repeat(301) }, 'stop']) {
      const other = await listen(relay, { ...CONFIG, serverPort: 8090 });
      assert.equal(other.reply.op, 'listening');
      const otherClosed = nextEvent<[number]>(other.leg, 'close');
      other.leg.send(JSON.stringify(message));
      assert.equal((await otherClosed)[0], 1008, JSON.stringify(message));
    }
    const other = await listen(relay, { ...CONFIG, serverPort: 8087 });
    assert.equal(other.reply.op, 'listening');
    other.leg.close();
    assert.ok(reply.server !== undefined);
    for (const config of [
      { ...CONFIG, serverPort: 'x' },
      { ...CONFIG, maxConcurrentClientsNumber: 11 },
    ]) {
      const malformed = await openLeg(relay);
      const closed = nextEvent<[number]>(malformed, 'close');
      malformed.send(JSON.stringify({ op: 'listen', page: 'p', config }));
      assert.equal((await closed)[0], 1008);
    }
  });

  it('a handshake the page never decides on is hung up on after handshakeTimeoutMs, without a 101, and the page hears it is gone', async () => {
    const { leg, next, reply } = await listen(relay, { ...CONFIG, serverPort: 8088 });
    const client = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
    const hungUp = hungUpWithout101(client, 10_000);
    const notice = await next();
    assert.equal(notice.op, 'connection');
    await hungUp;
    assert.deepEqual(await next(), { op: 'gone', client: notice.client });
    assert.ok(logger.matching(`no decision on client ${String(notice.client)}'s handshake`).length > 0);
    // Taken too late: the handshake no longer waits.
    const late = await accept(relay, reply.server, notice.client);
    assert.equal((await nextEvent<[number]>(late.leg, 'close'))[0], 1008);
    leg.close();
  });

  it('refuse: the relay hangs up on the client, which never gets a 101, and logs why', async () => {
    const { leg, next, reply } = await listen(relay, { ...CONFIG, serverPort: 8091 });
    const client = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
    const hungUp = hungUpWithout101(client);
    const notice = await next();
    leg.send(JSON.stringify({ op: 'refuse', client: notice.client, why: 'limits reached' }));
    await hungUp;
    assert.ok(logger.matching(`turned client ${String(notice.client)} away: limits reached`).length > 0);
    // A refusal that crosses the client's going is nothing: the leg stays.
    leg.send(JSON.stringify({ op: 'refuse', client: '127.0.0.1:1' }));
    const after = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
    after.on('error', () => {});
    assert.equal((await next()).op, 'connection');
    after.terminate();
    leg.close();
    await nextEvent(leg, 'close');
  });

  it('a client that leaves while its handshake waits is gone: the page hears it, and an accept for it gets 1008', async () => {
    const { leg, next, reply } = await listen(relay, { ...CONFIG, serverPort: 8092 });
    const id = await upgradeAndLeave(Number(reply.port));
    assert.deepEqual(await next(), { op: 'connection', client: id, clientIP: '127.0.0.1', clientPort: Number(id.split(':')[1]) });
    assert.deepEqual(await next(), { op: 'gone', client: id });
    const taken = await accept(relay, reply.server, id);
    assert.equal((await nextEvent<[number]>(taken.leg, 'close'))[0], 1008);
    leg.close();
    await nextEvent(leg, 'close');
  });

  it(`at most ${MAX_WAITING_HANDSHAKES} handshakes of a server wait for the page: the next is hung up on at once, and logged`, async () => {
    const { leg, next, reply } = await listen(relay, { ...CONFIG, serverPort: 8093 });
    const clients: WebSocket[] = [];
    for (let index = 0; index < MAX_WAITING_HANDSHAKES; index++) {
      const client = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
      client.on('error', () => {});
      clients.push(client);
      assert.equal((await next()).op, 'connection');
    }
    const started = performance.now();
    const extra = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
    await hungUpWithout101(extra);
    // Well before handshakeTimeoutMs (1500 ms here): at once.
    assert.ok(performance.now() - started < 1000, `hung up after ${Math.round(performance.now() - started)} ms`);
    assert.ok(logger.matching(`${MAX_WAITING_HANDSHAKES} handshakes are waiting for a decision already`).length > 0);
    for (const client of clients) client.terminate();
    leg.close();
    await nextEvent(leg, 'close');
  });

  it('an accept past the limits of the page’s listen request gets 1008 and the client is hung up on', async () => {
    const { leg, next, reply } = await listen(relay, { ...CONFIG, serverPort: 8094, maxConcurrentClientsNumber: 1, maxConnectionsForOneClient: 1 });
    const first = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
    const opened = nextEvent(first, 'open');
    const taken = await accept(relay, reply.server, (await next()).client);
    assert.deepEqual(await taken.next(), { op: 'accepted' });
    await opened;
    const second = new WebSocket(`ws://127.0.0.1:${String(reply.port)}/`);
    const hungUp = hungUpWithout101(second);
    const refused = await accept(relay, reply.server, (await next()).client);
    assert.equal((await nextEvent<[number]>(refused.leg, 'close'))[0], 1008);
    await hungUp;
    first.terminate();
    leg.close();
    await nextEvent(leg, 'close');
  });

  it('only a page with the token can start a server', async () => {
    await assert.rejects(openLeg(relay, { token: null }), { status: 401 });
  });

  it('warns when the app’s servers may bind other interfaces', async () => {
    await relayWith({ servers: { loopbackOnly: false } });
    assert.ok(logger.matching('servers.loopbackOnly is false').length > 0);
  });
});
