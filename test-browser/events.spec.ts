/**
 * Event payloads, order and the one-listener-per-type model (OH §2.3, §3.1–§3.3).
 */
import { expect, test } from './fixtures.js';
import { buffer, shape } from './support/shape.js';

const OPEN = shape('{"status":101,"message":"Switching Protocols"}');

test('open is called with (undefined, {status:101, message:"Switching Protocols"})', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['open']);
    ws.connect(url);
    return log.until('open');
  }, `${servers.upstream}/echo`);
  expect(entries).toEqual([['open', undefined, OPEN]]);
});

test('openInfo follows open with the same status and no protocol key when none was negotiated', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => (await window.helpers.openSocket(url)).log.until('openInfo'), `${servers.upstream}/echo`);
  expect(entries).toEqual([
    ['open', undefined, OPEN],
    ['openInfo', undefined, OPEN],
  ]);
});

test('every message is followed at once by dataEnd with a single undefined argument', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url, undefined, ['message', 'dataEnd', 'open']);
    ws.send('one');
    ws.send(new Uint8Array([7]).buffer);
    ws.send('three');
    return log.until('dataEnd', 3);
  }, `${servers.upstream}/echo`);
  expect(entries.slice(1)).toEqual([
    ['message', undefined, 'one'],
    ['dataEnd', undefined],
    ['message', undefined, buffer([7])],
    ['dataEnd', undefined],
    ['message', undefined, 'three'],
    ['dataEnd', undefined],
  ]);
});

test('a message the server sends on open arrives after open', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const { log } = await window.helpers.openSocket(url);
    return log.until('dataEnd');
  }, `${servers.upstream}/greet?text=${encodeURIComponent('héllo')}`);
  expect(entries.map(([type]) => type)).toEqual(['open', 'openInfo', 'message', 'dataEnd']);
  expect(entries[2]).toEqual(['message', undefined, 'héllo']);
});

test('an empty text message arrives as ""', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => (await window.helpers.openSocket(url)).log.until('dataEnd'), `${servers.upstream}/greet?text=`);
  expect(entries[2]).toEqual(['message', undefined, '']);
});

test('a binary message arrives as an ArrayBuffer with its bytes', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => (await window.helpers.openSocket(url)).log.until('dataEnd'), `${servers.upstream}/binary?size=5`);
  expect(entries[2]).toEqual(['message', undefined, buffer([0, 1, 2, 3, 4])]);
});

test('an empty binary message arrives as undefined', async ({ kit, servers }) => {
  // OH §3.3: netstack only sets the value when the buffer is non-null.
  const entries = await kit.evaluate(async (url) => (await window.helpers.openSocket(url)).log.until('dataEnd'), `${servers.upstream}/binary?size=0`);
  expect(entries.slice(2)).toEqual([['message', undefined, undefined], ['dataEnd', undefined]]);
});

test('without a message listener there is no dataEnd either', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const { ws, log } = await window.helpers.openSocket(url, undefined, ['open', 'dataEnd', 'close']);
    // The echo comes before the server's close frame: had dataEnd fired, it would be logged before close.
    ws.send('x');
    return log.until('close');
  }, `${servers.upstream}/close-after-echo?code=1000&reason=done`);
  expect(entries.map(([type]) => type)).toEqual(['open', 'close']);
});

test('on() replaces the previous listener of the same type', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['open', 'close']);
    ws.on('message', (_err: unknown, value: unknown) => log.note('first', value));
    ws.on('message', (_err: unknown, value: unknown) => log.note('second', value));
    ws.connect(url);
    await log.until('open');
    ws.send('x');
    return log.until('close');
  }, `${servers.upstream}/close-after-echo?code=1000&reason=done`);
  expect(entries.map(([type]) => type)).toEqual(['open', 'second', 'close']);
});

test('off(type, fn) with a function that is not the registered one keeps the listener', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['open', 'close']);
    ws.on('message', (_err: unknown, value: unknown) => log.note('listener', value));
    ws.off('message', () => {});
    ws.connect(url);
    await log.until('open');
    ws.send('x');
    return log.until('close');
  }, `${servers.upstream}/close-after-echo?code=1000&reason=done`);
  expect(entries.map(([type]) => type)).toEqual(['open', 'listener', 'close']);
});

test('off(type, fn) with the registered function removes it', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['open', 'close']);
    const listener = (_err: unknown, value: unknown) => log.note('listener', value);
    ws.on('message', listener);
    ws.off('message', listener);
    ws.connect(url);
    await log.until('open');
    ws.send('x');
    return log.until('close');
  }, `${servers.upstream}/close-after-echo?code=1000&reason=done`);
  expect(entries.map(([type]) => type)).toEqual(['open', 'close']);
});

test('off(type) removes the listener of that type', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['open', 'close']);
    ws.on('message', (_err: unknown, value: unknown) => log.note('listener', value));
    ws.off('message');
    ws.connect(url);
    await log.until('open');
    ws.send('x');
    return log.until('close');
  }, `${servers.upstream}/close-after-echo?code=1000&reason=done`);
  expect(entries.map(([type]) => type)).toEqual(['open', 'close']);
});

test('off(type) removes only that type', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['open', 'message', 'close']);
    ws.off('open');
    ws.connect(url);
    return log.until('close');
  }, `${servers.upstream}/close?code=1000&reason=done`);
  expect(entries.map(([type]) => type)).toEqual(['close']);
});

test('on() and off() with an unknown event name are ignored and return undefined', async ({ kit, servers }) => {
  const result = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const on = window.helpers.attempt(() => ws.on('opened', () => {}));
    const off = window.helpers.attempt(() => ws.off('opened'));
    const log = window.helpers.record(ws, ['open']);
    ws.connect(url);
    return { on, off, entries: await log.until('open') };
  }, `${servers.upstream}/echo`);
  expect(result).toEqual({ on: { returned: undefined }, off: { returned: undefined }, entries: [['open', undefined, OPEN]] });
});

test('on() and off() with good arguments return undefined', async ({ kit }) => {
  const result = await kit.evaluate(() => {
    const ws = window.kit.webSocket.createWebSocket();
    const listener = () => {};
    return [window.helpers.attempt(() => ws.on('open', listener)), window.helpers.attempt(() => ws.off('open', listener)), window.helpers.attempt(() => ws.off('open'))];
  });
  expect(result).toEqual([{ returned: undefined }, { returned: undefined }, { returned: undefined }]);
});

const PARAMETER_THROW = { thrown: { isError: true, name: 'Error', message: 'Parameter error', code: '401', codeType: 'string' } };

for (const call of [
  "on('open')",
  "on('open', 'not a function')",
  'on(1, () => {})',
  "on('open', () => {}, 'extra')",
  'on()',
  'off()',
  'off(1)',
  "off('open', 'not a function')",
  "off('open', undefined)",
  "off('open', () => {}, 'extra')",
]) {
  test(`${call} throws synchronously: Error "Parameter error" with code "401"`, async ({ kit }) => {
    const attempt = await kit.evaluate((call) => {
      const ws = window.kit.webSocket.createWebSocket();
      return window.helpers.attempt(() => (0, eval)(`(ws) => ws.${call}`)(ws));
    }, call);
    expect(attempt).toEqual(PARAMETER_THROW);
  });
}

test('a listener that throws does not stop the events after it', async ({ kit, servers, pageErrors }) => {
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['open', 'dataEnd', 'close']);
    ws.on('message', () => {
      log.note('thrower');
      throw new Error('listener failure');
    });
    ws.connect(url);
    await log.until('open');
    ws.send('x');
    return log.until('close');
  }, `${servers.upstream}/close-after-echo?code=1000&reason=done`);
  expect(entries.map(([type]) => type)).toEqual(['open', 'thrower', 'dataEnd', 'close']);
  // Reported like any uncaught error, not swallowed.
  expect(pageErrors).toEqual(['listener failure']);
});

test('listeners survive a close and serve the next connection on the same object', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['open', 'message', 'close']);
    ws.connect(url);
    await log.until('close');
    ws.connect(url);
    return log.until('close', 2);
  }, `${servers.upstream}/close?code=1000&reason=done`);
  expect(entries.map(([type]) => type)).toEqual(['open', 'close', 'open', 'close']);
});

test('listeners survive an error and serve the next connection on the same object', async ({ kit, servers }) => {
  const entries = await kit.evaluate(
    async ({ refused, greet }) => {
      const ws = window.kit.webSocket.createWebSocket();
      const log = window.helpers.record(ws, ['open', 'message', 'error']);
      ws.connect(refused);
      await log.until('error');
      ws.connect(greet);
      return log.until('message');
    },
    { refused: servers.refused, greet: `${servers.upstream}/greet?text=again` },
  );
  expect(entries.map(([type]) => type)).toEqual(['error', 'open', 'message']);
});

test('headerReceive comes first, with one argument: lower-case header names and string values', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['headerReceive', 'open']);
    ws.connect(url);
    return log.until('open');
  }, `${servers.upstream}/echo`);
  expect(entries.map(([type]) => type)).toEqual(['headerReceive', 'open']);
  expect(entries[0]).toHaveLength(2);
  const headers = JSON.parse((entries[0]?.[1] as { json: string }).json) as Record<string, unknown>;
  for (const [name, value] of Object.entries(headers)) {
    expect(name).toBe(name.toLowerCase());
    expect(typeof value).toBe('string');
  }
  // A 101 always carries these two (RFC 6455 §4.2.2), so even direct mode knows them.
  expect(headers).toMatchObject({ upgrade: 'websocket', connection: 'Upgrade' });
});

test('headerReceive lists its header names in sorted order', async ({ kit, servers }) => {
  // OH §3.2: netstack collects the headers in a std::map, so keys come out sorted.
  const entries = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['headerReceive', 'open']);
    ws.connect(url, { protocol: 'chat' });
    return log.until('open');
  }, `${servers.upstream}/protocol`);
  const keys = (entries[0]?.[1] as { keys: string[] }).keys;
  expect(keys).toEqual([...keys].sort());
});
