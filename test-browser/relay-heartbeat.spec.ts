/**
 * The heartbeat through the dev relay (WS §5 pingInterval / pongTimeout): the relay
 * pings upstream as lws would and hangs up when no pong comes. Kept to two tests of
 * about two seconds each (pingInterval 1 + pongTimeout 1); pingInterval 0 (no
 * heartbeat) can only be shown by waiting, so the relay's unit tests cover it.
 */
import { expect, test } from './fixtures.js';
import { shape } from './support/shape.js';

const HEARTBEAT = { pingInterval: 1, pongTimeout: 1 };
const HANG_UP_TIMEOUT_MS = 8000;

test('no pong within pongTimeout: error {code:200, data:"0"}, then close {0, "The link is down"}', async ({ relayKit, relayUpstreams }) => {
  // /no-pong never answers a ping (autoPong off).
  const entries = await relayKit.evaluate(
    async ({ url, options, timeoutMs }) => (await window.helpers.openSocket(url, options)).log.until('close', 1, timeoutMs),
    { url: `${relayUpstreams.plain.origin}/no-pong`, options: HEARTBEAT, timeoutMs: HANG_UP_TIMEOUT_MS },
  );
  expect(entries.slice(2)).toEqual([
    ['error', shape('{"code":200,"data":"0"}')],
    ['close', undefined, shape('{"code":0,"reason":"The link is down"}')],
  ]);
});

test('a server that answers the pings keeps the connection past the time an unanswered one is dropped', async ({ relayKit, relayUpstreams }) => {
  const result = await relayKit.evaluate(
    async ({ answering, silent, options, timeoutMs }) => {
      const kept = await window.helpers.openSocket(answering, options);
      const dropped = await window.helpers.openSocket(silent, options);
      // The clock: the silent server's connection is dropped after pingInterval + pongTimeout.
      await dropped.log.until('close', 1, timeoutMs);
      kept.ws.send('still here');
      return (await kept.log.until('dataEnd')).map(([type, , value]) => (type === 'message' ? `message:${String(value)}` : type));
    },
    {
      answering: `${relayUpstreams.plain.origin}/echo`,
      silent: `${relayUpstreams.plain.origin}/no-pong`,
      options: HEARTBEAT,
      timeoutMs: HANG_UP_TIMEOUT_MS,
    },
  );
  expect(result).toEqual(['open', 'openInfo', 'message:still here', 'dataEnd']);
});
