/**
 * The proxy option through the dev relay (WS §5 proxy): an HTTP CONNECT tunnel through
 * a real tinyproxy for ws and wss, the exclusion list, 'no-proxy' and 'system' (the
 * relay's own environment stands in for the device's system proxy).
 */
import type { Frame } from '@playwright/test';
import type { Tinyproxy } from '../src/testing/tinyproxy.js';
import { expect, test } from './fixtures.js';
import { connectsSince } from './support/relay-probes.js';

/** Opens `url` with `options`, sends one text message and returns the events up to its echo. */
async function echoThrough(kit: Frame, url: string, options: Record<string, unknown>) {
  return kit.evaluate(
    async ({ url, options }) => {
      const { ws, log } = await window.helpers.openSocket(url, options);
      ws.send('through');
      const entries = await log.until('message');
      ws.close();
      await log.until('close');
      return entries.map(([type, , value]) => (type === 'message' ? `message:${String(value)}` : type));
    },
    { url, options },
  );
}

const proxyOption = (proxy: Tinyproxy, exclusionList: string[] = []) => ({ host: proxy.host, port: proxy.port, exclusionList });

test('proxy {host, port}: a ws connection tunnels through tinyproxy', async ({ relayKit, relayUpstreams, tinyproxy }) => {
  const before = tinyproxy.connects.length;
  const events = await echoThrough(relayKit, `${relayUpstreams.plain.origin}/echo`, { proxy: proxyOption(tinyproxy) });
  expect(events).toEqual(['open', 'openInfo', 'message:through']);
  expect(await connectsSince(tinyproxy, before, 1)).toEqual([`127.0.0.1:${relayUpstreams.plain.port}`]);
});

test('proxy {host, port}: a wss connection tunnels through tinyproxy', async ({ relayKit, relayUpstreams, tinyproxy }) => {
  const before = tinyproxy.connects.length;
  const events = await echoThrough(relayKit, `${relayUpstreams.selfSigned.origin}/echo`, { proxy: proxyOption(tinyproxy) });
  expect(events).toEqual(['open', 'openInfo', 'message:through']);
  expect(await connectsSince(tinyproxy, before, 1)).toEqual([`127.0.0.1:${relayUpstreams.selfSigned.port}`]);
});

test('proxy exclusionList: a host in the list connects directly, not through the proxy', async ({ relayKit, relayUpstreams, tinyproxy }) => {
  const before = tinyproxy.connects.length;
  const excluded = await echoThrough(relayKit, `${relayUpstreams.plain.origin}/echo`, { proxy: proxyOption(tinyproxy, ['localhost', '127.0.0.1']) });
  expect(excluded).toEqual(['open', 'openInfo', 'message:through']);
  // Proof by what comes after: a proxied connection made next is the first CONNECT tinyproxy logs.
  await echoThrough(relayKit, `${relayUpstreams.selfSigned.origin}/echo`, { proxy: proxyOption(tinyproxy, ['localhost']) });
  expect(await connectsSince(tinyproxy, before, 1)).toEqual([`127.0.0.1:${relayUpstreams.selfSigned.port}`]);
});

/** Runs `body` with the relay's environment naming tinyproxy as the system proxy. */
async function withSystemProxy<T>(proxy: Tinyproxy, body: () => Promise<T>): Promise<T> {
  // The relay reads its environment at each connect (select-proxy.ts); tests in a
  // worker run one at a time, and Node's own HTTP client ignores these variables.
  const saved = process.env.http_proxy;
  process.env.http_proxy = `http://${proxy.host}:${proxy.port}`;
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env.http_proxy;
    else process.env.http_proxy = saved;
  }
}

test("proxy 'system' (the default): the relay's system proxy is used", async ({ relayAlwaysKit, relayUpstreams, tinyproxy }) => {
  const before = tinyproxy.connects.length;
  await withSystemProxy(tinyproxy, async () => {
    expect(await echoThrough(relayAlwaysKit, `${relayUpstreams.plain.origin}/echo`, { proxy: 'system' })).toEqual([
      'open',
      'openInfo',
      'message:through',
    ]);
  });
  expect(await connectsSince(tinyproxy, before, 1)).toEqual([`127.0.0.1:${relayUpstreams.plain.port}`]);
});

test("proxy 'no-proxy': direct, even when the system has a proxy", async ({ relayAlwaysKit, relayUpstreams, tinyproxy }) => {
  const before = tinyproxy.connects.length;
  await withSystemProxy(tinyproxy, async () => {
    expect(await echoThrough(relayAlwaysKit, `${relayUpstreams.plain.origin}/echo`, { proxy: 'no-proxy' })).toEqual([
      'open',
      'openInfo',
      'message:through',
    ]);
    // The next connection uses the system proxy: its CONNECT must be the first one logged.
    await echoThrough(relayAlwaysKit, `${relayUpstreams.selfSigned.origin}/echo`, {});
  });
  expect(await connectsSince(tinyproxy, before, 1)).toEqual([`127.0.0.1:${relayUpstreams.selfSigned.port}`]);
});
