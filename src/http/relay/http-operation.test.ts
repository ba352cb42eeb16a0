import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type WebSocket from 'ws';
import { MESSAGE_TOO_BIG, NORMAL_CLOSURE, POLICY_VIOLATION } from '../../protocol/close-codes.js';
import { openLeg } from '../../relay/testing/open-leg.js';
import { nextEvent, until, within } from '../../testing/within.js';
import { DATA_WINDOW_BYTES, MAX_BODY_PIECE_BYTES, MAX_HELD_UPLOAD_BYTES, MAX_UPLOAD_BYTES } from '../core/relay-messages.js';
import { toRelayRequest } from '../core/relay-request.js';
import { wireRequest } from '../engine/testing/run-transfer.js';
import { useHttpRelayWorld } from '../../testing/http-relay-world.js';

// The http operation reads the page as strictly as the page reads it: what the core
// could not have sent is a bug or an attack, and ends that leg with 1008 and a short
// reason; the relay goes on. Driven by raw legs, as a hostile page would.

/** The request as the page sends it, with `patch` over its fields. */
function requestText(url: string, patch: Record<string, unknown> = {}, body?: Uint8Array): string {
  const { message } = toRelayRequest(wireRequest(url, body === undefined ? {} : { method: 'POST', body }), 'page-x');
  return JSON.stringify({ ...message, ...patch });
}

/** The close code and reason the relay ends `leg` with. */
async function closing(leg: WebSocket): Promise<[number, string]> {
  const [code, reason] = await nextEvent<[number, Buffer]>(leg, 'close');
  return [code, reason.toString()];
}

/** Every message the relay sends on `leg`: replies as parsed JSON, binary as its length. */
function collect(leg: WebSocket): Array<Record<string, unknown> | number> {
  const seen: Array<Record<string, unknown> | number> = [];
  leg.on('message', (data: Buffer, isBinary: boolean) =>
    seen.push(isBinary ? data.length : (JSON.parse(data.toString()) as Record<string, unknown>)),
  );
  return seen;
}

describe('the http operation refuses malformed page messages (1008) and goes on', { timeout: 60_000 }, () => {
  const world = useHttpRelayWorld({ handshakeTimeoutMs: 500 });

  it('a request the core could not have built', async () => {
    const bad: ReadonlyArray<readonly [Record<string, unknown>, RegExp]> = [
      [{ session: '' }, /http\.session/],
      [{ session: 'has space' }, /http\.session/],
      [{ url: 5 }, /http\.url/],
      [{ headers: [['X-Upper', 'v']] }, /http\.headers/],
      [
        {
          headers: [
            ['a', 'v'],
            ['a', 'w'],
          ],
        },
        /http\.headers/,
      ],
      [{ headers: [['a', 1]] }, /http\.headers/],
      [{ bodyLength: -1 }, /http\.bodyLength/],
      [{ bodyLength: 10 }, /without a body/],
      [{ hasBody: true, bodyLength: 200 * 1024 * 1024 }, /http\.bodyLength/],
      [{ mode: 'stream!' }, /http\.mode/],
      [{ maxLimit: 1.5 }, /http\.maxLimit/],
      [{ transport: null }, /http\.transport/],
      [{ transport: { ...JSON.parse(requestText('http://x/')).transport, cookieJar: { object: '' } } }, /cookieJar/],
      [{ transport: { ...JSON.parse(requestText('http://x/')).transport, proxy: { host: 'p', port: 'x', exclusionList: [] } } }, /proxy/],
      [{ transport: { ...JSON.parse(requestText('http://x/')).transport, tls: {} } }, /tls/],
    ];
    for (const [patch, reason] of bad) {
      const leg = await openLeg(world.relay);
      leg.send(requestText(`${world.server.origin}/echo`, patch));
      const [code, said] = await closing(leg);
      assert.equal(code, POLICY_VIOLATION, JSON.stringify(patch));
      assert.match(said, reason);
    }
    assert.equal(world.server.requests.length, 0);
  });

  it('a body that is not what the request declared, or does not come', async () => {
    const body = new Uint8Array(10);
    // Text where body bytes are due.
    let leg = await openLeg(world.relay);
    leg.send(requestText(`${world.server.origin}/echo`, {}, body));
    leg.send('{"op":"ack","bytes":0}');
    assert.deepEqual(await closing(leg), [POLICY_VIOLATION, 'text where body bytes were due']);
    // More bytes than declared.
    leg = await openLeg(world.relay);
    leg.send(requestText(`${world.server.origin}/echo`, {}, body));
    leg.send(new Uint8Array(11));
    assert.deepEqual(await closing(leg), [POLICY_VIOLATION, 'more body bytes than declared']);
    // Fewer, and then nothing (handshakeTimeoutMs is 500 here).
    leg = await openLeg(world.relay);
    leg.send(requestText(`${world.server.origin}/echo`, {}, body));
    leg.send(new Uint8Array(5));
    assert.deepEqual(await closing(leg), [POLICY_VIOLATION, 'no body in time']);
    // A piece over the operation's limit: 1009, as ws ends any leg past its limit.
    leg = await openLeg(world.relay);
    leg.send(requestText(`${world.server.origin}/echo`, {}, new Uint8Array(MAX_BODY_PIECE_BYTES + 1)));
    leg.send(new Uint8Array(MAX_BODY_PIECE_BYTES + 1));
    assert.equal((await closing(leg))[0], MESSAGE_TOO_BIG);
    assert.equal(world.server.requests.length, 0);
  });

  it('during the transfer: binary from the page, an ack of bytes never sent, a message that is not an ack', async () => {
    const cases: ReadonlyArray<readonly [string | Uint8Array, string]> = [
      [new Uint8Array(3), 'body bytes after the body'],
      ['{"op":"ack","bytes":100000}', 'ack of bytes not sent'],
      ['{"op":"ack","bytes":-1}', 'ack.bytes is not a count'],
      ['{"op":"http"}', 'only ack may follow the body'],
      ['not json', 'the request is not JSON'],
    ];
    for (const [message, reason] of cases) {
      const leg = await openLeg(world.relay);
      const seen = collect(leg);
      leg.send(requestText(`${world.server.origin}/hang-body`));
      await until(() => seen.some((entry) => typeof entry === 'number'), 'the first body bytes');
      assert.equal(world.server.openSockets, 1);
      leg.send(message);
      assert.deepEqual(await closing(leg), [POLICY_VIOLATION, reason]);
      // The upstream connection went with the leg.
      await within(world.server.whenNoSockets(), 5000, 'the upstream socket to close');
    }
  });

  it('a page that stops acknowledging is stuck: its leg ends and the upstream connection closes', async () => {
    const leg = await openLeg(world.relay);
    const seen = collect(leg);
    leg.send(requestText(`${world.server.origin}/flood?size=${2 * DATA_WINDOW_BYTES}`, { mode: 'stream' }));
    assert.deepEqual(await closing(leg), [POLICY_VIOLATION, 'no ack in time']);
    const bytes = seen.filter((entry): entry is number => typeof entry === 'number').reduce((sum, length) => sum + length, 0);
    // The window and at most one chunk the engine had already read.
    assert.ok(bytes > 0 && bytes <= DATA_WINDOW_BYTES + 64 * 1024, String(bytes));
    await within(world.server.whenNoSockets(), 5000, 'the upstream socket to close');
  });

  it('goes on: a good request after all that works', async () => {
    const leg = await openLeg(world.relay);
    const seen = collect(leg);
    leg.send(requestText(`${world.server.origin}/text?body=still%20here`));
    assert.equal((await closing(leg))[0], NORMAL_CLOSURE);
    assert.deepEqual(
      seen.map((entry) => (typeof entry === 'number' ? 'data' : entry.op)),
      ['headers', 'data', 'end'],
    );
    assert.ok(!world.logger.lines.some((line) => line.startsWith('error')), world.logger.lines.join('\n'));
  });
});

describe('the uploads a relay holds at once are bounded: past them a request fails as out of memory (2300027)', { timeout: 60_000 }, () => {
  const world = useHttpRelayWorld({ handshakeTimeoutMs: 20_000 });

  /** A leg whose request declares a body of `bytes`, none of which it sends. */
  async function declaring(bytes: number): Promise<WebSocket> {
    const leg = await openLeg(world.relay);
    leg.send(requestText(`${world.server.origin}/echo`, { hasBody: true, bodyLength: bytes }, new Uint8Array(1)));
    return leg;
  }

  it('held by declaration, given back when a leg ends; a small body still fits beside them', async () => {
    // The sizes below: two largest uploads and a small one fit, a third largest does not.
    assert.ok(2 * MAX_UPLOAD_BYTES + 3 <= MAX_HELD_UPLOAD_BYTES && 3 * MAX_UPLOAD_BYTES > MAX_HELD_UPLOAD_BYTES);
    const held = [await declaring(MAX_UPLOAD_BYTES), await declaring(MAX_UPLOAD_BYTES)];
    // A third 100 MiB would pass MAX_HELD_UPLOAD_BYTES: failed with curl 27 at once, said why, the leg ended normally.
    const third = await declaring(MAX_UPLOAD_BYTES);
    const seen = collect(third);
    assert.deepEqual(await closing(third), [NORMAL_CLOSURE, 'uploads held at their limit']);
    assert.equal(seen.length, 1);
    assert.equal((seen[0] as Record<string, unknown>).op, 'failed');
    assert.equal((seen[0] as Record<string, unknown>).code, 27);
    assert.match(String((seen[0] as Record<string, unknown>).why), /holds as many uploads as it may/);
    assert.equal(world.server.requests.length, 0, 'nothing went upstream');

    // A small upload fits beside the two held ones and goes through.
    const small = await openLeg(world.relay);
    const replies = collect(small);
    const body = new TextEncoder().encode('abc');
    small.send(requestText(`${world.server.origin}/echo`, {}, body));
    small.send(body);
    await within(
      new Promise<void>((resolve) =>
        small.on('message', () => replies.some((reply) => typeof reply === 'object' && reply.op === 'end') && resolve()),
      ),
      10_000,
      'the small upload did not end',
    );
    small.close();

    // One held leg broken off by the relay gives its room back before its close reaches the page.
    held[0]!.send('{"op":"ack","bytes":0}');
    assert.deepEqual(await closing(held[0]!), [POLICY_VIOLATION, 'text where body bytes were due']);
    // So another 100 MiB is taken now: the relay waits for its body (text there ends it with 1008, not 1000).
    const next = await declaring(MAX_UPLOAD_BYTES);
    next.send('{"op":"ack","bytes":0}');
    assert.deepEqual(await closing(next), [POLICY_VIOLATION, 'text where body bytes were due']);
    held[1]!.close();
  });
});
