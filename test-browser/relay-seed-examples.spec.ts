/**
 * The documentation's overview example through the dev relay: its header and proxy
 * options are honoured (no direct-mode warning), it prints what the device prints, and
 * its traffic goes through the proxy it names. The seed's placeholders (the bare
 * "ws://" and the proxy 192.168.0.150:8888) become loopback servers, as in
 * seed-examples.spec.ts.
 */
import { expect, test } from './fixtures.js';
import { loadExample } from './support/load-example.js';
import { connectsSince } from './support/relay-probes.js';
import { runModule } from './support/run-module.js';

test("the API reference's overview example runs through the relay and its proxy, and prints the device's log", async ({
  relayKit,
  relayUpstreams,
  tinyproxy,
  consoleLog,
  pageErrors,
}) => {
  const before = tinyproxy.connects.length;
  const source = await loadExample('api-examples', [
    ['"ws://"', JSON.stringify(`${relayUpstreams.plain.origin}/echo`)],
    ["'192.168.0.150'", `'${tinyproxy.host}'`],
    ['8888', String(tinyproxy.port)],
  ]);
  await runModule(relayKit, source);
  // The example calls close() in connect's callback, before the handshake is done
  // (WS §4 close before open): the device resolves it and reports the app's own close.
  const lines = ['connect success', 'close success', 'on close, code is 1000, reason is CLOSE_NORMAL'];
  await consoleLog.waitFor(lines.at(-1) ?? '');
  expect(consoleLog.texts('log', 'error')).toEqual(lines);
  // header and proxy are honoured by the relay: nothing to warn about.
  expect(consoleLog.texts('warning')).toEqual([]);
  expect(pageErrors).toEqual([]);
  // The connection was on its way through the proxy when the app closed it.
  expect(await connectsSince(tinyproxy, before, 1)).toEqual([`127.0.0.1:${relayUpstreams.plain.port}`]);
});
