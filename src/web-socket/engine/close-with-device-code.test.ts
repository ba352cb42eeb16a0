import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type WebSocket from 'ws';
import { PAGE_GOING_AWAY, encodeCloseCode } from '../../protocol/relay-protocol.js';
import { isSendableCloseCode } from './close-with-device-code.js';
import { RelayTestClient } from '../relay/testing/relay-client.js';
import { useRelayWorld } from '../relay/testing/relay-world.js';
import { nextEvent, within } from '../../testing/within.js';

describe('close codes through the relay', { timeout: 30_000 }, () => {
  const world = useRelayWorld();
  const { logger } = world;

  async function opened(path: string): Promise<RelayTestClient> {
    const client = await RelayTestClient.connect(world.relay, `${world.upstream.origin}${path}`);
    assert.equal((await client.handshake()).at(-1)?.op, 'opened');
    return client;
  }

  it('knows which codes ws can send', () => {
    assert.deepEqual(
      Array.from({ length: 16 }, (_, index) => 1000 + index).filter((code) => !isSendableCloseCode(code)),
      [1004, 1005, 1006, 1015],
    );
  });

  // WS §4: close() takes 1000–1015; lws writes every one of them on the wire as given,
  // including the four RFC 6455 forbids (1004, 1005, 1006, 1015).
  for (let code = 1000; code <= 1015; code += 1) {
    it(`page close(${code}) reaches the server as exactly ${code} with its reason`, async () => {
      const rawClose = nextEvent<[{ code: number | undefined; reason: string }]>(world.upstream, 'raw-close');
      const client = await opened('/raw-close');
      client.leg.close(encodeCloseCode(code), `bye ${code}`);
      const [frame] = await rawClose;
      assert.deepEqual(frame, { code, reason: `bye ${code}` });
      await within(client.closed, 5000, 'leg close');
    });
  }

  it('a page close reaches the upstream ws as a clean close', async () => {
    const connection = nextEvent<[WebSocket]>(world.upstream, 'connection');
    const client = await opened('/echo');
    const [server] = await connection;
    const serverClosed = nextEvent<[number, Buffer]>(server, 'close');
    client.leg.close(encodeCloseCode(1001), 'going');
    const [code, reason] = await serverClosed;
    assert.equal(code, 1001);
    assert.equal(reason.toString(), 'going');
  });

  for (const code of [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000, 4999]) {
    it(`upstream close ${code} reaches the page as ${code} with its reason`, async () => {
      const client = await opened(`/close?code=${code}&reason=${encodeURIComponent(`server ${code}`)}`);
      assert.deepEqual(await within(client.closed, 5000, 'leg close'), { code, reason: `server ${code}` });
    });
  }

  for (const code of [1004, 1016, 2999]) {
    it(`an upstream close with the invalid code ${code} reaches the page as 1002, as lws rewrites it`, async () => {
      const client = await opened(`/close-raw?code=${code}`);
      assert.equal((await within(client.closed, 5000, 'leg close')).code, 1002);
    });
  }

  it('an upstream close without a status reaches the page without one (1005)', async () => {
    const client = await opened('/close');
    assert.deepEqual(await within(client.closed, 5000, 'leg close'), { code: 1005, reason: '' });
  });

  it('an upstream drop reaches the page as a drop (1006)', async () => {
    const client = await opened('/drop?now');
    assert.equal((await within(client.closed, 5000, 'leg close')).code, 1006);
  });

  it('a page drop reaches the server as a drop', async () => {
    const connection = nextEvent<[WebSocket]>(world.upstream, 'connection');
    const client = await opened('/echo');
    const [server] = await connection;
    const serverClosed = nextEvent<[number]>(server, 'close');
    client.leg.terminate();
    assert.equal((await serverClosed)[0], 1006);
  });

  it("a leg closed with 1001, the browser's close of a page going away, reaches the server as 1001 with no reason, as in direct mode", async () => {
    const rawClose = nextEvent<[{ code: number | undefined; reason: string }]>(world.upstream, 'raw-close');
    const client = await opened('/raw-close');
    client.leg.close(PAGE_GOING_AWAY);
    assert.deepEqual((await rawClose)[0], { code: 1001, reason: '' });
    assert.ok(logger.matching('the page went away (1001)').length > 0);
  });

  for (const code of [3000, undefined]) {
    it(`a leg closed with ${code === undefined ? 'no status' : `${code}, not a device close,`} drops the upstream: the app went away without a word`, async () => {
      const connection = nextEvent<[WebSocket]>(world.upstream, 'connection');
      const client = await opened('/echo');
      const [server] = await connection;
      const serverClosed = nextEvent<[number]>(server, 'close');
      if (code === undefined) client.leg.close();
      else client.leg.close(code, 'gone');
      assert.equal((await serverClosed)[0], 1006);
      assert.ok(logger.matching('not a device close').length > 0);
    });
  }
});
