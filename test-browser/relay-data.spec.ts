/**
 * Application data through the dev relay (WS §3.3; relay-messages.ts connect step 4: no
 * envelope after `opened`): what the server receives is what the app sent, and what
 * the app receives is what the server sent, kind, bytes and order. The device rules for
 * messages an app can observe (reassembled fragments, 1 MiB in one message, order) are
 * cases of the conformance suite (conformance/web-socket/cases/events.ts), run on every wire.
 */
import { createHash } from 'node:crypto';
import { expect, test } from './fixtures.js';
import { uniqueMarker, upstreamConnection } from './support/relay-probes.js';
import { buffer } from './support/shape.js';

const MIB = 1024 * 1024;

/** Byte i of the 1 MiB test payload: not a repeating pattern a short read could fake. */
function patternBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let index = 0; index < size; index += 1) bytes[index] = (index * 31 + (index >>> 8)) % 251;
  return bytes;
}

test('text stays text both ways, with its exact characters', async ({ relayAlwaysKit, relayUpstreams }) => {
  const marker = uniqueMarker();
  const connection = upstreamConnection(relayUpstreams.plain, marker);
  const text = 'héllo ☃ 𝄞 \u0000 end';
  const entries = await relayAlwaysKit.evaluate(
    async ({ url, text }) => {
      const { ws, log } = await window.helpers.openSocket(url);
      ws.send(text);
      return (await log.until('dataEnd')).slice(2);
    },
    { url: `${relayUpstreams.plain.origin}/echo?t=${marker}`, text },
  );
  const received = (await connection).messages;
  expect(entries).toEqual([
    ['message', undefined, text],
    ['dataEnd', undefined],
  ]);
  expect(received).toEqual([{ isBinary: false, data: Buffer.from(text, 'utf8') }]);
});

test('binary stays binary both ways, with its exact bytes', async ({ relayAlwaysKit, relayUpstreams }) => {
  const marker = uniqueMarker();
  const connection = upstreamConnection(relayUpstreams.plain, marker);
  const bytes = [0, 1, 127, 128, 13, 10, 255];
  const entries = await relayAlwaysKit.evaluate(
    async ({ url, bytes }) => {
      const { ws, log } = await window.helpers.openSocket(url);
      ws.send(new Uint8Array(bytes).buffer);
      return (await log.until('dataEnd')).slice(2);
    },
    { url: `${relayUpstreams.plain.origin}/echo?t=${marker}`, bytes },
  );
  const received = (await connection).messages;
  expect(entries).toEqual([
    ['message', undefined, buffer(bytes)],
    ['dataEnd', undefined],
  ]);
  expect(received).toEqual([{ isBinary: true, data: Buffer.from(bytes) }]);
});

test('1 MiB of binary goes up and comes back as the same bytes in one message', async ({ relayAlwaysKit, relayUpstreams }) => {
  const marker = uniqueMarker();
  const connection = upstreamConnection(relayUpstreams.plain, marker);
  const expected = createHash('sha256').update(patternBytes(MIB)).digest('hex');
  const result = await relayAlwaysKit.evaluate(
    async ({ url, size }) => {
      const bytes = new Uint8Array(size);
      for (let index = 0; index < size; index += 1) bytes[index] = (index * 31 + (index >>> 8)) % 251;
      // Its own message listener replaces the recording one (one listener per event, WS §3.1).
      const { ws } = await window.helpers.openSocket(url);
      const arrived = new Promise<ArrayBuffer>((resolve) => ws.on('message', (_err: unknown, data: ArrayBuffer) => resolve(data)));
      ws.send(bytes.buffer);
      const data = await arrived;
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
      return {
        byteLength: data.byteLength,
        isArrayBuffer: data instanceof ArrayBuffer,
        sha256: Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join(''),
      };
    },
    { url: `${relayUpstreams.plain.origin}/echo?t=${marker}`, size: MIB },
  );
  const received = (await connection).messages;
  expect(result).toEqual({ byteLength: MIB, isArrayBuffer: true, sha256: expected });
  expect(received.map(({ isBinary, data }) => ({ isBinary, sha256: createHash('sha256').update(data).digest('hex') }))).toEqual([
    { isBinary: true, sha256: expected },
  ]);
});

test('100 messages, text and binary mixed, reach the upstream in order, each of its kind', async ({ relayAlwaysKit, relayUpstreams }) => {
  const marker = uniqueMarker();
  const connection = upstreamConnection(relayUpstreams.plain, marker);
  const COUNT = 100;
  const arrived = await relayAlwaysKit.evaluate(
    async ({ url, count }) => {
      const { ws, log } = await window.helpers.openSocket(url);
      for (let index = 0; index < count; index += 1) ws.send(index % 2 === 0 ? `m${index}` : new Uint8Array([index]).buffer);
      const entries = await log.until('message', count);
      return entries.filter(([type]) => type === 'message').map(([, , value]) => value);
    },
    { url: `${relayUpstreams.plain.origin}/echo?t=${marker}`, count: COUNT },
  );
  const expected = Array.from({ length: COUNT }, (_, index) => (index % 2 === 0 ? `m${index}` : buffer([index])));
  // The app side (the echoes, in order) is a conformance case; here, what the upstream got.
  expect(arrived).toHaveLength(COUNT);
  const received = (await connection).messages;
  expect(received.map(({ isBinary, data }) => (isBinary ? buffer([...data]) : data.toString('utf8')))).toEqual(expected);
});
