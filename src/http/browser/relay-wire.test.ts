import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import NodeWebSocket, { WebSocketServer } from 'ws';
import { freePort } from '../../testing/free-port.js';
import { until, within } from '../../testing/within.js';
import { RELAY_SUBPROTOCOL } from '../../protocol/relay-protocol.js';
import { CurlCode } from '../core/http-wire.js';
import { NodeLegSocket, relayRequest, relayWireFor, runRelayTransfer, startRelayTransfer } from './testing/relay-transfer.js';
import { useHttpRelayWorld } from '../../testing/http-relay-world.js';

// The page's relay wire against a real relay (the composition's, loopback only) and a
// real local HTTP server: the http operation performs each transfer as the Node wire
// does, and the page gets it as wire events (relay-messages.ts).

describe('http through the dev relay (relay-messages.ts http)', { timeout: 60_000 }, () => {
  const world = useHttpRelayWorld();

  it('a GET: one header block, the body, the facts', async () => {
    const record = await runRelayTransfer(relayWireFor(world.relay, 'page-a'), relayRequest(`${world.server.origin}/text?body=hello`));
    assert.equal(record.failed, undefined);
    assert.deepEqual(
      record.blocks.map((block) => block.status),
      [200],
    );
    assert.ok(record.blocks[0]?.lines.some(([name, value]) => name.toLowerCase() === 'content-length' && value === '5'));
    assert.equal(record.body.toString(), 'hello');
    assert.equal(record.facts?.status, 200);
    assert.equal(record.facts?.connection.remoteAddress, '127.0.0.1');
    // request(): the device reports no download progress (HTTP §6), so the relay sends none.
    assert.deepEqual(record.order, ['headers', 'data', 'end']);
    await until(() => world.relay.connections.length === 0, 'the leg to end');
  });

  it('a requestInStream GET: download progress follows the body (HTTP §6)', async () => {
    const record = await runRelayTransfer(
      relayWireFor(world.relay, 'page-a'),
      relayRequest(`${world.server.origin}/text?body=hello`, { mode: 'stream' }),
    );
    assert.equal(record.failed, undefined);
    assert.equal(record.body.toString(), 'hello');
    assert.deepEqual(record.order, ['headers', 'data', 'receive', 'end']);
  });

  it('a POST: the body reaches the server whole, with send progress up to its length', async () => {
    const body = new Uint8Array(300 * 1024).map((_, index) => index % 251);
    const record = await runRelayTransfer(
      relayWireFor(world.relay, 'page-a'),
      relayRequest(`${world.server.origin}/echo`, { method: 'POST', body, headers: [['content-type', 'application/octet-stream']] }),
    );
    assert.equal(record.failed, undefined);
    const echoed = JSON.parse(record.body.toString()) as { method: string; body: string };
    assert.equal(echoed.method, 'POST');
    assert.deepEqual(Buffer.from(echoed.body, 'base64'), Buffer.from(body));
    assert.ok(record.sent.length > 0);
    assert.deepEqual(record.sent.at(-1), [body.length, body.length]);
    assert.equal(record.order.indexOf('send'), 0);
  });

  it('a redirect: each hop its own header block, the redirect counted', async () => {
    const record = await runRelayTransfer(
      relayWireFor(world.relay, 'page-a'),
      relayRequest(`${world.server.origin}/redirect?to=${encodeURIComponent('/text?body=there')}&cookie=hop%3D1`),
    );
    assert.equal(record.failed, undefined);
    assert.deepEqual(
      record.blocks.map((block) => block.status),
      [302, 200],
    );
    assert.ok(record.blocks[0]?.lines.some(([name, value]) => name.toLowerCase() === 'set-cookie' && value === 'hop=1'));
    assert.equal(record.facts?.redirectCount, 1);
    assert.match(record.facts?.cookies ?? '', /\thop\t1$/m);
    assert.equal(record.body.toString(), 'there');
  });

  it("keeps an object's cookies per page session: never shared with another page", async () => {
    const jar = { cookieJar: { object: 'http-request-1/jar-1' } } as const;
    const first = relayWireFor(world.relay, 'page-one');
    const second = relayWireFor(world.relay, 'page-two');
    await runRelayTransfer(first, relayRequest(`${world.server.origin}/cookies?set=k%3Dv`, { transport: jar }));
    const again = await runRelayTransfer(first, relayRequest(`${world.server.origin}/cookies`, { transport: jar }));
    assert.equal(again.body.toString(), 'k=v');
    // The same object id on another page's session: a jar of its own, empty.
    const other = await runRelayTransfer(second, relayRequest(`${world.server.origin}/cookies`, { transport: jar }));
    assert.equal(other.body.toString(), '');
    // Without auto-cookie a transfer has a jar of its own (HTTP §7.4).
    const own = await runRelayTransfer(first, relayRequest(`${world.server.origin}/cookies`));
    assert.equal(own.body.toString(), '');
  });

  it('maxLimit: a body past it is curl 23 (2300023)', async () => {
    const record = await runRelayTransfer(
      relayWireFor(world.relay, 'page-a'),
      relayRequest(`${world.server.origin}/bytes?size=40000`, { maxLimit: 1000 }),
    );
    assert.equal(record.failed, CurlCode.WRITE_ERROR);
    assert.equal(record.blocks.length, 1);
  });

  it('readTimeout bounds the whole transfer: curl 28 (2300028)', async () => {
    const record = await runRelayTransfer(
      relayWireFor(world.relay, 'page-a'),
      relayRequest(`${world.server.origin}/slow?bytes=100&every=50`, { transport: { readTimeoutMs: 300 } }),
    );
    assert.equal(record.failed, CurlCode.OPERATION_TIMEDOUT);
    await world.server.whenNoSockets();
  });

  it('abort mid-body (destroy): no event follows, and the upstream connection closes', async () => {
    const transfer = startRelayTransfer(relayWireFor(world.relay, 'page-a'), relayRequest(`${world.server.origin}/hang-body`));
    await transfer.next('data');
    const seen = transfer.record.order.length;
    transfer.handle.abort();
    await within(world.server.whenNoSockets(), 5000, 'the upstream socket to close');
    await until(() => world.relay.connections.length === 0, 'the leg to end');
    assert.equal(transfer.record.order.length, seen);
  });

  it('a page that drops its leg mid-transfer leaves no upstream socket', async () => {
    const sockets: NodeWebSocket[] = [];
    class Recorded extends NodeWebSocket {
      constructor(url: string, protocols: string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    }
    const transfer = startRelayTransfer(
      relayWireFor(world.relay, 'page-a', Recorded as unknown as typeof NodeLegSocket),
      relayRequest(`${world.server.origin}/hang-body`),
    );
    await transfer.next('data');
    assert.equal(world.server.openSockets, 1);
    // The browser died: no close frame.
    sockets[0]?.terminate();
    await within(world.server.whenNoSockets(), 5000, 'the upstream socket to close');
    await until(() => world.relay.connections.length === 0, 'the leg to end');
  });

  it('a relay that cannot be reached is the device without a network: curl 7', async () => {
    const debug = console.debug;
    const error = console.error;
    const said: string[] = [];
    console.debug = (line: string) => said.push(line);
    console.error = () => {};
    try {
      const down = { url: `ws://127.0.0.1:${await freePort()}/ohos-netkit-relay`, token: world.relay.token };
      const record = await runRelayTransfer(relayWireFor(down, 'page-a'), relayRequest(`${world.server.origin}/text?body=x`));
      assert.equal(record.failed, CurlCode.COULDNT_CONNECT);
      const refused = await runRelayTransfer(
        relayWireFor({ url: world.relay.url, token: 'x'.repeat(64) }, 'page-a'),
        relayRequest(`${world.server.origin}/text`),
      );
      assert.equal(refused.failed, CurlCode.COULDNT_CONNECT);
    } finally {
      console.debug = debug;
      console.error = error;
    }
    assert.equal(said.filter((line) => line.includes('could not be reached or refused this page')).length, 2);
  });
});

describe('the page reads the relay strictly (relay-replies.ts)', { timeout: 30_000 }, () => {
  /** A "relay" that answers every request with `script` (each entry sent in order; a number closes the leg with it). */
  async function fakeRelay(script: ReadonlyArray<string | Uint8Array | number>): Promise<{ url: string; close(): Promise<void> }> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => RELAY_SUBPROTOCOL });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (leg) => {
      leg.once('message', () => {
        for (const step of script) {
          if (typeof step === 'number') leg.close(step);
          else leg.send(step);
        }
      });
    });
    const { port } = server.address() as { port: number };
    return {
      url: `ws://127.0.0.1:${port}/`,
      close: () => {
        for (const client of server.clients) client.terminate();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  const headers = JSON.stringify({ op: 'headers', status: 200, lines: [] });
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string | Uint8Array | number>, number, RegExp]> = [
    ['an unknown reply', ['{"op":"opened"}'], CurlCode.WEIRD_SERVER_REPLY, /could not be read: unknown op "opened"/],
    ['a malformed reply', ['{"op":"headers","status":"200"}'], CurlCode.WEIRD_SERVER_REPLY, /headers\.status/],
    ['body bytes before a header block', [new Uint8Array(3)], CurlCode.WEIRD_SERVER_REPLY, /body bytes before a header block/],
    ['a leg that ends before any header block', [1011], CurlCode.COULDNT_CONNECT, /ended the transfer: closed with 1011/],
    ['a leg that ends in the body', [headers, new Uint8Array(3), 1011], CurlCode.RECV_ERROR, /ended the transfer: closed with 1011/],
  ];
  for (const [what, script, code, why] of cases) {
    it(`${what}: curl ${code}, and why on the diagnostic side channel`, async () => {
      const relay = await fakeRelay(script);
      const said: string[] = [];
      const debug = console.debug;
      const error = console.error;
      console.debug = (line: string) => said.push(line);
      console.error = () => {};
      try {
        const record = await runRelayTransfer(relayWireFor({ url: relay.url, token: 't'.repeat(32) }, 'page-a'), relayRequest('http://127.0.0.1:1/'));
        assert.equal(record.failed, code);
        assert.equal(said.length, 1);
        assert.match(said[0] ?? '', why);
      } finally {
        console.debug = debug;
        console.error = error;
        await relay.close();
      }
    });
  }
});
