/**
 * What the upstream server receives when a relayed connection is closed (WS §4;
 * relay-messages.ts connect step 5): the app's close code and reason exactly, 1001–1015
 * included, which a browser cannot send. What the app itself hears of every ending
 * (its own close, the server's close, a drop) is the device conformance suite's, on
 * every wire (conformance/web-socket/cases/close.ts).
 */
import type { Frame } from '@playwright/test';
import type WebSocket from 'ws';
import { startUpstreamServer } from '../src/testing/upstream-server.js';
import { nextEvent } from '../src/testing/within.js';
import { expect, test } from './fixtures.js';
import { nextRawClose } from './support/relay-probes.js';

for (const [code, reason] of [
  [1001, 'going away'],
  [1008, 'policy'],
  [1011, 'server-ish error'],
  [1015, 'tls'],
] as const) {
  test(`close({code: ${code}, reason}) reaches the server as exactly ${code} and that reason`, async ({ relayAlwaysKit, relayUpstreams }) => {
    // /raw-close reports the close frame's bytes, even for codes RFC 6455 forbids on the wire (1015).
    const received = nextRawClose(relayUpstreams.plain);
    await relayAlwaysKit.evaluate(
      async ({ url, code, reason }) => {
        const { ws, log } = await window.helpers.openSocket(url);
        ws.close({ code, reason });
        await log.until('close');
      },
      { url: `${relayUpstreams.plain.origin}/raw-close`, code, reason },
    );
    expect(await received).toEqual({ code, reason });
  });
}

test('close() without options reaches the server as 1000 "CLOSE_NORMAL"', async ({ relayAlwaysKit, relayUpstreams }) => {
  const received = nextRawClose(relayUpstreams.plain);
  await relayAlwaysKit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url);
    ws.close();
    await log.until('close');
  }, `${relayUpstreams.plain.origin}/raw-close`);
  expect(await received).toEqual({ code: 1000, reason: 'CLOSE_NORMAL' });
});

// A page that reloads (Vite's HMR reloads it on every edit) or navigates away: the
// browser closes each of its WebSockets with 1001 and no reason, and so each relay leg;
// the relay passes that on (relay-messages.ts connect step 5), so the server hears what it
// hears in direct mode, not a drop (1006).
for (const [how, leave] of [
  ['reloads', (frame: Frame) => frame.goto(frame.url()).then(() => undefined)],
  ['navigates away', (frame: Frame) => frame.evaluate(() => location.assign('about:blank'))],
] as const) {
  test(`a page that ${how}: the server hears 1001 with no reason, through the relay as in direct mode`, async ({ kit, relayAlwaysKit }) => {
    // A server of its own: every connection it sees is this test's.
    const upstream = await startUpstreamServer();
    try {
      const heard: Array<{ wire: string; code: number; reason: string }> = [];
      for (const [wire, frame] of [
        ['direct', kit],
        ['relay', relayAlwaysKit],
      ] as const) {
        const connected = nextEvent<[WebSocket]>(upstream, 'connection');
        await frame.evaluate(async (url) => {
          await window.helpers.openSocket(url);
        }, `${upstream.origin}/echo`);
        const [server] = await connected;
        const closed = nextEvent<[number, Buffer]>(server, 'close');
        await leave(frame);
        const [code, reason] = await closed;
        heard.push({ wire, code, reason: reason.toString() });
      }
      expect(heard).toEqual([
        { wire: 'direct', code: 1001, reason: '' },
        { wire: 'relay', code: 1001, reason: '' },
      ]);
    } finally {
      await upstream.close();
    }
  });
}
