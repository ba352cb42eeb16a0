import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import type { ConnectOptions } from '../core/request-options.js';
import type { ConnectReply } from '../core/relay-messages.js';
import { type RelayServer } from '../../entries/relay/compose-relay.js';
import { startLoopbackRelay } from '../../entries/relay/testing/loopback-relay.js';
import { CaptureLogger } from '../../relay/testing/capture-logger.js';
import { RelayTestClient } from '../relay/testing/relay-client.js';
import { createTlsFixtures, type KeyPair, type TlsFixtures } from '../../testing/tls-fixtures.js';
import { startUpstreamServer, type UpstreamServer, type UpstreamServerOptions } from '../../testing/upstream-server.js';
import { nextEvent, within } from '../../testing/within.js';

describe('TLS as the device does it', { timeout: 30_000 }, () => {
  const logger = new CaptureLogger();
  let fixtures: TlsFixtures;
  let relay: RelayServer;
  let strict: RelayServer;
  const servers: UpstreamServer[] = [];

  before(async () => {
    fixtures = await createTlsFixtures();
    relay = await startLoopbackRelay({ logger, sandboxDir: fixtures.dir });
    strict = await startLoopbackRelay({ logger, sandboxDir: fixtures.dir, strictTls: true });
  });
  after(async () => {
    await Promise.all([relay.close(), strict.close()]);
    await Promise.all(servers.map((server) => server.close()));
    await fixtures.dispose();
  });

  async function serve(pair: KeyPair, extra: UpstreamServerOptions['tls'] = {}): Promise<UpstreamServer> {
    const server = await startUpstreamServer({ tls: { cert: pair.cert, key: pair.key, ...extra } });
    servers.push(server);
    return server;
  }

  async function outcome(through: RelayServer, server: UpstreamServer, options: ConnectOptions = {}): Promise<ConnectReply[]> {
    const client = await RelayTestClient.connect(through, `${server.origin}/echo`, options);
    const replies = await client.handshake();
    if (replies.at(-1)?.op === 'opened') {
      client.leg.send('secure');
      assert.equal((await client.nextData()).data.toString(), 'secure');
      client.leg.close(1000);
    }
    await within(client.closed, 5000, 'leg close');
    return replies;
  }
  const ops = async (...args: Parameters<typeof outcome>): Promise<string> =>
    (await outcome(...args)).map((reply) => (reply.op === 'failed' ? `failed ${reply.status}` : reply.op)).join(' ');

  it('accepts a self-signed certificate by default (LCCSCF_ALLOW_SELFSIGNED)', async () => {
    assert.equal(await ops(relay, await serve(fixtures.selfSigned)), 'accepted opened');
  });

  it('does not check the host name by default (LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK)', async () => {
    assert.equal(await ops(relay, await serve(fixtures.wrongHost), { caPath: 'ca.pem' }), 'accepted opened');
  });

  it('refuses a certificate from an unknown CA unless skipServerCertVerification (LCCSCF_ALLOW_INSECURE)', async () => {
    const server = await serve(fixtures.server);
    assert.equal(await ops(relay, server), 'accepted failed 0');
    assert.equal(await ops(relay, server, { skipServerCertVerification: true }), 'accepted opened');
    assert.equal(await ops(relay, server, { caPath: 'ca.pem' }), 'accepted opened');
  });

  it('refuses an expired certificate unless skipServerCertVerification (LCCSCF_ALLOW_EXPIRED)', async () => {
    const server = await serve(fixtures.expired);
    assert.equal(await ops(relay, server, { caPath: 'ca.pem' }), 'accepted failed 0');
    assert.ok(logger.matching('CERT_HAS_EXPIRED').length > 0);
    assert.equal(await ops(relay, server, { caPath: 'ca.pem', skipServerCertVerification: true }), 'accepted opened');
  });

  it('sends no HTTP request to a server whose certificate it refuses', async () => {
    const server = await serve(fixtures.expired);
    let upgrades = 0;
    server.on('upgrade-request', () => {
      upgrades += 1;
    });
    assert.equal(await ops(relay, server, { caPath: 'ca.pem' }), 'accepted failed 0');
    assert.equal(upgrades, 0);
  });

  it('with strictTls, verifies fully: self-signed and host name mismatches fail, a good chain passes', async () => {
    assert.equal(await ops(strict, await serve(fixtures.selfSigned)), 'accepted failed 0');
    assert.equal(await ops(strict, await serve(fixtures.wrongHost), { caPath: 'ca.pem' }), 'accepted failed 0');
    assert.equal(await ops(strict, await serve(fixtures.server), { caPath: 'ca.pem' }), 'accepted opened');
  });

  it('presents a client certificate with an encrypted key (keyPassword)', async () => {
    const server = await serve(fixtures.server, { ca: fixtures.ca.cert, requestCert: true, rejectUnauthorized: true });
    const connection = nextEvent<[unknown, IncomingMessage]>(server, 'connection');
    const options: ConnectOptions = {
      caPath: 'ca.pem',
      clientCert: { certPath: 'client.pem', keyPath: 'client.key', keyPassword: fixtures.clientKeyPassword },
    };
    assert.equal(await ops(relay, server, options), 'accepted opened');
    const [, request] = await connection;
    assert.equal((request.socket as TLSSocket).getPeerCertificate().subject.CN, 'ohos-netkit test client');
    assert.deepEqual(logger.matching(fixtures.clientKeyPassword), [], 'the key password is never logged');
  });

  it('fails without the client certificate, or with a wrong keyPassword', async () => {
    const server = await serve(fixtures.server, { ca: fixtures.ca.cert, requestCert: true, rejectUnauthorized: true });
    assert.equal(await ops(relay, server, { caPath: 'ca.pem' }), 'accepted failed 0');
    const wrong = { caPath: 'ca.pem', clientCert: { certPath: 'client.pem', keyPath: 'client.key', keyPassword: 'wrong' } };
    assert.equal(await ops(relay, server, wrong), 'accepted failed 0');
  });

  it("tells the page and the log why the TLS handshake failed, each on one line (OpenSSL's error strings end in a newline)", async () => {
    const server = await serve(fixtures.selfSigned, { maxVersion: 'TLSv1.2' });
    const plain = await startUpstreamServer();
    servers.push(plain);
    const cases: Array<[string, ConnectOptions, RegExp]> = [
      [`${server.origin}/echo`, { minSupportTlsProtocol: 3 }, /SSL routines:.*alert protocol version/],
      // TLS to a server that speaks plain HTTP.
      [`${plain.origin.replace('ws:', 'wss:')}/echo`, {}, /SSL routines:.*wrong version number/],
      [`${(await serve(fixtures.expired)).origin}/echo`, { caPath: 'ca.pem' }, /server certificate refused: CERT_HAS_EXPIRED/],
    ];
    for (const [url, options, cause] of cases) {
      const before = logger.lines.length;
      const client = await RelayTestClient.connect(relay, url, options);
      assert.deepEqual(await client.handshake(), [{ op: 'accepted' }, { op: 'failed', status: '0' }]);
      assert.equal(client.whys.length, 1);
      assert.match(client.whys[0] ?? '', cause);
      const failed = logger.lines.slice(before).filter((line) => line.includes(' failed ('));
      assert.equal(failed.length, 1, logger.lines.slice(before).join('\n'));
      assert.match(failed[0] ?? '', cause);
      for (const line of logger.lines.slice(before)) assert.doesNotMatch(line, /[\r\n]/, JSON.stringify(line));
    }
  });

  it('minSupportTlsProtocol 3 refuses a TLS 1.2-only server; 2 accepts it', async () => {
    const server = await serve(fixtures.selfSigned, { maxVersion: 'TLSv1.2' });
    assert.equal(await ops(relay, server, { minSupportTlsProtocol: 3 }), 'accepted failed 0');
    assert.equal(await ops(relay, server, { minSupportTlsProtocol: 2 }), 'accepted opened');
    assert.equal(await ops(relay, server, { minSupportTlsProtocol: 0 }), 'accepted opened');
  });
});
