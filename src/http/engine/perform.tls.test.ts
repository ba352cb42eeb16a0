import assert from 'node:assert/strict';
import { X509Certificate, createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CurlCode } from '../core/http-wire.js';
import { startHttpTestServer, type HttpTestServer } from '../../testing/http-test-server.js';
import { createTlsFixtures, type KeyPair, type TlsFixtures } from '../../testing/tls-fixtures.js';
import { runTransfer, testContext, wireRequest } from './testing/run-transfer.js';

function pinOf(pair: KeyPair): string {
  const spki = new X509Certificate(pair.cert).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256//${createHash('sha256').update(spki).digest('base64')}`;
}

describe('TLS as the device sets curl up (HTTP §3)', { timeout: 60_000 }, () => {
  let fixtures: TlsFixtures;
  const servers: HttpTestServer[] = [];
  let good: HttpTestServer;
  let selfSigned: HttpTestServer;
  let wrongHost: HttpTestServer;
  let expired: HttpTestServer;
  let tls10: HttpTestServer;
  let tls12: HttpTestServer;
  let clientAuth: HttpTestServer;
  let h2: HttpTestServer;
  const servernames: string[] = [];
  const start = async (options: Parameters<typeof startHttpTestServer>[0]): Promise<HttpTestServer> => {
    const server = await startHttpTestServer(options);
    servers.push(server);
    return server;
  };
  before(async () => {
    fixtures = await createTlsFixtures();
    const { server, ca } = fixtures;
    good = await start({
      tls: {
        cert: server.cert,
        key: server.key,
        SNICallback: (name, callback) => {
          servernames.push(name);
          callback(null);
        },
      },
    });
    selfSigned = await start({ tls: { cert: fixtures.selfSigned.cert, key: fixtures.selfSigned.key } });
    wrongHost = await start({ tls: { cert: fixtures.wrongHost.cert, key: fixtures.wrongHost.key } });
    expired = await start({ tls: { cert: fixtures.expired.cert, key: fixtures.expired.key } });
    tls10 = await start({ tls: { cert: server.cert, key: server.key, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' } });
    tls12 = await start({ tls: { cert: server.cert, key: server.key, maxVersion: 'TLSv1.2' } });
    clientAuth = await start({ tls: { cert: server.cert, key: server.key, ca: ca.cert, requestCert: true, rejectUnauthorized: true } });
    h2 = await start({ http2: { cert: server.cert, key: server.key } });
  });
  after(async () => {
    for (const server of servers) await server.close();
    await fixtures.dispose();
  });

  const caData = (): string => fixtures.ca.cert.toString();

  it('refuses a certificate no CA vouches for with curl 60, and takes it with caData', async () => {
    assert.equal((await runTransfer(wireRequest(`${good.origin}/status`))).failed, CurlCode.PEER_FAILED_VERIFICATION);
    const record = await runTransfer(wireRequest(`${good.origin}/echo`, { transport: { caData: caData() } }));
    assert.equal(record.failed, undefined);
    assert.equal(record.facts?.connection.tlsVersion, 7);
    assert.ok((record.facts?.connection.cipherSuite ?? '') !== '');
    const timing = record.facts?.timing;
    assert.ok(timing !== undefined && timing.tls > 0 && timing.tls >= timing.tcp && timing.firstReceive >= timing.tls, JSON.stringify(timing));
  });

  it('reads caPath from the app files (the sandbox or Node base dir); a missing one is skipped', async () => {
    assert.equal(
      (await runTransfer(wireRequest(`${good.origin}/status`, { transport: { caPath: 'ca.pem' } }), testContext({ files: fixtures.dir }))).failed,
      undefined,
    );
    assert.equal(
      (
        await runTransfer(
          wireRequest(`${good.origin}/status`, { transport: { caPath: 'ca.pem' } }),
          testContext({ files: { baseDir: fixtures.dir } }),
        )
      ).failed,
      undefined,
    );
    const context = testContext({ files: fixtures.dir });
    assert.equal(
      (await runTransfer(wireRequest(`${good.origin}/status`, { transport: { caPath: 'missing.pem' } }), context)).failed,
      CurlCode.PEER_FAILED_VERIFICATION,
    );
    assert.ok(
      context.logged.some((line) => line.includes('caPath') && line.includes('skipped')),
      context.logged.join('\n'),
    );
  });

  it('refuses caData without a certificate that parses (curl 77)', async () => {
    assert.equal(
      (await runTransfer(wireRequest(`${good.origin}/status`, { transport: { caData: 'not a certificate' } }))).failed,
      CurlCode.SSL_CACERT_BADFILE,
    );
  });

  it('sets TLS up only for an https hop: an http transfer ignores bad TLS options, a redirect to https meets them', async () => {
    const plain = await startHttpTestServer();
    servers.push(plain);
    const badTls = { caData: 'not a certificate', clientCert: { certPath: 'nope.pem', keyPath: 'nope.key', certType: 'PEM' as const } };
    assert.equal((await runTransfer(wireRequest(`${plain.origin}/status`, { transport: badTls }))).failed, undefined);
    const redirected = await runTransfer(
      wireRequest(`${plain.origin}/redirect?to=${encodeURIComponent(`${good.origin}/status`)}`, { transport: badTls }),
    );
    assert.equal(redirected.failed, CurlCode.SSL_CACERT_BADFILE);
  });

  it('refuses self-signed, expired and wrong-host certificates with curl 60', async () => {
    assert.equal(
      (await runTransfer(wireRequest(`${selfSigned.origin}/status`, { transport: { caData: caData() } }))).failed,
      CurlCode.PEER_FAILED_VERIFICATION,
    );
    assert.equal(
      (await runTransfer(wireRequest(`${expired.origin}/status`, { transport: { caData: caData() } }))).failed,
      CurlCode.PEER_FAILED_VERIFICATION,
    );
    assert.equal(
      (await runTransfer(wireRequest(`${wrongHost.origin}/status`, { transport: { caData: caData() } }))).failed,
      CurlCode.PEER_FAILED_VERIFICATION,
    );
  });

  it("checks neither peer nor host name with remoteValidation 'skip'", async () => {
    for (const server of [selfSigned, expired, wrongHost, good]) {
      assert.equal(
        (await runTransfer(wireRequest(`${server.origin}/status`, { transport: { remoteValidation: 'skip' } }))).failed,
        undefined,
        server.origin,
      );
    }
  });

  it("pins the peer's public key: a match passes, a mismatch is curl 90", async () => {
    const pinned = await runTransfer(
      wireRequest(`${good.origin}/status`, { transport: { caData: caData(), certificatePinning: [pinOf(fixtures.server)] } }),
    );
    assert.equal(pinned.failed, undefined);
    const other = await runTransfer(
      wireRequest(`${good.origin}/status`, { transport: { caData: caData(), certificatePinning: [pinOf(fixtures.ca)] } }),
    );
    assert.equal(other.failed, CurlCode.SSL_PINNEDPUBKEYNOTMATCH);
    const skipped = await runTransfer(
      wireRequest(`${selfSigned.origin}/status`, { transport: { remoteValidation: 'skip', certificatePinning: [pinOf(fixtures.server)] } }),
    );
    assert.equal(skipped.failed, CurlCode.SSL_PINNEDPUBKEYNOTMATCH);
  });

  it('needs TLS 1.2 at least by default: a TLS 1.0-only server is a handshake failure (35); tlsVersionMin 4 reaches it', async () => {
    assert.equal((await runTransfer(wireRequest(`${tls10.origin}/status`, { transport: { caData: caData() } }))).failed, CurlCode.SSL_CONNECT_ERROR);
    const old = await runTransfer(wireRequest(`${tls10.origin}/status`, { transport: { caData: caData(), tls: { minVersion: 4, maxVersion: 7 } } }));
    assert.equal(old.failed, undefined);
    assert.equal(old.facts?.connection.tlsVersion, 4);
  });

  it('keeps to tlsVersionMin/Max and the cipher list', async () => {
    assert.equal(
      (await runTransfer(wireRequest(`${tls12.origin}/status`, { transport: { caData: caData(), tls: { minVersion: 7, maxVersion: 7 } } }))).failed,
      CurlCode.SSL_CONNECT_ERROR,
    );
    const capped = await runTransfer(
      wireRequest(`${good.origin}/status`, {
        transport: { caData: caData(), tls: { minVersion: 6, maxVersion: 6, cipherSuites: ['ECDHE-ECDSA-AES128-GCM-SHA256'] } },
      }),
    );
    assert.equal(capped.failed, undefined);
    assert.equal(capped.facts?.connection.tlsVersion, 6);
    assert.equal(capped.facts?.connection.cipherSuite, 'ECDHE-ECDSA-AES128-GCM-SHA256');
    assert.equal(
      (
        await runTransfer(
          wireRequest(`${good.origin}/status`, {
            transport: { caData: caData(), tls: { minVersion: 6, maxVersion: 7, cipherSuites: ['NO-SUCH-CIPHER'] } },
          }),
        )
      ).failed,
      CurlCode.SSL_CIPHER,
    );
  });

  it('sends SNI: the host name, or sniHostName; never for an IP address', async () => {
    const before = servernames.length;
    await runTransfer(wireRequest(`https://localhost:${good.port}/status`, { transport: { caData: caData() } }), testContext());
    await runTransfer(wireRequest(`https://localhost:${good.port}/status`, { transport: { caData: caData(), sniHostName: 'sni.example' } }));
    await runTransfer(wireRequest(`${good.origin}/status`, { transport: { caData: caData() } }));
    assert.deepEqual(servernames.slice(before), ['localhost', 'sni.example']);
  });

  it('presents a client certificate (PEM with a key password); a missing or locked one is curl 58', async () => {
    const clientCert = { certPath: 'client.pem', keyPath: 'client.key', certType: 'PEM' as const, keyPassword: fixtures.clientKeyPassword };
    const context = testContext({ files: fixtures.dir });
    assert.equal(
      (await runTransfer(wireRequest(`${clientAuth.origin}/status`, { transport: { caData: caData(), clientCert } }), context)).failed,
      undefined,
    );
    assert.equal(
      (
        await runTransfer(
          wireRequest(`${clientAuth.origin}/status`, { transport: { caData: caData(), clientCert: { ...clientCert, certPath: 'nope.pem' } } }),
          context,
        )
      ).failed,
      CurlCode.SSL_CERTPROBLEM,
    );
    assert.equal(
      (
        await runTransfer(
          wireRequest(`${clientAuth.origin}/status`, { transport: { caData: caData(), clientCert: { ...clientCert, keyPassword: 'wrong' } } }),
          context,
        )
      ).failed,
      CurlCode.SSL_CERTPROBLEM,
    );
    // Without one, the server's refusal: curl 58 as well (the alert names the certificate).
    assert.equal(
      (await runTransfer(wireRequest(`${clientAuth.origin}/status`, { transport: { caData: caData() } }), context)).failed,
      CurlCode.SSL_CERTPROBLEM,
    );
  });

  it('presents a PKCS#12 or DER client certificate too', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const openssl = (...args: string[]): Promise<unknown> => promisify(execFile)('openssl', args, { cwd: fixtures.dir });
    const password = fixtures.clientKeyPassword;
    await openssl(
      'pkcs12',
      '-export',
      '-in',
      'client.pem',
      '-inkey',
      'client.key',
      '-passin',
      `pass:${password}`,
      '-passout',
      `pass:${password}`,
      '-out',
      'client.p12',
    );
    await openssl('x509', '-in', 'client.pem', '-outform', 'DER', '-out', 'client.der');
    await openssl('pkcs8', '-topk8', '-in', 'client.key', '-passin', `pass:${password}`, '-nocrypt', '-outform', 'DER', '-out', 'client-key.der');
    const context = testContext({ files: fixtures.dir });
    const p12 = { certPath: 'client.p12', keyPath: '', certType: 'P12' as const, keyPassword: password };
    assert.equal(
      (await runTransfer(wireRequest(`${clientAuth.origin}/status`, { transport: { caData: caData(), clientCert: p12 } }), context)).failed,
      undefined,
    );
    assert.equal(
      (
        await runTransfer(
          wireRequest(`${clientAuth.origin}/status`, { transport: { caData: caData(), clientCert: { ...p12, keyPassword: 'wrong' } } }),
          context,
        )
      ).failed,
      CurlCode.SSL_CERTPROBLEM,
    );
    const der = { certPath: 'client.der', keyPath: 'client-key.der', certType: 'DER' as const };
    assert.equal(
      (await runTransfer(wireRequest(`${clientAuth.origin}/status`, { transport: { caData: caData(), clientCert: der } }), context)).failed,
      undefined,
    );
  });

  it('speaks HTTP/2 when the server offers it (curl 2TLS), HTTP/1.1 when asked to', async () => {
    const record = await runTransfer(wireRequest(`${h2.origin}/echo`, { headers: [['x-app', '1']], transport: { caData: caData() } }));
    assert.equal(record.failed, undefined);
    assert.equal(record.facts?.connection.protocol, 'HTTP/2');
    const echoed = JSON.parse(record.body.toString()) as { httpVersion: string; headers: Array<[string, string]> };
    assert.equal(echoed.httpVersion, '2.0');
    assert.equal(new Map(echoed.headers).get('user-agent'), 'libcurl-agent/1.0');
    const pinned = await runTransfer(wireRequest(`${h2.origin}/echo`, { transport: { caData: caData(), httpVersion: '1.1' } }));
    assert.equal(pinned.facts?.connection.protocol, 'HTTP/1.1');
    assert.equal((JSON.parse(pinned.body.toString()) as { httpVersion: string }).httpVersion, '1.1');
  });
});
