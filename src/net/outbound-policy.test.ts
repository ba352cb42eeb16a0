import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { after, before, describe, it } from 'node:test';
import { OUTBOUND_POLICY_REFUSAL } from '../protocol/relay-protocol.js';
import { OutboundGuard, OutboundRefusal, parseHostPattern, systemResolver, type Resolver } from './outbound-policy.js';
import { startRelayWith, type RelayServer } from '../entries/relay/compose-relay.js';
import { CaptureLogger } from '../relay/testing/capture-logger.js';
import { guardConnects, type ConnectGuard } from '../testing/connect-guard.js';
import { RelayTestClient } from '../web-socket/relay/testing/relay-client.js';
import { startUpstreamServer, type UpstreamServer } from '../testing/upstream-server.js';
import { within } from '../testing/within.js';

/** A table resolver standing in for DNS in these unit tests (no query leaves the machine). */
function tableResolver(table: Record<string, string[]>, calls: string[] = []): Resolver {
  return async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

describe('OutboundGuard', () => {
  const none = (): number[] => [];

  it('refuses link-local and metadata literals by name, before any DNS', () => {
    const guard = new OutboundGuard({}, none, tableResolver({}));
    for (const host of ['169.254.169.254', '[fe80::1]', '100.100.100.200', '[fd00:ec2::254]', '0.0.0.0', '[::ffff:a9fe:a9fe]', '224.0.0.1']) {
      assert.match(guard.checkName(host, 80) ?? '', /denyLinkLocal/, host);
    }
    assert.equal(guard.checkName('127.0.0.1', 80), undefined);
    assert.equal(guard.checkName('example.com', 443), undefined);
  });

  it('lets the owner turn the link-local rule off', () => {
    assert.equal(new OutboundGuard({ denyLinkLocal: false }, none).checkName('169.254.169.254', 80), undefined);
  });

  it('applies allowHosts to the name in the URL, with ports and *.suffix', () => {
    const guard = new OutboundGuard({ allowHosts: ['example.com', '*.dev.example', 'localhost:8080', '[::1]:9000'] }, none);
    assert.equal(guard.checkName('example.com', 443), undefined);
    assert.equal(guard.checkName('EXAMPLE.com', 80), undefined);
    assert.equal(guard.checkName('a.b.dev.example', 443), undefined);
    assert.match(guard.checkName('dev.example', 443) ?? '', /not in the allowed targets/);
    assert.equal(guard.checkName('localhost', 8080), undefined);
    assert.match(guard.checkName('localhost', 8081) ?? '', /not in the allowed targets/);
    assert.equal(guard.checkName('[::1]', 9000), undefined);
    assert.match(guard.checkName('evil.example', 443) ?? '', /not in the allowed targets/);
  });

  it('parses host patterns', () => {
    assert.deepEqual(parseHostPattern('Example.com:8080'), { host: 'example.com', port: 8080 });
    assert.deepEqual(parseHostPattern('[::1]'), { host: '::1', port: undefined });
    assert.deepEqual(parseHostPattern('::1'), { host: '::1', port: undefined });
    assert.deepEqual(parseHostPattern('*.example.com'), { host: '*.example.com', port: undefined });
  });

  it('checks every resolved address: one metadata address refuses the name', async () => {
    const guard = new OutboundGuard(
      {},
      none,
      tableResolver({ 'metadata.example': ['169.254.169.254'], 'mixed.example': ['93.184.216.34', 'fe80::1'] }),
    );
    assert.equal((await guard.resolve('metadata.example', 80)).kind, 'refused');
    assert.equal((await guard.resolve('mixed.example', 80)).kind, 'refused');
    assert.equal((await guard.resolve('missing.example', 80)).kind, 'unresolved');
  });

  it('a spelling only the URL parser folds, met as a name, is resolved and judged by its address', async () => {
    // Not an address to node:net (see parseIpAddress): getaddrinfo reads it, without a query.
    const guard = new OutboundGuard({}, none, systemResolver);
    for (const host of ['2852039166', '0xa9.0xfe.0xa9.0xfe', '169.254.43518']) {
      assert.equal(guard.checkName(host, 80), undefined, host);
      const outcome = await guard.resolve(host, 80);
      assert.equal(outcome.kind, 'refused', host);
      assert.match(outcome.kind === 'refused' ? outcome.reason : '', /resolves to 169\.254\.169\.254 is link-local/, host);
    }
  });

  it('allowLoopbackOnly allows loopback addresses only, after resolution', async () => {
    const guard = new OutboundGuard(
      { allowLoopbackOnly: true },
      none,
      tableResolver({ 'local.example': ['127.0.0.1'], 'lan.example': ['192.168.0.150'] }),
    );
    assert.equal((await guard.resolve('local.example', 80)).kind, 'allowed');
    assert.equal((await guard.resolve('lan.example', 80)).kind, 'refused');
  });

  it('refuses the relay itself (loop prevention)', async () => {
    const guard = new OutboundGuard({}, () => [4567]);
    assert.match(guard.checkName('127.0.0.1', 4567) ?? '', /the relay itself/);
    assert.equal(guard.checkName('127.0.0.1', 4568), undefined);
  });

  it('pins: the lookup answers from the first resolution, so a rebinding DNS cannot switch the address', async () => {
    const calls: string[] = [];
    const table: Record<string, string[]> = { 'rebind.example': ['127.0.0.1'] };
    const guard = new OutboundGuard({}, none, tableResolver(table, calls));
    const first = await guard.resolve('rebind.example', 80);
    assert.equal(first.kind, 'allowed');
    table['rebind.example'] = ['169.254.169.254'];
    const lookup = guard.lookupFor(new Map([['rebind.example', first.kind === 'allowed' ? first.addresses : []]]));
    const answer = await new Promise<unknown>((resolve, reject) =>
      (lookup as unknown as (h: string, o: object, cb: (e: Error | null, a: unknown) => void) => void)(
        'rebind.example',
        { all: true },
        (error, address) => (error === null ? resolve(address) : reject(error)),
      ),
    );
    assert.deepEqual(answer, [{ address: '127.0.0.1', family: 4 }]);
    assert.deepEqual(calls, ['rebind.example']);
  });

  it('the lookup answers no name its plan did not check (nor asks DNS for it)', async () => {
    const calls: string[] = [];
    const guard = new OutboundGuard({}, none, tableResolver({ 'late.example': ['127.0.0.1'] }, calls));
    const lookup = guard.lookupFor(new Map()) as unknown as (h: string, o: object, cb: (e: Error | null) => void) => void;
    const error = await new Promise<Error | null>((resolve) => lookup('late.example', {}, resolve));
    assert.ok(error instanceof OutboundRefusal);
    assert.deepEqual(calls, []);
  });

  it('refuses every address of this machine on a port the relay answers on, by any spelling', async () => {
    const guard = new OutboundGuard({}, () => [4567], tableResolver({ localhost: ['127.0.0.1', '::1'] }));
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '0.0.0.0', '::']) {
      assert.match(guard.checkAddress(address, 4567) ?? '', /the relay itself|this network|link-local/, address);
    }
    assert.equal((await guard.resolve('localhost', 4567)).kind, 'refused');
    assert.equal((await guard.resolve('localhost', 4568)).kind, 'allowed');
  });
});

describe('the relay applies the outbound policy before any traffic', { timeout: 30_000 }, () => {
  const logger = new CaptureLogger();
  let guard: ConnectGuard;
  const resolved: string[] = [];
  let relay: RelayServer;
  let upstream: UpstreamServer;

  before(async () => {
    // Every connect this process makes is recorded, and refused off loopback, so that a
    // broken policy fails the test without traffic.
    guard = guardConnects();
    upstream = await startUpstreamServer();
    // The default policy is what this suite tests, so this relay is not loopback-only;
    // the guard above still refuses any connection off loopback. The system's resolver, counted.
    relay = await startRelayWith({ logger }, (hostname) => {
      resolved.push(hostname);
      return systemResolver(hostname);
    });
  });
  after(async () => {
    await relay.close();
    await upstream.close();
    guard.restore();
  });

  async function refused(url: string, options = {}): Promise<void> {
    const mark = guard.attempts.length;
    const client = await RelayTestClient.connect(relay, url, options);
    assert.deepEqual(await client.nextReply(), { op: 'rejected', code: 2302998, message: 'It is not allowed to access this domain' });
    // How the policy judged it (which rule, what a name resolves to) stays in the relay.
    assert.deepEqual(client.whys, [OUTBOUND_POLICY_REFUSAL]);
    await within(client.closed, 5000, 'leg close');
    // The only connection made is the test's own leg to the relay.
    assert.deepEqual(guard.since(mark), [`127.0.0.1:${relay.port}`], 'no upstream connection attempt');
  }

  it('refuses the cloud metadata address with 2302998, without connecting', async () => {
    await refused('ws://169.254.169.254/latest/meta-data');
    assert.ok(logger.matching('169.254.169.254 is link-local').length > 0);
  });

  // Every way of writing a forbidden IPv4 address inside an IPv6 one, and the IPv4
  // spellings the URL parser folds (WS §4: the device's parser takes any of them).
  const FORBIDDEN_FORMS: ReadonlyArray<readonly [form: string, url: string]> = [
    ['IPv4-mapped, dotted', 'ws://[::ffff:169.254.169.254]/'],
    ['IPv4-mapped, hex', 'ws://[::ffff:a9fe:a9fe]/'],
    ['IPv4-compatible (deprecated)', 'ws://[::169.254.169.254]/'],
    ['SIIT IPv4-translated', 'ws://[::ffff:0:a9fe:a9fe]/'],
    ['NAT64 well-known prefix', 'ws://[64:ff9b::169.254.169.254]/'],
    ['NAT64 local-use /96', 'ws://[64:ff9b:1::a9fe:a9fe]/'],
    ['NAT64 local-use /48', 'ws://[64:ff9b:1:a9fe:a9:fe00::]/'],
    ['6to4', 'ws://[2002:a9fe:a9fe::1]/'],
    ['Teredo server', 'ws://[2001:0:a9fe:a9fe::1]/'],
    ['Teredo client (inverted)', 'ws://[2001:0:102:304:0:0:5601:5601]/'],
    ['ISATAP', 'ws://[fd00::5efe:169.254.169.254]/'],
    ['ISATAP, global', 'ws://[2001:db8::200:5efe:a9fe:a9fe]/'],
    ['Alibaba metadata via NAT64', 'ws://[64:ff9b::100.100.100.200]/'],
    ['link-local IPv6', 'ws://[fe80::1]/'],
    ['IPv4 as one number', 'ws://2852039166/'],
    ['IPv4 in hex', 'ws://0xa9.0xfe.0xa9.0xfe/'],
    ['IPv4 in octal', 'ws://0251.0376.0251.0376/'],
    ['IPv4 shortened', 'ws://169.254.43518/'],
  ];
  for (const [form, url] of FORBIDDEN_FORMS) {
    it(`refuses the metadata address written as ${form}: ${url}`, async () => {
      await refused(url);
    });
  }

  it('refuses "this network" and multicast', async () => {
    await refused('ws://0.0.0.0:80/');
    await refused('wss://224.0.0.1/');
  });

  it('refuses a scheme other than ws/wss', async () => {
    await refused('http://127.0.0.1:80/');
  });

  it('refuses a proxy the page points at a metadata address', async () => {
    await refused(`${upstream.origin}/echo`, { proxy: { host: '169.254.169.254', port: 80, exclusionList: [] } });
  });

  it('refuses the relay itself', async () => {
    await refused(`ws://127.0.0.1:${relay.port}/ohos-netkit-relay`);
  });

  it('lets loopback through, connecting to the pinned address', async () => {
    const client = await RelayTestClient.connect(relay, `ws://localhost:${upstream.port}/echo`);
    assert.equal((await client.handshake()).at(-1)?.op, 'opened');
    client.leg.close(1000);
    await within(client.closed, 5000, 'leg close');
    // Resolved once, before `accepted`; the socket's lookup answered from the pin.
    assert.deepEqual(resolved, ['localhost']);
    assert.ok(guard.attempts.includes(`localhost:${upstream.port}`), guard.attempts.join(', '));
  });
});
