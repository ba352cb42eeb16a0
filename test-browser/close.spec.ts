/**
 * close() and how connections end (OH §3.4, §4).
 */
import type { Frame } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { shape } from './support/shape.js';

const UNKNOWN_OTHER_ERROR = shape('{"code":2302999,"message":"Websocket Unknown Other Error"}');
const PARAMETER_ERROR = shape('{"code":401,"message":"Parameter error"}');

/** Opens /echo, calls close(...args) with a JS expression for the arguments, returns the events after open. */
async function closeWith(kit: Frame, url: string, argsSource: string) {
  return kit.evaluate(
    async ({ url, argsSource }) => {
      const { ws, log } = await window.helpers.openSocket(url);
      const args = (0, eval)(argsSource) as unknown[];
      ws.close(...args);
      const entries = await log.until('close');
      return entries.filter(([type]) => type !== 'open' && type !== 'openInfo');
    },
    { url, argsSource },
  );
}

const closeEvent = (code: number, reason: string) => ['close', undefined, shape(JSON.stringify({ code, reason }))];

test('close() reports {1000, "CLOSE_NORMAL"} and no error', async ({ kit, servers }) => {
  expect(await closeWith(kit, `${servers.upstream}/echo`, '[]')).toEqual([closeEvent(1000, 'CLOSE_NORMAL')]);
});

test('close({}) reports the defaults {1000, "CLOSE_NORMAL"}', async ({ kit, servers }) => {
  expect(await closeWith(kit, `${servers.upstream}/echo`, '[{}]')).toEqual([closeEvent(1000, 'CLOSE_NORMAL')]);
});

test("close({code, reason}) reports the app's own code and reason", async ({ kit, servers }) => {
  expect(await closeWith(kit, `${servers.upstream}/echo`, '[{ code: 1000, reason: "done" }]')).toEqual([closeEvent(1000, 'done')]);
});

for (const code of [1001, 1002, 1005, 1006, 1011, 1015]) {
  test(`close code ${code} (1000–1015 are kept) is reported as ${code}`, async ({ kit, servers }) => {
    expect(await closeWith(kit, `${servers.upstream}/echo`, `[{ code: ${code}, reason: "r" }]`)).toEqual([closeEvent(code, 'r')]);
  });
}

for (const [source, label] of [
  ['999', '999'],
  ['1016', '1016'],
  ['3000', '3000'],
  ['4000', '4000'],
  ['-1', '-1 (wraps to 4294967295)'],
  ['"1001"', 'the string "1001"'],
] as const) {
  test(`close code ${label} is out of range and reported as 1000`, async ({ kit, servers }) => {
    expect(await closeWith(kit, `${servers.upstream}/echo`, `[{ code: ${source}, reason: "r" }]`)).toEqual([closeEvent(1000, 'r')]);
  });
}

test('a fractional close code is truncated (1001.9 → 1001)', async ({ kit, servers }) => {
  expect(await closeWith(kit, `${servers.upstream}/echo`, '[{ code: 1001.9, reason: "r" }]')).toEqual([closeEvent(1001, 'r')]);
});

test('an empty close reason is reported as "CLOSE_NORMAL"', async ({ kit, servers }) => {
  expect(await closeWith(kit, `${servers.upstream}/echo`, '[{ code: 1001, reason: "" }]')).toEqual([closeEvent(1001, 'CLOSE_NORMAL')]);
});

test('a close reason that is not a string is reported as "CLOSE_NORMAL"', async ({ kit, servers }) => {
  expect(await closeWith(kit, `${servers.upstream}/echo`, '[{ code: 1001, reason: 42 }]')).toEqual([closeEvent(1001, 'CLOSE_NORMAL')]);
});

test('a close reason over 123 bytes is reported untruncated', async ({ kit, servers }) => {
  const reason = 'é'.repeat(100);
  expect(await closeWith(kit, `${servers.upstream}/echo`, `[{ code: 1000, reason: "${reason}" }]`)).toEqual([closeEvent(1000, reason)]);
});

test('close with a callback returns undefined and calls back (undefined, true)', async ({ kit, servers }) => {
  const result = await kit.evaluate(async (url) => {
    const { ws } = await window.helpers.openSocket(url);
    const callback = window.helpers.callback();
    const returned = window.helpers.serialise(ws.close(callback.fn));
    return { returned, args: await callback.args };
  }, `${servers.upstream}/echo`);
  expect(result).toEqual({ returned: undefined, args: [undefined, true] });
});

test('close(options, callback) calls back (undefined, true)', async ({ kit, servers }) => {
  const args = await kit.evaluate(async (url) => {
    const { ws } = await window.helpers.openSocket(url);
    const callback = window.helpers.callback();
    ws.close({ code: 1000, reason: 'bye' }, callback.fn);
    return callback.args;
  }, `${servers.upstream}/echo`);
  expect(args).toEqual([undefined, true]);
});

test('close without a callback returns a Promise that resolves to true', async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const { ws } = await window.helpers.openSocket(url);
    return window.helpers.settle(ws.close());
  }, `${servers.upstream}/echo`);
  expect(settled).toEqual({ resolved: true });
});

test('a server close with code and reason reports them and no error', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const { log } = await window.helpers.openSocket(url);
    return log.until('close');
  }, `${servers.upstream}/close?code=4000&reason=bye`);
  expect(entries.map(([type]) => type)).toEqual(['open', 'openInfo', 'close']);
  expect(entries[2]).toEqual(closeEvent(4000, 'bye'));
});

test('a server close with a code and an empty reason reports "The link is down"', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const { log } = await window.helpers.openSocket(url);
    return log.until('close');
  }, `${servers.upstream}/close?code=4000`);
  expect(entries.slice(2)).toEqual([closeEvent(4000, 'The link is down')]);
});

test('a server close without a status reports {1000, "The link is down"}', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const { log } = await window.helpers.openSocket(url);
    return log.until('close');
  }, `${servers.upstream}/close`);
  expect(entries.slice(2)).toEqual([closeEvent(1000, 'The link is down')]);
});

test('a server close after a message delivers the message, then the close', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url);
    ws.send('last words');
    return log.until('close');
  }, `${servers.upstream}/close-after-echo?code=1001&reason=going`);
  expect(entries.slice(2)).toEqual([['message', undefined, 'last words'], ['dataEnd', undefined], closeEvent(1001, 'going')]);
});

test('an abrupt drop gives error {code:200, data:"0"}, then close {0, "The link is down"}', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url);
    ws.send('drop');
    return log.until('close');
  }, `${servers.upstream}/drop`);
  expect(entries.slice(2)).toEqual([['error', shape('{"code":200,"data":"0"}')], closeEvent(0, 'The link is down')]);
});

test('a refused upgrade gives only an error event: no open, no close', async ({ kit, servers }) => {
  const entries = await kit.evaluate(
    async ({ refuse, echo }) => {
      const ws = window.kit.webSocket.createWebSocket();
      const log = window.helpers.record(ws);
      ws.connect(refuse);
      await log.until('error');
      // A close could only come before the next connection's open: connect again and wait for it.
      ws.connect(echo);
      return log.until('open');
    },
    { refuse: `${servers.upstream}/refuse?status=403`, echo: `${servers.upstream}/echo` },
  );
  expect(entries.map(([type]) => type)).toEqual(['error', 'open']);
  // Browser: a page cannot read the status of a refused upgrade, so direct mode reports
  // "0" where the device reports "403" (OH §2.1); the dev relay reports the real status.
  expect(entries[0]).toEqual(['error', shape('{"code":200,"data":"0"}')]);
});

test('close before connect fails with 2302999', async ({ kit }) => {
  const args = await kit.evaluate(async () => {
    const ws = window.kit.webSocket.createWebSocket();
    const callback = window.helpers.callback();
    ws.close(callback.fn);
    return callback.args;
  });
  expect(args).toEqual([UNKNOWN_OTHER_ERROR, undefined]);
});

test('a second close fails with 2302999', async ({ kit, servers }) => {
  const result = await kit.evaluate(async (url) => {
    const { ws } = await window.helpers.openSocket(url);
    const first = window.helpers.settle(ws.close());
    const second = window.helpers.settle(ws.close());
    return { first: await first, second: await second };
  }, `${servers.upstream}/echo`);
  expect(result).toEqual({ first: { resolved: true }, second: { rejected: UNKNOWN_OTHER_ERROR } });
});

test('close after the connection has ended fails with 2302999', async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url);
    await log.until('close');
    return window.helpers.settle(ws.close());
  }, `${servers.upstream}/close?code=1000&reason=done`);
  expect(settled).toEqual({ rejected: UNKNOWN_OTHER_ERROR });
});

test('close while the handshake is still pending resolves true', async ({ kit, listener }) => {
  const args = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    ws.connect(url);
    const callback = window.helpers.callback();
    ws.close(callback.fn);
    return callback.args;
  }, listener.url);
  expect(args).toEqual([undefined, true]);
});

for (const [source, label] of [
  ['[undefined]', 'close(undefined)'],
  ['[null]', 'close(null)'],
  ['["bye"]', "close('bye')"],
] as const) {
  test(`${label} fails with 401`, async ({ kit, servers }) => {
    const settled = await kit.evaluate(
      async ({ url, source }) => {
        const { ws } = await window.helpers.openSocket(url);
        return window.helpers.settle(ws.close(...((0, eval)(source) as unknown[])));
      },
      { url: `${servers.upstream}/echo`, source },
    );
    expect(settled).toEqual({ rejected: PARAMETER_ERROR });
  });
}

test('close(undefined, callback) calls back with 401', async ({ kit, servers }) => {
  const args = await kit.evaluate(async (url) => {
    const { ws } = await window.helpers.openSocket(url);
    const callback = window.helpers.callback();
    ws.close(undefined, callback.fn);
    return callback.args;
  }, `${servers.upstream}/echo`);
  expect(args).toEqual([PARAMETER_ERROR, undefined]);
});
