/**
 * The documentation's own examples (examples/, copied from the seeds) run in the
 * browser unmodified but for the server address, and print what they print on a
 * device. Only console.log / console.error lines count as "what the app printed";
 * the polyfill's direct-mode warnings are checked separately.
 */
import type { Frame } from '@playwright/test';
import { expect, test } from './fixtures.js';
import type { ConsoleLog } from './support/console-log.js';
import { GUIDE_CLIENT_LOG_AGAINST_BYE } from './support/guide-client-log.js';
import { loadExample, type Replacement } from './support/load-example.js';
import { runModule } from './support/run-module.js';

/** The seed's own placeholder address, replaced by a loopback server. */
const address = (url: string): Replacement => ['"ws://"', JSON.stringify(url)];

async function run(kit: Frame, name: string, replacements: readonly Replacement[]): Promise<void> {
  await runModule(kit, await loadExample(name, replacements));
}

/** Waits for the last expected line, then compares everything the app printed. */
async function expectPrinted(consoleLog: ConsoleLog, lines: readonly string[]): Promise<void> {
  await consoleLog.waitFor(lines.at(-1) ?? '');
  expect(consoleLog.texts('log', 'error')).toEqual(lines);
}

test("the guide's complete client example prints the device's log against a server that echoes then says bye", async ({
  kit,
  servers,
  consoleLog,
  pageErrors,
}) => {
  await run(kit, 'guide-client-complete', [address(`${servers.upstream}/bye`)]);
  await expectPrinted(consoleLog, GUIDE_CLIENT_LOG_AGAINST_BYE);
  expect(consoleLog.texts('warning')).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test("the API reference's overview example connects with header, proxy and protocol, then closes at once", async ({
  kit,
  servers,
  listener,
  consoleLog,
  pageErrors,
}) => {
  await run(kit, 'api-examples', [address(`${servers.upstream}/echo`), ["'192.168.0.150'", `'${listener.host}'`], ['8888', String(listener.port)]]);
  // The example calls close() in connect's callback, before the handshake is done.
  // The device resolves that close (WS §4); whether the connection then still opens is
  // not settled (WS §10). The polyfill reports the app's own close.
  await expectPrinted(consoleLog, ['connect success', 'close success', 'on close, code is 1000, reason is CLOSE_NORMAL']);
  // header and proxy need the dev relay: one warning each, and the proxy is never contacted.
  const warnings = consoleLog.texts('warning');
  expect(warnings).toHaveLength(2);
  expect(warnings.filter((text) => /\bheader\b/.test(text))).toHaveLength(1);
  expect(warnings.filter((text) => /\bproxy\b/.test(text))).toHaveLength(1);
  expect(listener.connections()).toBe(0);
  expect(pageErrors).toEqual([]);
});

test('the connect(url, callback) example prints "connect success"', async ({ kit, servers, consoleLog }) => {
  await run(kit, 'api-connect-callback', [address(`${servers.upstream}/echo`)]);
  await expectPrinted(consoleLog, ['connect success']);
});

test('the connect(url, options, callback) example gets 401: its options variable is undefined', async ({ kit, servers, consoleLog }) => {
  // WS §9.18: the sample passes `options` while it is still undefined; the device answers 401.
  await run(kit, 'api-connect-options-callback', [address(`${servers.upstream}/echo`)]);
  await expectPrinted(consoleLog, ['connect fail, err:{"code":401,"message":"Parameter error"}']);
});

test('the connect(url) promise example prints "connect success"', async ({ kit, servers, consoleLog }) => {
  await run(kit, 'api-connect-promise', [address(`${servers.upstream}/echo`)]);
  await expectPrinted(consoleLog, ['connect success']);
});

test('the send(data, callback) example connects, opens and sends', async ({ kit, servers, consoleLog }) => {
  await run(kit, 'api-send-callback', [address(`${servers.upstream}/echo`)]);
  await expectPrinted(consoleLog, ['connect success', 'on open, status:101, message:Switching Protocols', 'send success']);
});

test('the send(data) promise example connects, opens and sends', async ({ kit, servers, consoleLog }) => {
  await run(kit, 'api-send-promise', [address(`${servers.upstream}/echo`)]);
  await expectPrinted(consoleLog, ['connect success', 'on open, status:101, message:Switching Protocols', 'send success']);
});

test('the close(callback) example, never connected, gets 2302999', async ({ kit, consoleLog }) => {
  await run(kit, 'api-close-callback', []);
  await expectPrinted(consoleLog, ['close fail, err is {"code":2302999,"message":"Websocket Unknown Other Error"}']);
});

test('the close(options, callback) example gets 401: its options variable is undefined', async ({ kit, consoleLog }) => {
  await run(kit, 'api-close-options-callback', []);
  await expectPrinted(consoleLog, ['close fail, err is {"code":401,"message":"Parameter error"}']);
});

test('the close() promise example, never connected, gets 2302999', async ({ kit, consoleLog }) => {
  await run(kit, 'api-close-promise', []);
  await expectPrinted(consoleLog, ['close fail, err is {"code":2302999,"message":"Websocket Unknown Other Error"}']);
});

for (const name of [
  'api-on-open',
  'api-off-open',
  'api-on-message',
  'api-off-message',
  'api-on-close',
  'api-off-close',
  'api-on-error',
  'api-off-error',
  'api-on-data-end',
  'api-off-data-end',
  'api-on-header-receive',
  'api-off-header-receive',
]) {
  test(`the ${name} example runs without an error and prints nothing`, async ({ kit, consoleLog, pageErrors }) => {
    // runModule rejects if the module throws (a bad on/off call would throw synchronously).
    await run(kit, name, []);
    expect(consoleLog.lines).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
}
