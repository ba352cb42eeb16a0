/**
 * The `protocol` option: what is offered, what is reported (OH §3.2, §5).
 * /protocol sends the subprotocols it was offered (as JSON) as its first message and
 * accepts the first one; ?none accepts none; ?pick=x answers x whatever was offered.
 */
import { expect, test } from './fixtures.js';
import { shape } from './support/shape.js';

test('a comma-separated protocol is offered as several subprotocols', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => (await window.helpers.openSocket(url, { protocol: 'chat, superchat' })).log.until('message'), `${servers.upstream}/protocol`);
  expect(entries.at(-1)).toEqual(['message', undefined, '["chat","superchat"]']);
});

test('the negotiated subprotocol is reported in openInfo', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => (await window.helpers.openSocket(url, { protocol: 'chat, superchat' })).log.until('openInfo'), `${servers.upstream}/protocol`);
  expect(entries).toEqual([
    ['open', undefined, shape('{"status":101,"message":"Switching Protocols"}')],
    ['openInfo', undefined, shape('{"status":101,"message":"Switching Protocols","protocol":"chat"}')],
  ]);
});

test('without a negotiated subprotocol openInfo has no protocol key', async ({ kit, servers }) => {
  // Only with nothing offered: a browser fails a handshake whose answer names no
  // subprotocol when it offered some (the device accepts it, OH §5; the relay can).
  const entries = await kit.evaluate(async (url) => (await window.helpers.openSocket(url)).log.until('openInfo'), `${servers.upstream}/protocol?none`);
  expect(entries.at(-1)).toEqual(['openInfo', undefined, shape('{"status":101,"message":"Switching Protocols"}')]);
});

test('an empty protocol offers no subprotocol', async ({ kit, servers }) => {
  const entries = await kit.evaluate(async (url) => (await window.helpers.openSocket(url, { protocol: '' })).log.until('message'), `${servers.upstream}/protocol`);
  expect(entries.at(-1)).toEqual(['message', undefined, '[]']);
});

test('a server answering a subprotocol that was not offered fails the handshake with an error only', async ({ kit, servers }) => {
  const entries = await kit.evaluate(
    async ({ bad, echo }) => {
      const ws = window.kit.webSocket.createWebSocket();
      const log = window.helpers.record(ws);
      ws.connect(bad, { protocol: 'chat' });
      await log.until('error');
      // Neither open nor close may follow: connect again and wait for that connection's open.
      ws.connect(echo);
      return log.until('open');
    },
    { bad: `${servers.upstream}/protocol?pick=other`, echo: `${servers.upstream}/echo` },
  );
  expect(entries.map(([type]) => type)).toEqual(['error', 'open']);
  expect((entries[0]?.[1] as { json: string }).json).toMatch(/^\{"code":200,"data":"\d+"\}$/);
});

test('a protocol that is not a string fails with 401', async ({ kit, servers }) => {
  const settled = await kit.evaluate(async (url) => {
    const ws = window.kit.webSocket.createWebSocket();
    return window.helpers.settle(ws.connect(url, { protocol: ['chat'] }));
  }, `${servers.upstream}/protocol`);
  expect(settled).toEqual({ rejected: shape('{"code":401,"message":"Parameter error"}') });
});
