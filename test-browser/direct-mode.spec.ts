/**
 * Direct mode (no relay configured): options a browser cannot honour are warned about
 * once per page, or refused with 2302999 when strict. The connection itself goes on.
 */
import type { Frame } from '@playwright/test';
import { expect, test } from './fixtures.js';
import type { ConsoleLog } from './support/console-log.js';

/** Each option a browser's WebSocket cannot honour, with a value that needs it. */
function unsupportedOptions(proxyPort: number): ReadonlyArray<readonly [name: string, options: Record<string, unknown>]> {
  return [
    ['header', { header: { name1: 'value1' } }],
    ['proxy', { proxy: { host: '127.0.0.1', port: proxyPort, exclusionList: [] } }],
    ['caPath', { caPath: '/etc/ssl/certs/ca-certificates.crt' }],
    ['clientCert', { clientCert: { certPath: '/tmp/client.pem', keyPath: '/tmp/client.key' } }],
    ['skipServerCertVerification', { skipServerCertVerification: true }],
    ['minSupportTlsProtocol', { minSupportTlsProtocol: 2 }],
    ['pingInterval', { pingInterval: 10 }],
    ['pongTimeout', { pongTimeout: 10 }],
    ['supportOriginPort', { supportOriginPort: true }],
  ];
}
const NAMES = unsupportedOptions(0).map(([name]) => name);

const warningsNaming = (consoleLog: ConsoleLog, name: string) => consoleLog.texts('warning').filter((text) => new RegExp(`\\b${name}\\b`).test(text));

/** Connects twice in a row with `options` (open, close, open); returns the event types. */
async function connectTwice(kit: Frame, url: string, options: Record<string, unknown>) {
  return kit.evaluate(
    async ({ url, options }) => {
      const ws = window.kit.webSocket.createWebSocket();
      const log = window.helpers.record(ws, ['open', 'close', 'error']);
      ws.connect(url, options);
      await log.until('open');
      ws.close();
      await log.until('close');
      ws.connect(url, options);
      return (await log.until('open', 2)).map(([type]) => type);
    },
    { url, options },
  );
}

for (const name of NAMES) {
  test(`'${name}' gives exactly one warning naming it and the dev relay, even over several connects`, async ({
    kit,
    servers,
    listener,
    consoleLog,
  }) => {
    const options = Object.fromEntries(unsupportedOptions(listener.port))[name] as Record<string, unknown>;
    expect(await connectTwice(kit, `${servers.upstream}/echo`, options)).toEqual(['open', 'close', 'open']);
    const warnings = consoleLog.texts('warning');
    expect(warnings).toHaveLength(1);
    expect(warningsNaming(consoleLog, name)).toHaveLength(1);
    expect(warnings[0]).toMatch(/relay provides it/);
  });
}

test('every unsupported option is warned about once when they come together', async ({ kit, servers, listener, consoleLog }) => {
  const all = Object.assign({}, ...unsupportedOptions(listener.port).map(([, options]) => options)) as Record<string, unknown>;
  expect(await connectTwice(kit, `${servers.upstream}/echo`, all)).toEqual(['open', 'close', 'open']);
  for (const name of NAMES) expect(warningsNaming(consoleLog, name), name).toHaveLength(1);
  expect(consoleLog.texts('warning')).toHaveLength(NAMES.length);
});

test('a proxy address is never contacted in direct mode', async ({ kit, servers, listener }) => {
  await connectTwice(kit, `${servers.upstream}/echo`, { proxy: { host: listener.host, port: listener.port, exclusionList: [] } });
  expect(listener.connections()).toBe(0);
});

test('options left at their device defaults give no warning', async ({ kit, servers, consoleLog }) => {
  const types = await connectTwice(kit, `${servers.upstream}/echo`, {
    header: {},
    proxy: 'no-proxy',
    caPath: '',
    clientCert: { certPath: '', keyPath: '' },
    skipServerCertVerification: false,
    minSupportTlsProtocol: 0,
    supportOriginPort: false,
  });
  expect(types).toEqual(['open', 'close', 'open']);
  expect(consoleLog.texts('warning')).toEqual([]);
});

test('a headerReceive listener gives one warning that the dev relay provides the real headers', async ({ kit, servers, consoleLog }) => {
  const types = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws, ['headerReceive', 'open', 'close']);
    ws.connect(url);
    await log.until('open');
    ws.close();
    await log.until('close');
    ws.connect(url);
    return (await log.until('open', 2)).map(([type]) => type);
  }, `${servers.upstream}/echo`);
  expect(types).toEqual(['headerReceive', 'open', 'close', 'headerReceive', 'open']);
  expect(consoleLog.texts('warning')).toHaveLength(1);
  expect(warningsNaming(consoleLog, 'headerReceive')).toHaveLength(1);
  expect(consoleLog.texts('warning')[0]).toMatch(/relay provides it/);
});

for (const name of NAMES) {
  test(`with strict: true, '${name}' makes connect fail with 2302999 naming it and the relay`, async ({ kit, servers, listener, consoleLog }) => {
    const options = Object.fromEntries(unsupportedOptions(listener.port))[name] as Record<string, unknown>;
    const result = await kit.evaluate(
      async ({ url, options }) => {
        window.kit.configure({ strict: true });
        const ws = window.kit.webSocket.createWebSocket();
        const log = window.helpers.record(ws, ['open', 'error', 'close']);
        const callback = window.helpers.callback();
        ws.connect(url, options, callback.fn);
        const args = await callback.args;
        // The refused connect must leave the object free: a plain connect opens.
        ws.connect(url);
        return { args, events: (await log.until('open')).map(([type]) => type) };
      },
      { url: `${servers.upstream}/echo`, options },
    );
    expect(result.events).toEqual(['open']);
    expect(result.args).toHaveLength(2);
    const [err, value] = result.args as [{ json: string; keys: string[] }, unknown];
    expect(value).toBeUndefined();
    expect(err.keys).toEqual(['code', 'message']);
    const { code, message } = JSON.parse(err.json) as { code: number; message: string };
    expect(code).toBe(2302999);
    expect(message).toMatch(new RegExp(`\\b${name}\\b`));
    expect(message).toMatch(/relay/);
    expect(consoleLog.texts('warning')).toEqual([]);
  });
}

test('the config global set before the bundle loads is honoured (strict)', async ({ openFrame, servers }) => {
  const frame = await openFrame(`index.html?config=${encodeURIComponent(JSON.stringify({ strict: true }))}`);
  const settled = await frame.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    return window.helpers.settle(ws.connect(url, { header: { name1: 'value1' } }));
  }, `${servers.upstream}/echo`);
  expect(JSON.parse((settled as { rejected: { json: string } }).rejected.json)).toMatchObject({ code: 2302999 });
});
