import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type WebSocket from 'ws';
import { OutboundGuard } from '../../net/outbound-policy.js';
import { RelayTestClient } from './testing/relay-client.js';
import { useRelayWorld, type RelayedConnection } from './testing/relay-world.js';
import { startUpstreamServer, type UpstreamServer } from '../../testing/upstream-server.js';
import { nextEvent, within } from '../../testing/within.js';
import { UpstreamSession, type UpstreamSessionEvents } from '../engine/upstream-session.js';

/** The header fields of each whole frame in `bytes` (a client's frames carry a masking key). */
function frameHeaders(bytes: Buffer): Array<{ fin: boolean; opcode: number; masked: boolean; length: number }> {
  const headers = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    const masked = (bytes[at + 1]! & 0x80) !== 0;
    let length = bytes[at + 1]! & 0x7f;
    let offset = at + 2;
    if (length === 126) [length, offset] = [bytes.readUInt16BE(offset), offset + 2];
    else if (length === 127) [length, offset] = [Number(bytes.readBigUInt64BE(offset)), offset + 8];
    if (masked) offset += 4;
    if (offset + length > bytes.length) break;
    headers.push({ fin: (bytes[at]! & 0x80) !== 0, opcode: bytes[at]! & 0x0f, masked, length });
    at = offset + length;
  }
  return headers;
}

/** The server-side socket under a ws connection, to write frames ws would not write (half a frame). */
function rawSocketOf(ws: WebSocket): Socket {
  return (ws as unknown as { _socket: Socket })._socket;
}

describe('binary frames from upstream: a session with binaryFrames', { timeout: 30_000 }, () => {
  let upstream: UpstreamServer;

  before(async () => {
    upstream = await startUpstreamServer();
  });
  after(async () => {
    await upstream.close();
  });

  it('hands on binary frames exactly as the server sent them (fragments stay fragments); text still comes as messages', async () => {
    const received: string[] = [];
    const frames: Buffer[] = [];
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    let gotAll!: () => void;
    const all = new Promise<void>((resolve) => (gotAll = resolve));
    const events: UpstreamSessionEvents = {
      accepted() {},
      rejected: (code, why) => assert.fail(`rejected ${code}: ${why}`),
      opened: () => opened(),
      failed: (status, why) => assert.fail(`failed ${status}: ${why}`),
      message(data, isBinary) {
        received.push(`${isBinary ? 'binary' : 'text'} ${data.toString()}`);
        if (data.toString() === 'last') gotAll();
      },
      binaryFrames(parts) {
        const bytes = Buffer.concat(parts);
        frames.push(bytes);
        received.push(`frames ${bytes.length}`);
      },
      ended() {},
      fault: (error) => assert.fail(String(error)),
    };
    const connection = nextEvent<[WebSocket]>(upstream, 'connection');
    const session = new UpstreamSession(
      { url: `${upstream.origin}/quiet`, options: {} },
      {
        settings: { files: undefined, allowLoopbackOnly: true, strictTls: false, maxReceiveBytes: 1 << 20, handshakeTimeoutMs: 5000 },
        guard: new OutboundGuard({ allowLoopbackOnly: true }, () => []),
        env: {},
        limitsOwner: 'the test',
        log() {},
        notice() {},
      },
      events,
    );
    session.start();
    const [server] = await within(connection, 5000, 'upstream connection');
    await within(open, 5000, 'opened');
    server.send('first');
    server.send(Buffer.from('ab'), { binary: true, fin: false });
    server.send(Buffer.from('cd'), { binary: true, fin: true });
    server.send(Buffer.alloc(300, 7), { binary: true });
    server.send('last');
    await within(all, 5000, 'the last message');
    const wire = Buffer.concat(frames);
    assert.deepEqual(
      wire,
      Buffer.concat([
        Buffer.from([0x02, 2]),
        Buffer.from('ab'),
        Buffer.from([0x80, 2]),
        Buffer.from('cd'),
        Buffer.from([0x82, 126, 1, 44]),
        Buffer.alloc(300, 7),
      ]),
    );
    assert.equal(received[0], 'text first');
    assert.equal(received.at(-1), 'text last');
    session.abort();
    await within(session.closed, 5000, 'session closed');
  });
});

describe('frames through the relay', { timeout: 30_000 }, () => {
  const world = useRelayWorld();
  const open = (): Promise<RelayedConnection> => world.open();

  it("passes the page's frames upstream as the page framed them, after what it sent before upstream opened", async () => {
    const raw: Buffer[] = [];
    world.upstream.once('connection', (server: WebSocket) => rawSocketOf(server).on('data', (chunk: Buffer) => raw.push(chunk)));
    const connection = nextEvent<[WebSocket]>(world.upstream, 'connection');
    const client = await RelayTestClient.connect(world.relay, `${world.upstream.origin}/driven`);
    client.leg.send('early');
    const [server] = await within(connection, 5000, 'upstream connection');
    const messages: string[] = [];
    const all = new Promise<void>((resolve) =>
      server.on('message', (data, isBinary) => {
        if (messages.push(`${isBinary ? 'binary' : 'text'} ${String(data)}`) === 3) resolve();
      }),
    );
    assert.equal((await client.handshake()).at(-1)?.op, 'opened');
    client.leg.send(Buffer.from('ab'), { binary: true, fin: false });
    client.leg.send(Buffer.from('cd'), { binary: true, fin: true });
    client.leg.send('last');
    await within(all, 5000, 'the messages upstream');
    assert.deepEqual(messages, ['text early', 'binary abcd', 'text last']);
    // The fragments arrive as fragments: the relay did not assemble and re-frame them.
    assert.deepEqual(frameHeaders(Buffer.concat(raw)), [
      { fin: true, opcode: 1, masked: true, length: 5 },
      { fin: false, opcode: 2, masked: true, length: 2 },
      { fin: true, opcode: 0, masked: true, length: 2 },
      { fin: true, opcode: 1, masked: true, length: 4 },
    ]);
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
  });

  it('keeps the order of text, binary fragments, pings and large messages', async () => {
    const { client, server } = await open();
    const big = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
    server.send('one');
    server.send(Buffer.from('frag'), { binary: true, fin: false });
    server.ping('in between');
    server.send(Buffer.from('mented'), { binary: true, fin: true });
    server.send(big, { binary: true });
    server.send('two');
    const got = [];
    for (let i = 0; i < 4; i++) got.push(await client.nextData());
    assert.deepEqual(
      got.map(({ data, isBinary }) => (data.length > 100 ? `${isBinary} ${data.length}` : `${isBinary} ${data.toString()}`)),
      ['false one', 'true fragmented', `true ${big.length}`, 'false two'],
    );
    assert.ok(got[2]!.data.equals(big), 'the large message arrives intact');
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
  });

  it('never puts half a frame on the leg: the page closing while a frame is on its way gets a clean close', async () => {
    const { client, server } = await open();
    // A text message, then the header and half the payload of a 1000-byte binary frame,
    // in one write (one read at the relay); the rest of the frame never comes.
    const marker = Buffer.concat([Buffer.from([0x81, 6]), Buffer.from('marker')]);
    rawSocketOf(server).write(Buffer.concat([marker, Buffer.from([0x82, 126, 0x03, 0xe8]), Buffer.alloc(500, 1)]));
    const serverSawClose = nextEvent<[number]>(server, 'close');
    assert.equal((await client.nextData()).data.toString(), 'marker');
    client.leg.close(1000, 'bye');
    assert.deepEqual(await within(client.closed, 5000, 'leg close'), { code: 1000, reason: 'bye' });
    server.terminate();
    await within(serverSawClose, 5000, 'upstream close');
  });
});
