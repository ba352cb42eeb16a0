/**
 * The dev relay as a piece of the page's setup: which connections use it, what the
 * app sees when the relay refuses, is misconfigured or goes away, and that a page
 * going away leaves nothing open upstream (relay-messages.ts connect step 5).
 */
import type { Frame } from '@playwright/test';
import { CaptureLogger } from '../src/relay/testing/capture-logger.js';
import { startLoopbackRelay } from '../src/entries/relay/testing/loopback-relay.js';
import { startUpstreamServer } from '../src/testing/upstream-server.js';
import { within } from '../src/testing/within.js';
import { expect, test } from './fixtures.js';
import type { EventLog } from './support/page-helpers.js';
import { shape } from './support/shape.js';

/** Where a spec keeps a page object between two evaluate() calls. */
interface Kept {
  kept?: { log: EventLog };
}

/** Connects to /headers with `options` and returns the Origin the upstream received. */
async function originSeenUpstream(kit: Frame, url: string, options: Record<string, unknown> = {}): Promise<string> {
  const text = await kit.evaluate(
    async ({ url, options }) => {
      const { log } = await window.helpers.openSocket(url, options);
      return (await log.until('message')).find(([type]) => type === 'message')?.[2];
    },
    { url, options },
  );
  return (JSON.parse(String(text)) as { headers: Record<string, string> }).headers.origin ?? '';
}

test("useRelay 'auto': a connection without relay-only options goes straight from the browser", async ({
  relayKit,
  relayUpstreams,
  relayLog,
  servers,
}) => {
  const url = `${relayUpstreams.plain.origin}/headers`;
  const before = relayLog.lines.length;
  // The page's own origin: the browser's WebSocket, not the relay, made this handshake.
  expect(await originSeenUpstream(relayKit, url)).toBe(servers.http);
  expect(relayLog.lines.slice(before).filter((line) => line.includes(url))).toEqual([]);
});

test('with a relay configured, a plain connection goes through it by default (useRelay unset)', async ({
  relayAlwaysKit,
  relayUpstreams,
  relay,
  relayLog,
}) => {
  const url = `${relayUpstreams.plain.origin}/headers`;
  const opened = () => relayLog.matching(`open: ${url}`).length;
  const before = opened();
  // The device's Origin (WS §5), which only the relay sends.
  expect(await originSeenUpstream(relayAlwaysKit, url)).toBe('http://127.0.0.1');
  expect(opened()).toBe(before + 1);
  // The frame's connection is still open: the relay lists it.
  expect(relay.connections.some(({ target, phase }) => target === url && phase === 'open')).toBe(true);
});

test("a wrong token makes connect reject with the device's 2302999; the cause goes to the console and the diagnostic side channel", async ({
  openConfiguredFrame,
  relay,
  relayUpstreams,
  consoleLog,
}) => {
  const kit = await openConfiguredFrame({ relay: { url: relay.url, token: 'f'.repeat(64) } });
  const url = `${relayUpstreams.plain.origin}/echo`;
  const { settled, diagnostics } = await kit.evaluate(async (url) => {
    const diagnostics: unknown[] = [];
    window.addEventListener('ohos-netkit:diagnostic', (event) => diagnostics.push((event as CustomEvent).detail));
    const ws = window.kit.webSocket.createWebSocket();
    return { settled: await window.helpers.settle(ws.connect(url, { header: { name1: 'value1' } })), diagnostics };
  }, url);
  expect(settled).toEqual({ rejected: shape(JSON.stringify({ code: 2302999, message: 'Websocket Unknown Other Error' })) });
  expect(diagnostics).toEqual([
    {
      url,
      text: `the ohos-netkit dev relay at ${relay.url} could not be reached or refused this page (check its address, token and allowed origins)`,
    },
  ]);
  expect(consoleLog.texts('error')).toHaveLength(1);
  expect(consoleLog.texts('error')[0]).toContain(`[ohos-netkit] dev relay ${relay.url}`);
});

test("a target the relay's outbound policy refuses makes connect reject with 2302998, before any traffic", async ({ relayKit, relayLog }) => {
  // A link-local (cloud metadata) address: refused by name, no DNS, no connection.
  const before = relayLog.matching('refused ws://169.254.169.254/').length;
  const result = await relayKit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    const log = window.helpers.record(ws);
    const settled = await window.helpers.settle(ws.connect(url, { header: { name1: 'value1' } }));
    // No event may follow: a close() must find no connection.
    return { settled, close: await window.helpers.settle(ws.close()), events: log.entries.length };
  }, 'ws://169.254.169.254/latest/meta-data');
  expect(result).toEqual({
    settled: { rejected: shape('{"code":2302998,"message":"It is not allowed to access this domain"}') },
    close: { rejected: shape('{"code":2302999,"message":"Websocket Unknown Other Error"}') },
    events: 0,
  });
  expect(relayLog.matching('refused ws://169.254.169.254/').length).toBe(before + 1);
});

test('a relay that goes away under an open connection: error {200, "0"}, close {0, "The link is down"}; the restarted relay serves the same page', async ({
  openConfiguredFrame,
  relayUpstreams,
}) => {
  const logger = new CaptureLogger();
  let relay = await startLoopbackRelay({ logger });
  try {
    const kit = await openConfiguredFrame({ relay: { url: relay.url, token: relay.token }, useRelay: 'always' });
    const url = `${relayUpstreams.plain.origin}/echo`;
    await kit.evaluate(async (url) => {
      const { log } = await window.helpers.openSocket(url);
      (window as Kept).kept = { log };
    }, url);
    const { port, token } = relay;
    await relay.close();
    const ended = await kit.evaluate(async () => {
      const log = (window as Kept).kept?.log;
      return log === undefined ? [] : (await log.until('close')).slice(2);
    });
    expect(ended).toEqual([
      ['error', shape('{"code":200,"data":"0"}')],
      ['close', undefined, shape('{"code":0,"reason":"The link is down"}')],
    ]);
    // Same address and token: the page's configuration still holds.
    relay = await startLoopbackRelay({ logger, port, token });
    const again = await kit.evaluate(async (url) => {
      const { ws, log } = await window.helpers.openSocket(url);
      ws.send('back');
      return (await log.until('dataEnd')).slice(2);
    }, url);
    expect(again).toEqual([
      ['message', undefined, 'back'],
      ['dataEnd', undefined],
    ]);
  } finally {
    await relay.close();
  }
});

test('a page reload with open relayed connections leaves no upstream socket open', async ({ relayKit }) => {
  // An upstream of its own: its socket count is this test's alone.
  const upstream = await startUpstreamServer();
  try {
    await relayKit.evaluate(async (url) => {
      for (let index = 0; index < 3; index += 1) await window.helpers.openSocket(url, { header: { n: String(index) } });
    }, `${upstream.origin}/echo`);
    expect(upstream.openSockets).toBe(3);
    await relayKit.goto(relayKit.url());
    await within(upstream.whenNoSockets(), 5000, 'the upstream sockets to close after the reload');
    expect(upstream.openSockets).toBe(0);
  } finally {
    await upstream.close();
  }
});
