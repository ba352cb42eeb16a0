import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { Socket } from 'node:net';
import { after, before, describe, it, mock } from 'node:test';
import { isLoopbackAddress, parseIpAddress } from './ip-address.js';
import { OutboundGuard, OutboundRefusal, parseHostPattern, systemResolver, type Resolver } from './outbound-policy.js';
import { startRelayWith, type RelayServer } from './start-relay.js';
import { CaptureLogger } from './testing/capture-logger.js';
import { RelayTestClient } from './testing/relay-client.js';
import { startUpstreamServer, type UpstreamServer } from './testing/upstream-server.js';
import { within } from './testing/within.js';

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
    const guard = new OutboundGuard({}, none, tableResolver({ 'metadata.example': ['169.254.169.254'], 'mixed.example': ['93.184.216.34', 'fe80::1'] }));
    assert.equal((await guard.resolve('metadata.example', 80)).kind, 'refused');
    assert.equal((await guard.resolve('mixed.example', 80)).kind, 'refused');
    assert.equal((await guard.resolve('missing.example', 80)).kind, 'unresolved');
  });

  it('allowLoopbackOnly allows loopback addresses only, after resolution', async () => {
    const guard = new OutboundGuard({ allowLoopbackOnly: true }, none, tableResolver({ 'local.example': ['127.0.0.1'], 'lan.example': ['192.168.0.150'] }));
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
      (lookup as unknown as (h: string, o: object, cb: (e: Error | null, a: unknown) => void) => void)('rebind.example', { all: true }, (error, address) =>
        error === null ? resolve(address) : reject(error),
      ),
    );
    assert.deepEqual(answer, [{ address: '127.0.0.1', family: 4 }]);
    assert.deepEqual(calls, ['rebind.example']);
  });

  it('checks names it was not given up front (redirect targets) inside the lookup', async () => {
    const guard = new OutboundGuard({}, none, tableResolver({ 'late.example': ['169.254.169.254'] }));
    const lookup = guard.lookupFor(new Map()) as unknown as (h: string, o: object, cb: (e: Error | null) => void) => void;
    const error = await new Promise<Error | null>((resolve) => lookup('late.example', {}, resolve));
    assert.ok(error instanceof OutboundRefusal);
  });
});

describe('the relay applies the outbound policy before any traffic', { timeout: 30_000 }, () => {
  const logger = new CaptureLogger();
  const attempts: string[] = [];
  const resolved: string[] = [];
  let relay: RelayServer;
  let upstream: UpstreamServer;

  before(async () => {
    // A guard on every TCP connect this process makes: record it, and refuse anything
    // that is not loopback, so that a broken policy fails the test without traffic.
    const connect = Socket.prototype.connect;
    mock.method(Socket.prototype, 'connect', function guardedConnect(this: Socket, ...args: unknown[]) {
      const first = args[0];
      const options = (Array.isArray(first) ? first[0] : first) as { host?: string; port?: number; path?: string } | number;
      const host = typeof options === 'object' ? options.host : typeof args[1] === 'string' ? args[1] : undefined;
      if (typeof options === 'object' && options.path !== undefined) return connect.apply(this, args as Parameters<typeof connect>);
      attempts.push(`${String(host)}:${typeof options === 'object' ? String(options.port) : String(options)}`);
      const ip = parseIpAddress(host ?? '');
      if (host !== 'localhost' && (ip === undefined || !isLoopbackAddress(ip))) throw new Error(`test guard: refused to connect to ${host}`);
      return connect.apply(this, args as Parameters<typeof connect>);
    });
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
    mock.restoreAll();
  });

  async function refused(url: string, options = {}): Promise<void> {
    const before = attempts.length;
    const client = await RelayTestClient.connect(relay, url, options);
    assert.deepEqual(await client.nextReply(), { op: 'rejected', code: 2302998, message: 'It is not allowed to access this domain' });
    await within(client.closed, 5000, 'leg close');
    // The only connection made is the test's own leg to the relay.
    assert.deepEqual(attempts.slice(before), [`127.0.0.1:${relay.port}`], 'no upstream connection attempt');
  }

  it('refuses the cloud metadata address with 2302998, without connecting', async () => {
    await refused('ws://169.254.169.254/latest/meta-data');
    assert.ok(logger.matching('169.254.169.254 is link-local').length > 0);
  });

  it('refuses the same address spelled as IPv4-mapped IPv6', async () => {
    await refused('ws://[::ffff:169.254.169.254]/');
  });

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
    assert.ok(attempts.includes(`localhost:${upstream.port}`), attempts.join(', '));
  });
});
