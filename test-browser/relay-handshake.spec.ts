/**
 * The opening handshake through the dev relay (WS §3.2, §5): the request headers and the
 * subprotocol offer the upstream really receives, and the response headers a headerReceive
 * listener routes through the relay. The device rules an app can observe (the response
 * headers, the subprotocol answers, refusals) are cases of the conformance suite
 * (conformance/web-socket/cases/events.ts, protocol.ts), run on every wire.
 * The relay's /headers upstream sends the request's headers as its first message.
 */
import type { IncomingMessage } from 'node:http';
import type { Frame } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { CUSTOM_HEADER_VALUE } from './servers/relay-header-upstream.js';
import { uniqueMarker, upstreamConnection } from './support/relay-probes.js';
import { shape } from './support/shape.js';

const EVERY_EVENT = ['headerReceive', 'open', 'openInfo', 'message', 'dataEnd', 'error', 'close'];
const OPEN_RESULT = shape('{"status":101,"message":"Switching Protocols"}');

interface ReflectedHeaders {
  headers: Record<string, string>;
  rawHeaders: string[];
}

/** Connects to /headers with `options` and returns what the upstream received. */
async function reflectedHeaders(kit: Frame, url: string, options: Record<string, unknown>): Promise<ReflectedHeaders> {
  const text = await kit.evaluate(
    async ({ url, options }) => {
      const { log } = await window.helpers.openSocket(url, options);
      const entries = await log.until('message');
      return entries.find(([type]) => type === 'message')?.[2];
    },
    { url, options },
  );
  return JSON.parse(String(text)) as ReflectedHeaders;
}

test('header: names arrive lower-cased, and only the non-empty string values', async ({ relayKit, relayUpstreams }) => {
  const { headers, rawHeaders } = await reflectedHeaders(relayKit, `${relayUpstreams.plain.origin}/headers`, {
    header: { 'X-Upper-Case': 'kept', 'x-empty': '', 'x-number': 42, 'x-object': { a: 1 }, 'x-last': 'also kept' },
  });
  const names = rawHeaders.filter((_, index) => index % 2 === 0);
  // WS §5 header: lower-cased names, only non-empty strings; ws' own and Node's Host follow.
  expect(names).toEqual([
    'pragma',
    'cache-control',
    'origin',
    'x-last',
    'x-upper-case',
    'Sec-WebSocket-Version',
    'Sec-WebSocket-Key',
    'Connection',
    'Upgrade',
    'Host',
  ]);
  expect(headers['x-upper-case']).toBe('kept');
  expect(headers['x-last']).toBe('also kept');
});

test("header: the page's cookies and Origin are not forwarded; the upstream sees the device's Origin", async ({ relayKit, relayUpstreams }) => {
  const cookie = `relay-e2e-${test.info().testId}`;
  await relayKit.evaluate((name) => {
    document.cookie = `${name}=secret; path=/`;
  }, cookie);
  try {
    const { headers } = await reflectedHeaders(relayKit, `${relayUpstreams.plain.origin}/headers`, { header: { name1: 'value1' } });
    expect(headers.cookie).toBeUndefined();
    // WS §5 supportOriginPort: lws sends http://<host>, without the port by default.
    expect(headers.origin).toBe('http://127.0.0.1');
  } finally {
    await relayKit.evaluate((name) => {
      document.cookie = `${name}=; path=/; max-age=0`;
    }, cookie);
  }
});

test('header: supportOriginPort true puts the port in the Origin', async ({ relayKit, relayUpstreams }) => {
  const { headers } = await reflectedHeaders(relayKit, `${relayUpstreams.plain.origin}/headers`, { supportOriginPort: true });
  expect(headers.origin).toBe(`http://127.0.0.1:${relayUpstreams.plain.port}`);
});

for (const [label, value] of [
  ['CR LF', 'a\r\nInjected: yes'],
  ['a lone LF', 'a\nb'],
] as const) {
  test(`header: a value with ${label} makes connect reject with 401 and sends nothing`, async ({ relayKit, relayUpstreams }) => {
    const marker = uniqueMarker();
    const upgrades: string[] = [];
    const count = (request: IncomingMessage) => {
      if ((request.url ?? '').includes(marker)) upgrades.push(request.url ?? '');
    };
    relayUpstreams.plain.on('upgrade-request', count);
    try {
      const result = await relayKit.evaluate(
        async ({ url, value }) => {
          const ws = window.kit.webSocket.createWebSocket();
          const log = window.helpers.record(ws);
          const settled = await window.helpers.settle(ws.connect(`${url}&try=bad`, { header: { 'x-bad': value } }));
          // No event may follow a rejected connect: a second connection's open must be the first event.
          ws.connect(`${url}&try=good`, { header: { 'x-good': 'ok' } });
          const entries = await log.until('openInfo');
          return { settled, types: entries.map(([type]) => type) };
        },
        { url: `${relayUpstreams.plain.origin}/echo?t=${marker}`, value },
      );
      expect(result).toEqual({ settled: { rejected: shape('{"code":401,"message":"Parameter error"}') }, types: ['open', 'openInfo'] });
      expect(upgrades).toEqual([`/echo?t=${marker}&try=good`]);
    } finally {
      relayUpstreams.plain.off('upgrade-request', count);
    }
  });
}

test('protocol: a list is offered to the upstream as it is', async ({ relayAlwaysKit, relayUpstreams }) => {
  const marker = uniqueMarker();
  const connection = upstreamConnection(relayUpstreams.plain, marker);
  await relayAlwaysKit.evaluate(
    async (url) => (await window.helpers.openSocket(url, { protocol: 'chat, superchat' })).log.until('openInfo'),
    `${relayUpstreams.plain.origin}/protocol?pick=superchat&t=${marker}`,
  );
  expect((await connection).request.headers['sec-websocket-protocol']).toBe('chat, superchat');
});

test("useRelay 'auto': a headerReceive listener sends the connection through the relay, which hands on the upstream's exact headers", async ({
  relayKit,
  relayUpstreams,
}) => {
  const { customHeader } = relayUpstreams;
  const before = customHeader.accepts.length;
  // A headerReceive listener at connect time is what sends this connection through the relay.
  const entries = await relayKit.evaluate(async ({ url, types }) => (await window.helpers.openSocket(url, {}, types)).log.until('openInfo'), {
    url: `${customHeader.origin}/echo`,
    types: EVERY_EVENT,
  });
  const accept = customHeader.accepts[before];
  expect(entries.map(([type]) => type)).toEqual(['headerReceive', 'open', 'openInfo']);
  const received = JSON.parse((entries[0]?.[1] as { json: string }).json) as Record<string, unknown>;
  expect(received).toEqual({
    connection: 'Upgrade',
    'sec-websocket-accept': accept,
    upgrade: 'websocket',
    'x-relay-test': CUSTOM_HEADER_VALUE,
  });
  expect(entries[1]).toEqual(['open', undefined, OPEN_RESULT]);
});
