/**
 * What the upstream server receives when a relayed connection is closed (OH §4;
 * relay-protocol.ts step 5): the app's close code and reason exactly, 1001–1015
 * included, which a browser cannot send. What the app itself hears of every ending
 * (its own close, the server's close, a drop) is the device conformance suite's, on
 * every wire (conformance/cases/close.ts).
 */
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
