/**
 * The servers behind the dev relay in the relay e2e specs, all on 127.0.0.1:0. They
 * are the relay's own test servers (src/testing/upstream-server.ts: behaviour
 * chosen by the path, see its header comment), served plain and with the TLS setups a
 * device meets, using the certificates openssl made for this run (tls-fixtures.ts).
 */
import type { TlsFixtures } from '../../src/testing/tls-fixtures.js';
import { startUpstreamServer, type UpstreamServer } from '../../src/testing/upstream-server.js';
import { startHeaderUpstream, type HeaderUpstream } from './relay-header-upstream.js';

export interface RelayUpstreams {
  /** ws:// */
  readonly plain: UpstreamServer;
  /** wss:// with a self-signed certificate (the device accepts it by default, WS §5). */
  readonly selfSigned: UpstreamServer;
  /** wss:// with a certificate from the test CA (trusted only with caPath = the CA). */
  readonly caSigned: UpstreamServer;
  /** wss:// that requires a client certificate from the test CA. */
  readonly mutualTls: UpstreamServer;
  /** wss:// with a certificate that expired in 2020. */
  readonly expired: UpstreamServer;
  /** wss:// that speaks TLS 1.2 at most (self-signed). */
  readonly tls12Only: UpstreamServer;
  /** ws:// whose 101 carries a custom header. */
  readonly customHeader: HeaderUpstream;
  close(): Promise<void>;
}

export async function startRelayUpstreams(tls: TlsFixtures): Promise<RelayUpstreams> {
  const [plain, selfSigned, caSigned, mutualTls, expired, tls12Only, customHeader] = await Promise.all([
    startUpstreamServer(),
    startUpstreamServer({ tls: { cert: tls.selfSigned.cert, key: tls.selfSigned.key } }),
    startUpstreamServer({ tls: { cert: tls.server.cert, key: tls.server.key } }),
    startUpstreamServer({ tls: { cert: tls.server.cert, key: tls.server.key, ca: tls.ca.cert, requestCert: true, rejectUnauthorized: true } }),
    startUpstreamServer({ tls: { cert: tls.expired.cert, key: tls.expired.key } }),
    startUpstreamServer({ tls: { cert: tls.selfSigned.cert, key: tls.selfSigned.key, maxVersion: 'TLSv1.2' } }),
    startHeaderUpstream(),
  ]);
  return {
    plain,
    selfSigned,
    caSigned,
    mutualTls,
    expired,
    tls12Only,
    customHeader,
    async close() {
      await Promise.all([plain, selfSigned, caSigned, mutualTls, expired, tls12Only, customHeader].map((server) => server.close()));
    },
  };
}
