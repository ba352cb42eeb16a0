import assert from 'node:assert/strict';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import type WebSocket from 'ws';
import { encodeCloseCode } from '../protocol/relay-protocol.js';
import { RelayTestClient } from '../web-socket/relay/testing/relay-client.js';
import { useRelayWorld, type RelayedConnection } from '../web-socket/relay/testing/relay-world.js';
import { nextEvent, within } from '../testing/within.js';
import { WriteCoalescer } from './write-coalescer.js';

/** Both ends of one TCP connection on 127.0.0.1, closed when the test ends (passed or not). */
async function socketPair(t: TestContext): Promise<{ writer: Socket; reader: Socket }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = nextEvent<[Socket]>(server, 'connection');
  const writer = connect((server.address() as AddressInfo).port, '127.0.0.1');
  t.after(() => {
    writer.destroy();
    server.close();
  });
  const [[reader]] = await Promise.all([accepted, nextEvent(writer, 'connect')]);
  t.after(() => reader.destroy());
  return { writer, reader };
}

/** Resolves with the first `length` bytes `socket` receives. */
function receive(socket: Socket, length: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let received = 0;
  return within(
    new Promise((resolve) => {
      socket.on('data', (data: Buffer) => {
        parts.push(data);
        received += data.length;
        if (received >= length) resolve(Buffer.concat(parts));
      });
    }),
    5000,
    `${length} bytes`,
  );
}

const endOfTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('WriteCoalescer', { timeout: 10_000 }, () => {
  it('holds small frames until the end of the tick, then hands them to the socket together, in order', async (t) => {
    const { writer, reader } = await socketPair(t);
    const coalescer = new WriteCoalescer(writer);
    const frames = [Buffer.from('one'), Buffer.from('two'), Buffer.from('three')];
    const total = Buffer.concat(frames);
    const arrived = receive(reader, total.length);
    for (const frame of frames) {
      coalescer.beforeWrite(frame.length);
      writer.write(frame);
    }
    assert.equal(writer.writableCorked, 1);
    assert.equal(writer.writableLength, total.length, 'nothing reached the kernel yet');
    await endOfTick();
    assert.equal(writer.writableCorked, 0);
    assert.deepEqual(await arrived, total);
  });

  it('writes a large frame at once, after what was held', async (t) => {
    const { writer, reader } = await socketPair(t);
    const coalescer = new WriteCoalescer(writer);
    const small = Buffer.from('small first');
    const large = Buffer.alloc(64 * 1024, 7);
    const arrived = receive(reader, small.length + large.length);
    coalescer.beforeWrite(small.length);
    writer.write(small);
    coalescer.beforeWrite(large.length);
    assert.equal(writer.writableCorked, 0, 'the held frame went out before the large one');
    writer.write(large);
    assert.deepEqual(await arrived, Buffer.concat([small, large]));
  });

  it('flush() hands over at once, and the end of the tick then leaves a cork of someone else alone', async (t) => {
    const { writer, reader } = await socketPair(t);
    const coalescer = new WriteCoalescer(writer);
    const arrived = receive(reader, 4);
    coalescer.beforeWrite(4);
    writer.write('held');
    coalescer.flush();
    assert.equal(writer.writableCorked, 0);
    // ws corks the socket itself around a frame's header and payload.
    writer.cork();
    await endOfTick();
    assert.equal(writer.writableCorked, 1, 'not uncorked twice');
    writer.uncork();
    assert.equal((await arrived).toString(), 'held');
  });
});

describe('WriteCoalescer in the relay: bursts keep their order, their close and their drop', { timeout: 30_000 }, () => {
  const world = useRelayWorld();

  /** Numbered frames, text and binary, one large in the middle: what one burst sends. */
  const burst = Array.from({ length: 300 }, (_, index) => {
    if (index === 150) return { data: Buffer.alloc(100 * 1024, index & 0xff), isBinary: true };
    return index % 2 === 0 ? { data: Buffer.from(`text ${index}`), isBinary: false } : { data: Buffer.from(`binary ${index}`), isBinary: true };
  });

  function sendBurst(socket: WebSocket, whenSent?: () => void): void {
    burst.forEach(({ data, isBinary }, index) => {
      socket.send(data, { binary: isBinary }, index === burst.length - 1 ? whenSent : undefined);
    });
  }

  const open = (): Promise<RelayedConnection> => world.open();

  async function expectBurstAtPage(client: RelayTestClient): Promise<void> {
    for (const [index, expected] of burst.entries()) {
      const got = await client.nextData();
      assert.equal(got.isBinary, expected.isBinary, `frame ${index} kept its type`);
      assert.deepEqual(got.data, expected.data, `frame ${index} arrived whole and in order`);
    }
  }

  it('a burst from upstream reaches the page before the close frame that follows it', async () => {
    const { client, server } = await open();
    sendBurst(server);
    server.close(4321, 'after the burst');
    await expectBurstAtPage(client);
    assert.deepEqual(await within(client.closed, 5000, 'leg close'), { code: 4321, reason: 'after the burst' });
  });

  it('a burst from upstream reaches the page before a drop (1006)', async () => {
    const { client, server } = await open();
    sendBurst(server, () => server.terminate());
    await expectBurstAtPage(client);
    assert.equal((await within(client.closed, 5000, 'leg close')).code, 1006);
  });

  it('a burst from the page reaches upstream before the close frame that follows it', async () => {
    const { client, server } = await open();
    const received: Array<{ data: Buffer; isBinary: boolean }> = [];
    server.on('message', (data, isBinary) => received.push({ data: data as Buffer, isBinary }));
    const closed = nextEvent<[number, Buffer]>(server, 'close');
    sendBurst(client.leg);
    client.leg.close(encodeCloseCode(1000), 'page done');
    const [code, reason] = await closed;
    assert.equal(received.length, burst.length, 'every frame came before the close');
    for (const [index, expected] of burst.entries()) {
      assert.equal(received[index]?.isBinary, expected.isBinary, `frame ${index} kept its type`);
      assert.deepEqual(received[index]?.data, expected.data, `frame ${index} arrived whole and in order`);
    }
    assert.equal(code, 1000);
    assert.equal(reason.toString(), 'page done');
  });
});
