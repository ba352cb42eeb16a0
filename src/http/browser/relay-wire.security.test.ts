import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, it } from 'node:test';
import { OUTBOUND_POLICY_REFUSAL } from '../../protocol/relay-protocol.js';
import { LegRefused, openLeg } from '../../relay/testing/open-leg.js';
import { guardConnects } from '../../testing/connect-guard.js';
import { CurlCode } from '../core/http-wire.js';
import { relayRequest, relayWireFor, runRelayTransfer } from './testing/relay-transfer.js';
import { useHttpRelayWorld } from '../../testing/http-relay-world.js';

// The relay's outbound policy holds for http legs as for webSocket's, attacked for real:
// every connect of this process is recorded (and one off loopback would throw before a
// packet leaves), and each refusal is 2300998 with nothing connected but the page's leg.

/** Names the relay resolves from a table: no DNS query leaves the machine. */
const TABLE: Readonly<Record<string, string[]>> = {
  'private.test': ['10.1.2.3'],
  'public.test': ['93.184.216.34'],
  'metadata.test': ['169.254.169.254'],
  'mixed.test': ['127.0.0.1', '10.1.2.3'],
};

async function tableResolver(hostname: string): Promise<LookupAddress[]> {
  const addresses = TABLE[hostname];
  if (addresses === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
}

describe("http through the relay: the relay's outbound policy and leg checks", { timeout: 60_000 }, () => {
  const world = useHttpRelayWorld({}, tableResolver);

  it('refuses private and public targets, names that resolve to them, a redirect hop to one and a proxy at one: 2300998, nothing connected', async () => {
    const port = world.server.port;
    const cases: ReadonlyArray<readonly [string, ReturnType<typeof relayRequest>]> = [
      ['a private address', relayRequest(`http://10.1.2.3:${port}/echo`)],
      ['a public address', relayRequest(`http://93.184.216.34:${port}/echo`)],
      ['a metadata address', relayRequest(`http://169.254.169.254/latest/meta-data/`)],
      ['a name that resolves to a private address', relayRequest(`http://private.test:${port}/echo`)],
      ['a name that resolves to a public address', relayRequest(`http://public.test:${port}/echo`)],
      ['a name with one bad address among good ones', relayRequest(`http://mixed.test:${port}/echo`)],
      [
        'a redirect hop to a private address',
        relayRequest(`${world.server.origin}/redirect?to=${encodeURIComponent(`http://10.1.2.3:${port}/echo`)}`),
      ],
      [
        'a redirect hop to a name that resolves to one',
        relayRequest(`${world.server.origin}/redirect?to=${encodeURIComponent(`http://metadata.test/`)}`),
      ],
      [
        'a proxy at a private address',
        relayRequest(`${world.server.origin}/echo`, { transport: { proxy: { host: '10.1.2.4', port: 3128, exclusionList: [] } } }),
      ],
      [
        'a proxy named by a name that resolves to one',
        relayRequest(`${world.server.origin}/echo`, { transport: { proxy: { host: 'public.test', port: 3128, exclusionList: [] } } }),
      ],
    ];
    const connects = guardConnects();
    const said: string[] = [];
    const debug = console.debug;
    console.debug = (line: string) => said.push(line);
    try {
      for (const [what, request] of cases) {
        const mark = connects.attempts.length;
        const before = world.server.requests.length;
        const record = await runRelayTransfer(relayWireFor(world.relay, 'page-a'), request);
        assert.equal(record.failed, CurlCode.DOMAIN_NOT_ALLOWED, what);
        const redirected = what.startsWith('a redirect');
        // Only the page's leg to the relay, and for a redirect the first hop to the test server.
        const allowed = new Set([`127.0.0.1:${world.relay.port}`, ...(redirected ? [`127.0.0.1:${port}`] : [])]);
        assert.deepEqual(
          connects.since(mark).filter((attempt) => !allowed.has(attempt)),
          [],
          what,
        );
        assert.equal(world.server.requests.length, before + (redirected ? 1 : 0), what);
      }
    } finally {
      console.debug = debug;
      connects.restore();
    }
    // The page learns only that the policy refused: not what a name resolved to, nor where a redirect pointed.
    assert.equal(said.length, cases.length);
    for (const line of said) assert.ok(line.endsWith(`the dev relay says: ${OUTBOUND_POLICY_REFUSAL}`), line);
  });

  it('a leg without the token, or from an origin the relay does not allow, never reaches the http operation', async () => {
    const before = world.server.requests.length;
    await assert.rejects(openLeg(world.relay, { token: null }), (error: unknown) => error instanceof LegRefused && error.status === 401);
    await assert.rejects(openLeg(world.relay, { token: 'y'.repeat(64) }), (error: unknown) => error instanceof LegRefused && error.status === 401);
    await assert.rejects(
      openLeg(world.relay, { origin: 'http://evil.test' }),
      (error: unknown) => error instanceof LegRefused && error.status === 403,
    );
    const error = console.error;
    const debug = console.debug;
    console.error = () => {};
    console.debug = () => {};
    try {
      const refused = await runRelayTransfer(
        relayWireFor({ url: world.relay.url, token: 'z'.repeat(64) }, 'page-a'),
        relayRequest(`${world.server.origin}/echo`),
      );
      assert.equal(refused.failed, CurlCode.COULDNT_CONNECT);
    } finally {
      console.error = error;
      console.debug = debug;
    }
    assert.equal(world.server.requests.length, before);
    assert.deepEqual(world.relay.connections, []);
  });
});
