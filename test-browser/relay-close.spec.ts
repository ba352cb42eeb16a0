/**
 * How relayed connections end (OH §3.4, §4; relay-protocol.ts step 5): the app's close
 * code and reason reach the server exactly (1001–1015, which a browser cannot send),
 * the server's close reaches the app exactly, and a drop is a drop.
 */
import type { Frame } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { nextRawClose } from './support/relay-probes.js';
import { shape } from './support/shape.js';

const closeEvent = (code: number, reason: string) => ['close', undefined, shape(JSON.stringify({ code, reason }))];

/** Opens `url` through the relay and returns the events after open/openInfo, up to close. */
async function eventsUntilClose(kit: Frame, url: string) {
  const entries = await kit.evaluate(async (url) => (await window.helpers.openSocket(url)).log.until('close'), url);
  return entries.filter(([type]) => type !== 'open' && type !== 'openInfo');
}

for (const [code, reason] of [
  [1001, 'going away'],
  [1008, 'policy'],
  [1011, 'server-ish error'],
  [1015, 'tls'],
] as const) {
  test(`close({code: ${code}, reason}) reaches the server as exactly ${code} and that reason`, async ({ relayAlwaysKit, relayUpstreams }) => {
    // /raw-close reports the close frame's bytes, even for codes RFC 6455 forbids on the wire (1015).
    const received = nextRawClose(relayUpstreams.plain);
    const entries = await relayAlwaysKit.evaluate(
      async ({ url, code, reason }) => {
        const { ws, log } = await window.helpers.openSocket(url);
        ws.close({ code, reason });
        return (await log.until('close')).slice(2);
      },
      { url: `${relayUpstreams.plain.origin}/raw-close`, code, reason },
    );
    expect(await received).toEqual({ code, reason });
    // OH §3.4: the app hears of its own code and reason.
    expect(entries).toEqual([closeEvent(code, reason)]);
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

for (const [code, reason] of [
  [1001, 'server going away'],
  [1011, 'internal error'],
  [4000, 'application code'],
] as const) {
  test(`a server close ${code} with a reason reaches the app exactly, with no error`, async ({ relayAlwaysKit, relayUpstreams }) => {
    const url = `${relayUpstreams.plain.origin}/close?code=${code}&reason=${encodeURIComponent(reason)}`;
    expect(await eventsUntilClose(relayAlwaysKit, url)).toEqual([closeEvent(code, reason)]);
  });
}

test('a server close with a code and no reason reports "The link is down"', async ({ relayAlwaysKit, relayUpstreams }) => {
  expect(await eventsUntilClose(relayAlwaysKit, `${relayUpstreams.plain.origin}/close?code=4001`)).toEqual([closeEvent(4001, 'The link is down')]);
});

test('a server close without a status reports {1000, "The link is down"}', async ({ relayAlwaysKit, relayUpstreams }) => {
  expect(await eventsUntilClose(relayAlwaysKit, `${relayUpstreams.plain.origin}/close`)).toEqual([closeEvent(1000, 'The link is down')]);
});

test('a server close with an invalid code (1004) reports code 1002, as lws rewrites it', async ({ relayAlwaysKit, relayUpstreams }) => {
  const entries = await eventsUntilClose(relayAlwaysKit, `${relayUpstreams.plain.origin}/close-raw?code=1004`);
  expect(entries.map(([type]) => type)).toEqual(['close']);
  // OH §3.4 settles the code only; which reason lws passes on with it is not known.
  expect(JSON.parse((entries[0]?.[2] as { json: string }).json)).toMatchObject({ code: 1002 });
});

test('a server drop gives error {code:200, data:"0"}, then close {0, "The link is down"}', async ({ relayAlwaysKit, relayUpstreams }) => {
  expect(await eventsUntilClose(relayAlwaysKit, `${relayUpstreams.plain.origin}/drop?now`)).toEqual([
    ['error', shape('{"code":200,"data":"0"}')],
    closeEvent(0, 'The link is down'),
  ]);
});
