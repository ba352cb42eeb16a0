import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { FrameTap, tapFrames, type FrameTapOptions } from './frame-tap.js';
import { nextEvent, within } from '../../testing/within.js';

/**
 * The oracle is ws' own Receiver, as the relay runs it on that side (no UTF-8 check,
 * synchronous events): the same bytes must give the same messages, pings and errors,
 * in the same order, read by ws alone or through the tap (the tap's frames read by a
 * second Receiver standing for the other side, which takes the frames as they are).
 * Every test runs for each side the relay taps: frames from upstream (a server's,
 * unmasked; binary passes), frames from the page (a client's, masked; all data
 * passes), and frames from a client of the app's server (a client's, masked; binary
 * passes, unmasked, to a page, which reads them as a server's).
 */
const require = createRequire(import.meta.url);
const { Receiver } = require('ws') as { Receiver: new (options: object) => WsReceiver };

interface WsReceiver {
  write(chunk: Buffer): boolean;
  readonly writable: boolean;
  on(event: string, listener: (...args: never[]) => void): void;
}

interface Side {
  name: string;
  from: FrameTapOptions['from'];
  pass: FrameTapOptions['pass'];
  unmask?: boolean;
}

const SIDES: Side[] = [
  { name: 'from upstream', from: 'server', pass: 'binary' },
  { name: 'from the page', from: 'client', pass: 'all' },
  { name: "from a client of the app's server", from: 'client', pass: 'binary', unmask: true },
];

const LIMIT = 100_000;

/** A Receiver reading what `side` sends (or, `masked: false`, what the tap hands on unmasked). */
function receiver(side: Side, log: string[], limit = LIMIT, masked = side.from === 'client'): WsReceiver {
  const it = new Receiver({ isServer: masked, maxPayload: limit, skipUTF8Validation: true, allowSynchronousEvents: true });
  it.on('message', (data: Buffer, isBinary: boolean) => log.push(`${isBinary ? 'binary' : 'text'} ${data.length} ${digest(data)}`));
  it.on('ping', (data: Buffer) => log.push(`ping ${data.toString()}`));
  it.on('pong', (data: Buffer) => log.push(`pong ${data.toString()}`));
  it.on('conclude', (code: number, reason: Buffer) => log.push(`close ${code} ${reason.toString()}`));
  it.on('error', (error: Error & { code?: string }) => log.push(`error ${statusOf(error)} ${error.code}`));
  return it;
}

/** The close code ws attaches to a frame error (under a symbol of its own). */
function statusOf(error: Error): unknown {
  const symbol = Object.getOwnPropertySymbols(error).find((key) => key.description === 'status-code');
  return symbol === undefined ? undefined : (error as unknown as Record<symbol, unknown>)[symbol];
}

function digest(data: Buffer): string {
  return createHash('sha1').update(data).digest('hex').slice(0, 8);
}

interface FrameOptions {
  fin?: boolean;
  rsv?: number;
  /** Masked the wrong way for its side: a server's frame with a mask, a client's without. */
  wrongMask?: boolean;
}

/** Frame builders for one side: a client's frames are masked with a random key, as a browser's are. */
function framesOf(side: Side) {
  const frame = (opcode: number, payload: Buffer | string, { fin = true, rsv = 0, wrongMask = false }: FrameOptions = {}): Buffer => {
    const body = Buffer.from(typeof payload === 'string' ? Buffer.from(payload) : payload);
    const masked = (side.from === 'client') !== wrongMask;
    const length = body.length;
    const lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8;
    const header = Buffer.alloc(2 + lengthBytes);
    header[0] = (fin ? 0x80 : 0) | rsv | opcode;
    header[1] = (masked ? 0x80 : 0) | (lengthBytes === 0 ? length : lengthBytes === 2 ? 126 : 127);
    if (lengthBytes === 2) header.writeUInt16BE(length, 2);
    if (lengthBytes === 8) header.writeBigUInt64BE(BigInt(length), 2);
    if (!masked) return Buffer.concat([header, body]);
    const key = randomBytes(4);
    for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!;
    return Buffer.concat([header, key, body]);
  };
  return {
    frame,
    binary: (size: number, seed = size, options?: FrameOptions) => frame(0x2, Buffer.alloc(size, seed & 0xff), options),
    text: (value: string, options?: FrameOptions) => frame(0x1, value, options),
    continuation: (payload: Buffer | string, options?: FrameOptions) => frame(0x0, payload, options),
    ping: (value: string) => frame(0x9, value),
    close: (code: number, reason: string) => frame(0x8, Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason)])),
    /** The mask bit and key where the side has them, for hand-made headers. */
    maskBit: side.from === 'client' ? 0x80 : 0,
    key: side.from === 'client' ? Buffer.alloc(4) : Buffer.alloc(0),
  };
}

/** `stream` cut into pieces of the given sizes, cycling through them. */
function cut(stream: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0, i = 0; at < stream.length; i++) {
    const size = sizes[i % sizes.length]!;
    pieces.push(stream.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

/**
 * A frame as the tap hands it on for `side`: the bytes that came, or, for a side that
 * unmasks, the same frame unmasked (header without mask bit and key, payload in clear).
 */
function passedForm(side: Side, frame: Buffer): Buffer {
  if (side.unmask !== true) return frame;
  const lengthField = frame[1]! & 0x7f;
  const keyAt = 2 + (lengthField === 126 ? 2 : lengthField === 127 ? 8 : 0);
  const header = Buffer.from(frame.subarray(0, keyAt));
  header[1] = header[1]! & 0x7f;
  const key = frame.subarray(keyAt, keyAt + 4);
  const payload = Buffer.from(frame.subarray(keyAt + 4));
  for (let i = 0; i < payload.length; i++) payload[i]! ^= key[i % 4]!;
  return Buffer.concat([header, payload]);
}

/** What ws alone makes of the stream. */
function readByWs(side: Side, pieces: Buffer[], limit = LIMIT): string[] {
  const log: string[] = [];
  const alone = receiver(side, log, limit);
  for (const piece of pieces) {
    if (!alone.writable) break;
    // A copy: a server's Receiver unmasks a client's payload where it lies.
    alone.write(Buffer.from(piece));
  }
  return log;
}

interface TapRun {
  log: string[];
  /** Every hand-over of frames, as the bytes it carried. */
  handOvers: Buffer[];
  tap: FrameTap;
}

/**
 * What the other side sees through the tap (its frames read by a Receiver standing for
 * it), and ws beside it. `startPassingAfter`: pieces read before the tap starts passing.
 */
function readThroughTap(side: Side, pieces: Buffer[], limit = LIMIT, startPassingAfter = 0): TapRun {
  const log: string[] = [];
  const own = receiver(side, log, limit);
  // The other side takes whatever the relay lets through.
  const other = receiver(side, log, 0, side.from === 'client' && side.unmask !== true);
  const handOvers: Buffer[] = [];
  const tap = new FrameTap(
    { maxMessageBytes: limit, from: side.from, pass: side.pass, unmask: side.unmask === true, passing: startPassingAfter === 0 },
    {
      frames: (parts) => {
        const bytes = Buffer.concat(parts);
        handOvers.push(Buffer.from(bytes));
        other.write(bytes);
      },
      receive: (bytes) => own.write(bytes),
      receiving: () => own.writable,
    },
  );
  pieces.forEach((piece, index) => {
    if (index === startPassingAfter && startPassingAfter > 0) tap.startPassing();
    // A copy, as a socket's read is its own: a tap that unmasks does so where the bytes lie.
    tap.write(Buffer.from(piece));
  });
  return { log, handOvers, tap };
}

/** The errors ws reports on 'error' come a tick later; the logs are compared after them. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

async function assertSameAsWs(side: Side, stream: Buffer, sizes: number[], limit = LIMIT): Promise<TapRun> {
  const pieces = cut(stream, sizes);
  const alone = readByWs(side, pieces, limit);
  const run = readThroughTap(side, pieces, limit);
  await settled();
  assert.deepEqual(run.log, alone, `pieces of ${sizes.join('/')} bytes`);
  return run;
}

const SPLITS = [[1], [2], [3], [7], [13, 1], [1000], [65536], [1 << 20]];

for (const side of SIDES) {
  const { frame, binary, text, continuation, ping, close, maskBit, key } = framesOf(side);
  const same = (stream: Buffer, sizes: number[], limit = LIMIT) => assertSameAsWs(side, stream, sizes, limit);
  /** What passes on this side: binary frames only, or text too. */
  const passes = (isText: boolean) => !isText || side.pass === 'all';

  describe(`FrameTap ${side.name}: the other side gets what ws alone would deliver`, () => {
    const mixed = Buffer.concat([
      binary(10),
      binary(300),
      text('héllo'),
      ping('p1'),
      binary(70_000),
      binary(0),
      text(''),
      frame(0xa, 'p2'),
      binary(125),
      binary(126),
      binary(65_535),
      binary(65_536),
      close(1000, 'bye'),
    ]);

    for (const sizes of SPLITS) {
      it(`binary, text and control frames keep their order, cut into pieces of ${sizes.join('/')} bytes`, async () => {
        await same(mixed, sizes);
      });
    }

    it(`hands frames on as the very bytes that came${side.unmask ? ' (unmasked)' : ''}, the complete frames of one read at once`, () => {
      const frames = [binary(10), binary(300), binary(70_000)];
      const { handOvers } = readThroughTap(side, [Buffer.concat(frames)]);
      assert.equal(handOvers.length, 1);
      assert.deepEqual(handOvers[0], Buffer.concat(frames.map((one) => passedForm(side, one))));
    });

    it('hands a frame on only once it is complete (the page never holds half a frame)', () => {
      const frames = [binary(5000), binary(20), binary(3)];
      const passed = frames.map((one) => passedForm(side, one));
      const { handOvers } = readThroughTap(side, cut(Buffer.concat(frames), [1, 700, 4096]));
      assert.deepEqual(Buffer.concat(handOvers), Buffer.concat(passed));
      let at = 0;
      for (const handOver of handOvers) {
        at += handOver.length;
        const boundaries = passed.reduce<number[]>((list, next) => [...list, (list.at(-1) ?? 0) + next.length], []);
        assert.ok(boundaries.includes(at), `a hand-over ended at byte ${at}, inside a frame`);
      }
    });

    it('forwards a fragmented binary message frame by frame, a ping in between going to ws in its place', async () => {
      const stream = Buffer.concat([
        binary(1000, 1, { fin: false }),
        ping('mid'),
        continuation(Buffer.alloc(2000, 2), { fin: false }),
        continuation(Buffer.alloc(5, 3)),
        text('after'),
      ]);
      for (const sizes of SPLITS) await same(stream, sizes);
    });

    it('leaves a fragmented text message, and a binary message after it, as ws reads them', async () => {
      const stream = Buffer.concat([text('frag', { fin: false }), ping('x'), continuation('mented'), binary(4), text('whole')]);
      for (const sizes of SPLITS) await same(stream, sizes);
    });

    it('stops reading after the close frame, as ws does', async () => {
      const run = await same(Buffer.concat([binary(4), close(1001, 'away'), binary(8), text('late')]), [1000]);
      assert.equal(run.tap.stopped, true);
      assert.equal(Buffer.concat(run.handOvers).length, passedForm(side, binary(4)).length);
    });

    it(`passes ${side.pass === 'all' ? 'text and binary' : 'binary, not text'}`, () => {
      const [textFrame, binaryFrame] = [text('t'), binary(2)];
      const { handOvers } = readThroughTap(side, [Buffer.concat([textFrame, binaryFrame])]);
      const expected = passes(true) ? [textFrame, binaryFrame] : [binaryFrame];
      assert.deepEqual(Buffer.concat(handOvers), Buffer.concat(expected.map((one) => passedForm(side, one))));
    });

    it('until startPassing(), leaves every message to ws; then passes from the next message on, a fragmented one under way staying with ws', async () => {
      const pieces = [binary(5), binary(6, 1, { fin: false }), continuation(Buffer.alloc(3, 2)), text('x'), binary(7)];
      for (const startAfter of [1, 2, 3, 4]) {
        const alone = readByWs(side, pieces);
        const run = readThroughTap(side, pieces, LIMIT, startAfter);
        await settled();
        assert.deepEqual(run.log, alone);
        // The frames of the messages that began after startPassing(), whole and in order.
        const passedFrom = startAfter === 2 ? 3 : startAfter;
        const expected = pieces.slice(passedFrom).filter((_, i) => passes(pieces[passedFrom + i]![0]! % 16 === 1));
        assert.deepEqual(
          Buffer.concat(run.handOvers),
          Buffer.concat(expected.map((one) => passedForm(side, one))),
          `startPassing() after ${startAfter} frames`,
        );
      }
    });
  });

  describe(`FrameTap ${side.name}: ws judges every bad frame, with its own code`, () => {
    const cases: Array<[string, Buffer[], number?]> = [
      ['a binary message over the limit', [binary(8), binary(101)], 100],
      [
        'a binary message over the limit in its third fragment',
        [binary(40, 1, { fin: false }), continuation(Buffer.alloc(40), { fin: false }), continuation(Buffer.alloc(21))],
        100,
      ],
      ['a text message over the limit in its second fragment', [text('x'.repeat(60), { fin: false }), continuation('y'.repeat(41))], 100],
      ['a text message over the limit', [text('z'.repeat(101))], 100],
      ['a frame masked the wrong way for its side', [binary(4), binary(4, 1, { wrongMask: true })]],
      ['a reserved bit set', [binary(4, 1, { rsv: 0x40 })]],
      ['RSV2 set on text', [text('a', { rsv: 0x20 })]],
      ['a reserved data opcode', [frame(0x3, 'x')]],
      ['a reserved control opcode', [frame(0xb, 'x')]],
      ['a continuation with no message in progress', [binary(2), continuation('x')]],
      ['a binary frame in the middle of a fragmented binary message', [binary(4, 1, { fin: false }), binary(4)]],
      ['a text frame in the middle of a fragmented binary message', [binary(4, 1, { fin: false }), text('t')]],
      ['a binary frame in the middle of a fragmented text message', [text('t', { fin: false }), binary(4)]],
      ['a fragmented ping', [frame(0x9, 'p', { fin: false })]],
      ['a ping with a 126-byte payload', [frame(0x9, Buffer.alloc(126))]],
      ['a close frame with a code that may not be sent', [binary(1), close(1005, '')]],
    ];
    for (const [name, frames, limit] of cases) {
      it(name, async () => {
        const stream = Buffer.concat([...frames, binary(3, 9), text('never')]);
        for (const sizes of [[1], [5], [100_000]]) {
          const run = await same(stream, sizes, limit);
          assert.ok(run.log.at(-1)?.startsWith('error') || run.log.at(-1)?.startsWith('close'), run.log.join('\n'));
        }
      });
    }

    it('takes messages of any size when the limit is 0, as ws does', async () => {
      await same(
        Buffer.concat([binary(200_000), text('t'.repeat(150_000)), binary(4, 1, { fin: false }), continuation(Buffer.alloc(300_000))]),
        [65536],
        0,
      );
    });

    it('refuses a 64-bit length past 2^53 - 1 as ws does', async () => {
      const header = Buffer.concat([Buffer.from([0x82, maskBit | 127, 0x00, 0x20, 0, 0, 0, 0, 0, 0]), key]);
      const run = await same(Buffer.concat([binary(2), header, Buffer.alloc(10)]), [3]);
      assert.equal(run.tap.stopped, true);
    });
  });
}

describe('tapFrames on a real ws connection', () => {
  async function connectedPair(): Promise<{ client: WebSocket; server: WebSocket; close: () => Promise<void> }> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await nextEvent(wss, 'listening');
    const accepted = nextEvent<[WebSocket]>(wss, 'connection');
    const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
    await within(nextEvent(client, 'open'), 5000, 'open');
    const [server] = await within(accepted, 5000, 'connection');
    return { client, server, close: () => new Promise((resolve) => wss.close(() => resolve())) };
  }

  it('takes over binary messages and leaves text to ws', async () => {
    const { client, server, close } = await connectedPair();
    const frames: Buffer[] = [];
    const upstreamSide: FrameTapOptions = { maxMessageBytes: 0, from: 'server', pass: 'binary', passing: true };
    assert.ok(
      tapFrames(
        client,
        upstreamSide,
        (parts) => frames.push(Buffer.concat(parts)),
        (error) => assert.fail(String(error)),
      ),
    );
    const texts: string[] = [];
    const done = new Promise<void>((resolve) =>
      client.on('message', (data) => {
        if (texts.push(String(data)) === 2) resolve();
      }),
    );
    server.send('a');
    server.send(Buffer.from([1, 2, 3]));
    server.send('b');
    await within(done, 5000, 'the text messages');
    assert.deepEqual(texts, ['a', 'b']);
    assert.deepEqual(frames, [Buffer.from([0x82, 3, 1, 2, 3])]);
    client.terminate();
    await close();
  });

  it("limitMessages: ws' Receiver judges by the new limit too, and refuses a bigger message with 1009", async () => {
    const { client, server, close } = await connectedPair();
    // The server's side as a relay leg reads the page: ws' own limit first (the server's default maxPayload).
    const tap = tapFrames(
      server,
      { maxMessageBytes: 100 * 1024 * 1024, from: 'client', pass: 'all', passing: false },
      () => assert.fail('nothing passes'),
      (error) => assert.fail(String(error)),
    );
    assert.ok(tap);
    tap.limitMessages(10);
    const received = nextEvent<[Buffer]>(server, 'message');
    client.send(Buffer.alloc(10));
    assert.equal((await received)[0].length, 10);
    const refused = nextEvent<[Error & { code?: string }]>(server, 'error');
    const closed = nextEvent<[number]>(client, 'close');
    client.send(Buffer.alloc(11));
    assert.equal((await refused)[0].code, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
    assert.equal((await closed)[0], 1009);
    await close();
  });

  it('turns a throw inside the tap into onFault, not an uncaught exception', async () => {
    const { client, server, close } = await connectedPair();
    const fault = new Promise<unknown>((resolve) =>
      tapFrames(
        client,
        { maxMessageBytes: 0, from: 'server', pass: 'binary', passing: true },
        () => {
          throw new Error('a bug');
        },
        resolve,
      ),
    );
    server.send(Buffer.from([1]));
    assert.match(String(await within(fault, 5000, 'onFault')), /a bug/);
    client.terminate();
    await close();
  });

  it('leaves a socket whose ws has no Receiver to reach as it is', () => {
    assert.equal(
      tapFrames(
        {} as WebSocket,
        { maxMessageBytes: 0, from: 'server', pass: 'binary', passing: true },
        () => {},
        () => {},
      ),
      undefined,
    );
  });
});
