/**
 * A failure's cause, where the developer looks: the dev relay says why a connection
 * failed or was refused (relay-protocol.ts, Why), and the page hands it on a side
 * channel, a `ohos-netkit:diagnostic` CustomEvent on window and one console.debug line,
 * while what the app sees stays exactly the device's: the same events, the same error
 * objects, the same codes and data, nothing more.
 */
import type { Frame } from '@playwright/test';
import { freePort } from '../src/testing/free-port.js';
import { expect, test } from './fixtures.js';
import type { Serialised } from './support/page-helpers.js';
import { shape } from './support/shape.js';

interface Diagnostic {
  url: string;
  text: string;
}

interface Attempt {
  /** How connect() settled. */
  settled: unknown;
  /** What the app heard, in order. */
  events: Serialised[][];
  /** How a close() called after the failure settled: no connection may be left to close. */
  closeAfter: unknown;
  /** Every `ohos-netkit:diagnostic` event the page got, in order. */
  diagnostics: Diagnostic[];
}

/**
 * Connects as app code does, with a listener for every event; once the connection has
 * failed (or connect() was refused), calls close() as an app might. Returns what the app
 * heard and what the side channel said.
 */
function attempt(kit: Frame, url: string, options: Record<string, unknown> = {}): Promise<Attempt> {
  return kit.evaluate(
    async ({ url, options }) => {
      const diagnostics: Diagnostic[] = [];
      window.addEventListener('ohos-netkit:diagnostic', (event) => diagnostics.push((event as CustomEvent<Diagnostic>).detail));
      const ws = window.kit.webSocket.createWebSocket();
      const log = window.helpers.record(ws);
      const settled = await window.helpers.settle(ws.connect(url, options));
      if ('resolved' in settled) await log.until('error');
      const closeAfter = await window.helpers.settle(ws.close());
      return { settled, events: log.entries, closeAfter, diagnostics };
    },
    { url, options },
  );
}

const CONNECTED = { resolved: true };
const NO_CONNECTION = { rejected: shape('{"code":2302999,"message":"Websocket Unknown Other Error"}') };
/** A connection that never opened: error only, as on the device (WS §3.4). */
const failedWith = (data: string) => [['error', shape(JSON.stringify({ code: 200, data }))]];

test('a refused TCP connection: the app gets error {200, "0"} only; the page hears ECONNREFUSED and the address', async ({
  relayAlwaysKit,
  consoleLog,
}) => {
  // Listened on and closed again: nobody listens there now.
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}/`;
  expect(await attempt(relayAlwaysKit, url)).toEqual({
    settled: CONNECTED,
    events: failedWith('0'),
    closeAfter: NO_CONNECTION,
    diagnostics: [{ url, text: `connect ECONNREFUSED 127.0.0.1:${port}` }],
  });
  // The developer's console has it as one debug line; the app's own levels have nothing.
  expect(consoleLog.texts('debug')).toEqual([`[ohos-netkit] ${url}: the dev relay says: connect ECONNREFUSED 127.0.0.1:${port}`]);
  expect(consoleLog.texts('log', 'info', 'warning', 'error')).toEqual([]);
});

test('a TLS failure (an expired certificate): error {200, "0"} only; the page hears that the certificate was refused, and why', async ({
  relayAlwaysKit,
  relayUpstreams,
}) => {
  const url = `${relayUpstreams.expired.origin}/echo`;
  expect(await attempt(relayAlwaysKit, url)).toEqual({
    settled: CONNECTED,
    events: failedWith('0'),
    closeAfter: NO_CONNECTION,
    diagnostics: [{ url, text: 'server certificate refused: CERT_HAS_EXPIRED' }],
  });
});

test("a TLS failure in OpenSSL (TLS 1.3 required of a TLS 1.2 server): the page hears OpenSSL's reason on one line", async ({
  relayKit,
  relayUpstreams,
}) => {
  const url = `${relayUpstreams.tls12Only.origin}/echo`;
  const { events, closeAfter, diagnostics } = await attempt(relayKit, url, { minSupportTlsProtocol: 3 });
  expect(events).toEqual(failedWith('0'));
  expect(closeAfter).toEqual(NO_CONNECTION);
  expect(diagnostics).toEqual([{ url, text: expect.stringMatching(/SSL routines:.*alert protocol version/) }]);
  expect(diagnostics[0]?.text).not.toMatch(/[\r\n]/);
});

test('a refused upgrade (403): error {200, "403"} only; the page hears what the server answered', async ({ relayAlwaysKit, relayUpstreams }) => {
  const url = `${relayUpstreams.plain.origin}/refuse?status=403`;
  expect(await attempt(relayAlwaysKit, url)).toEqual({
    settled: CONNECTED,
    events: failedWith('403'),
    closeAfter: NO_CONNECTION,
    diagnostics: [{ url, text: 'server answered 403 instead of 101' }],
  });
});

test("a target the outbound policy refuses: connect rejects with 2302998; the page hears only that the relay's policy refused it", async ({
  relayAlwaysKit,
}) => {
  const url = 'ws://169.254.169.254/latest/meta-data';
  expect(await attempt(relayAlwaysKit, url)).toEqual({
    settled: { rejected: shape('{"code":2302998,"message":"It is not allowed to access this domain"}') },
    events: [],
    closeAfter: NO_CONNECTION,
    // Not which rule matched, nor anything a name resolved to: the relay keeps its reasons.
    diagnostics: [{ url, text: "refused by the relay's outbound policy" }],
  });
});

test("a certificate file missing in the relay's sandbox: connect rejects with 2302002; the page hears which option and why", async ({
  relayKit,
  relayUpstreams,
}) => {
  const url = `${relayUpstreams.selfSigned.origin}/echo`;
  expect(await attempt(relayKit, url, { caPath: 'no-such-ca.pem' })).toEqual({
    settled: { rejected: shape('{"code":2302002,"message":"Websocket certificate file does not exist"}') },
    events: [],
    closeAfter: NO_CONNECTION,
    diagnostics: [{ url, text: 'caPath: does not exist in the sandbox (ENOENT)' }],
  });
});

test('a connection that opens says nothing on the side channel', async ({ relayAlwaysKit, relayUpstreams, consoleLog }) => {
  const diagnostics = await relayAlwaysKit.evaluate(async (url) => {
    const heard: unknown[] = [];
    window.addEventListener('ohos-netkit:diagnostic', (event) => heard.push((event as CustomEvent).detail));
    const { ws, log } = await window.helpers.openSocket(url);
    ws.close();
    await log.until('close');
    return heard;
  }, `${relayUpstreams.plain.origin}/echo`);
  expect(diagnostics).toEqual([]);
  expect(consoleLog.texts('debug')).toEqual([]);
});

test("a server that cannot listen: start() rejects with the device's 2302007 only; the page hears why", async ({
  relayAlwaysKit,
  openConfiguredFrame,
  relay,
}) => {
  const config = { serverIP: '127.0.0.1', serverPort: 8301, maxConcurrentClientsNumber: 2, maxConnectionsForOneClient: 2 };
  // Another page of the relay holds the app's port (a page's own second server is refused before the relay).
  const other = await openConfiguredFrame({ relay: { url: relay.url, token: relay.token } });
  await other.evaluate((config) => window.kit.webSocket.createWebSocketServer().start(config), config);
  const outcome = await relayAlwaysKit.evaluate(async (config) => {
    const diagnostics: Diagnostic[] = [];
    window.addEventListener('ohos-netkit:diagnostic', (event) => diagnostics.push((event as CustomEvent<Diagnostic>).detail));
    const settled = await window.helpers.settle(window.kit.webSocket.createWebSocketServer().start(config));
    return { settled, diagnostics };
  }, config);
  expect(outcome).toEqual({
    settled: { rejected: shape('{"code":2302007,"message":"Websocket port already occupied"}') },
    diagnostics: [{ url: 'ws://127.0.0.1:8301', text: "the app's port 8301 is taken by another of its servers" }],
  });
});
