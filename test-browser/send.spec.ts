/**
 * send(): what goes over the wire, the size limit and the failure codes (OH §4, §7).
 * Sizes are checked by the upstream's /measure behaviour, which answers every
 * message with "text:<bytes>" or "binary:<bytes>".
 */
import type { Frame } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { buffer, shape } from './support/shape.js';

const LIMIT = 5_242_864;
const PARAMETER_ERROR = shape('{"code":401,"message":"Parameter error"}');
const SEND_FAILED = shape('{"code":-1,"message":"Websocket Unknown Other Error"}');

test('a text message is echoed back as a string', async ({ kit, servers }) => {
  const message = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url);
    ws.send('Hello, server!');
    const entries = await log.until('message');
    return entries.find(([type]) => type === 'message');
  }, `${servers.upstream}/echo`);
  expect(message).toEqual(['message', undefined, 'Hello, server!']);
});

test('an empty string is sent and echoed back as an empty string', async ({ kit, servers }) => {
  const message = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url);
    ws.send('');
    const entries = await log.until('message');
    return entries.find(([type]) => type === 'message');
  }, `${servers.upstream}/echo`);
  expect(message).toEqual(['message', undefined, '']);
});

test('a binary message is echoed back as an ArrayBuffer with the same bytes', async ({ kit, servers }) => {
  const message = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url);
    ws.send(new Uint8Array([0, 1, 2, 127, 128, 254, 255]).buffer);
    const entries = await log.until('message');
    return entries.find(([type]) => type === 'message');
  }, `${servers.upstream}/echo`);
  expect(message).toEqual(['message', undefined, buffer([0, 1, 2, 127, 128, 254, 255])]);
});

test('send with a callback returns undefined and calls back (undefined, true)', async ({ kit, servers }) => {
  const result = await kit.evaluate(async (url) => {
    const { ws } = await window.helpers.openSocket(url);
    const callback = window.helpers.callback();
    const returned = window.helpers.serialise(ws.send('x', callback.fn));
    return { returned, args: await callback.args };
  }, `${servers.upstream}/echo`);
  expect(result).toEqual({ returned: undefined, args: [undefined, true] });
});

test('a send callback that throws is called once and reported as an uncaught error, never as a rejection', async ({ kit, servers, pageErrors }) => {
  const seen = await kit.evaluate(async (url) => {
    const reported: string[] = [];
    window.addEventListener('error', (event) => reported.push(`error: ${event.error instanceof Error ? event.error.message : event.message}`));
    window.addEventListener('unhandledrejection', () => reported.push('unhandledrejection'));
    const { ws, log } = await window.helpers.openSocket(url);
    let calls = 0;
    ws.send('x', () => {
      calls += 1;
      throw new Error('callback failure');
    });
    // The echo comes a network round trip later, well after the callback's turn.
    await log.until('message');
    return { calls, reported };
  }, `${servers.upstream}/echo`);
  expect(seen).toEqual({ calls: 1, reported: ['error: callback failure'] });
  expect(pageErrors).toEqual(['callback failure']);
});

test('send without a callback returns a Promise that resolves to true', async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const { ws } = await window.helpers.openSocket(url);
    return window.helpers.settle(ws.send('x'));
  }, `${servers.upstream}/echo`);
  expect(settled).toEqual({ resolved: true });
});

/** Sends `make()`'s result, then "probe"; returns the send outcome and the first answer of /measure. */
async function sendAndMeasure(kit: Frame, url: string, make: string) {
  return kit.evaluate(
    async ({ url, make }) => {
      const { ws, log } = await window.helpers.openSocket(url);
      const data = (0, eval)(make) as unknown;
      const settled = await window.helpers.settle(ws.send(data));
      // If the big message was refused nothing went out, so the first answer is the probe's.
      ws.send('probe');
      const entries = await log.until('message');
      return { settled, answer: entries.find(([type]) => type === 'message')?.[2] };
    },
    { url, make },
  );
}

test(`an ArrayBuffer of ${LIMIT} bytes is sent`, async ({ kit, servers }) => {
  expect(await sendAndMeasure(kit, `${servers.upstream}/measure`, `new ArrayBuffer(${LIMIT})`)).toEqual({
    settled: { resolved: true },
    answer: `binary:${LIMIT}`,
  });
});

test(`an ArrayBuffer of ${LIMIT + 1} bytes fails with 401 and is not sent`, async ({ kit, servers }) => {
  expect(await sendAndMeasure(kit, `${servers.upstream}/measure`, `new ArrayBuffer(${LIMIT + 1})`)).toEqual({
    settled: { rejected: PARAMETER_ERROR },
    answer: 'text:5',
  });
});

test(`a string of ${LIMIT} ASCII characters is sent`, async ({ kit, servers }) => {
  expect(await sendAndMeasure(kit, `${servers.upstream}/measure`, `'a'.repeat(${LIMIT})`)).toEqual({
    settled: { resolved: true },
    answer: `text:${LIMIT}`,
  });
});

test(`a string of ${LIMIT + 1} ASCII characters fails with 401 and is not sent`, async ({ kit, servers }) => {
  expect(await sendAndMeasure(kit, `${servers.upstream}/measure`, `'a'.repeat(${LIMIT + 1})`)).toEqual({
    settled: { rejected: PARAMETER_ERROR },
    answer: 'text:5',
  });
});

test(`a string of ${LIMIT / 2} two-byte characters (${LIMIT} UTF-8 bytes) is sent`, async ({ kit, servers }) => {
  expect(await sendAndMeasure(kit, `${servers.upstream}/measure`, `'é'.repeat(${LIMIT / 2})`)).toEqual({
    settled: { resolved: true },
    answer: `text:${LIMIT}`,
  });
});

test('a string under the limit in characters but over it in UTF-8 bytes fails with 401', async ({ kit, servers }) => {
  // 2,621,433 characters, 5,242,866 bytes.
  expect(await sendAndMeasure(kit, `${servers.upstream}/measure`, `'é'.repeat(${LIMIT / 2 + 1})`)).toEqual({
    settled: { rejected: PARAMETER_ERROR },
    answer: 'text:5',
  });
});

test('surrogate pairs count as four UTF-8 bytes: one byte over the limit fails with 401', async ({ kit, servers }) => {
  // 1,310,716 emoji = 5,242,864 bytes, plus one ASCII byte.
  expect(await sendAndMeasure(kit, `${servers.upstream}/measure`, `'😀'.repeat(${LIMIT / 4}) + 'a'`)).toEqual({
    settled: { rejected: PARAMETER_ERROR },
    answer: 'text:5',
  });
});

test(`surrogate pairs count as four UTF-8 bytes: exactly ${LIMIT} bytes is sent`, async ({ kit, servers }) => {
  expect(await sendAndMeasure(kit, `${servers.upstream}/measure`, `'😀'.repeat(${LIMIT / 4})`)).toEqual({
    settled: { resolved: true },
    answer: `text:${LIMIT}`,
  });
});

for (const [kind, make] of [
  ['a Uint8Array', 'new Uint8Array([1, 2, 3])'],
  ['a DataView', 'new DataView(new ArrayBuffer(3))'],
  ['a Blob', "new Blob(['abc'])"],
  ['a number', '42'],
  ['null', 'null'],
] as const) {
  test(`sending ${kind} fails with 401 and sends nothing`, async ({ kit, servers }) => {
    expect(await sendAndMeasure(kit, `${servers.upstream}/measure`, make)).toEqual({
      settled: { rejected: PARAMETER_ERROR },
      answer: 'text:5',
    });
  });
}

test('send with no arguments fails with 401', async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const { ws } = await window.helpers.openSocket(url);
    return window.helpers.settle(ws.send());
  }, `${servers.upstream}/echo`);
  expect(settled).toEqual({ rejected: PARAMETER_ERROR });
});

test('send before connect fails with -1 "Websocket Unknown Other Error"', async ({ kit }) => {
  const args = await kit.evaluate(async () => {
    const ws = window.kit.webSocket.createWebSocket();
    const callback = window.helpers.callback();
    ws.send('too early', callback.fn);
    return callback.args;
  });
  expect(args).toEqual([SEND_FAILED, undefined]);
});

test('send right after close() fails with -1', async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const { ws } = await window.helpers.openSocket(url);
    ws.close();
    return window.helpers.settle(ws.send('too late'));
  }, `${servers.upstream}/echo`);
  expect(settled).toEqual({ rejected: SEND_FAILED });
});

test('send after the close event fails with -1', async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url);
    ws.close();
    await log.until('close');
    return window.helpers.settle(ws.send('too late'));
  }, `${servers.upstream}/echo`);
  expect(settled).toEqual({ rejected: SEND_FAILED });
});

test("send after the server's close fails with -1", async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url);
    await log.until('close');
    return window.helpers.settle(ws.send('too late'));
  }, `${servers.upstream}/close?code=4000&reason=bye`);
  expect(settled).toEqual({ rejected: SEND_FAILED });
});

test('send with a second argument that is not a function fails with 401', async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const { ws } = await window.helpers.openSocket(url);
    return window.helpers.settle(ws.send('x', 'not a callback'));
  }, `${servers.upstream}/echo`);
  expect(settled).toEqual({ rejected: PARAMETER_ERROR });
});

test('send between connect() and open resolves true', async ({ kit, listener }) => {
  // OH §4: the device queues it (whether it goes out at open is not settled, OH §10).
  const settled = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    await ws.connect(url);
    return window.helpers.settle(ws.send('early'));
  }, listener.url);
  expect(settled).toEqual({ resolved: true });
});
