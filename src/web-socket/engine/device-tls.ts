import type { ConnectionOptions, DetailedPeerCertificate, SecureVersion, TLSSocket } from 'node:tls';
import type { TlsFiles } from '../../net/sandbox-files.js';

/**
 * OpenSSL errors that lws forgives, by connect flag (LWS tls/openssl/openssl-client.c,
 * verify callback and lws_tls_client_confirm_peer_cert). netstack always sets
 * LCCSCF_ALLOW_SELFSIGNED | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK for wss, and
 * skipServerCertVerification adds LCCSCF_ALLOW_INSECURE | LCCSCF_ALLOW_EXPIRED (WS §5).
 */
const ALLOWED_SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'INVALID_CA']);
const ALLOWED_INSECURE = new Set(['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);
const ALLOWED_EXPIRED = new Set(['CERT_NOT_YET_VALID', 'CERT_HAS_EXPIRED']);

const TLS_VERSIONS: Readonly<Record<number, SecureVersion>> = { 1: 'TLSv1.1', 2: 'TLSv1.2', 3: 'TLSv1.3' };

export interface DeviceTlsSettings {
  /** The relay's strictTls: full verification, hostname included, whatever the page asks. */
  readonly strict: boolean;
  readonly skipServerCertVerification: boolean;
  readonly minSupportTlsProtocol: number | undefined;
  readonly files: TlsFiles;
}

/**
 * The options for tls.connect that reproduce the device's TLS setup. In device mode
 * Node must not reject the connection by itself (rejectUnauthorized: false, no
 * hostname check); checkDevicePeer then applies lws' rules once the handshake is done.
 */
export function deviceTlsOptions(settings: DeviceTlsSettings): ConnectionOptions {
  const options: ConnectionOptions = { ...settings.files };
  // WS §5 minSupportTlsProtocol: 1/2/3 raise the floor; 0 or any other value keeps the default.
  const minVersion = settings.minSupportTlsProtocol === undefined ? undefined : TLS_VERSIONS[settings.minSupportTlsProtocol >>> 0];
  if (minVersion !== undefined) options.minVersion = minVersion;
  if (settings.strict) {
    options.rejectUnauthorized = true;
  } else {
    options.rejectUnauthorized = false;
    // WS §5: LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK, always.
    options.checkServerIdentity = () => undefined;
  }
  return options;
}

/**
 * lws' verdict on a finished handshake in device mode: undefined when the device would
 * go on, otherwise the reason it would fail the connection.
 *
 * Node reports one OpenSSL error only (the last one seen; validity dates are checked
 * after the chain is built, so an expired self-signed certificate reports
 * CERT_HAS_EXPIRED). The dates are therefore checked here as well, on the whole
 * chain the server sent.
 */
export function checkDevicePeer(socket: TLSSocket, skipServerCertVerification: boolean): string | undefined {
  if (socket.authorized) return undefined;
  const code = String(socket.authorizationError);
  if (!skipServerCertVerification) {
    const dateProblem = chainDateProblem(socket.getPeerCertificate(true), Date.now());
    if (dateProblem !== undefined) return dateProblem;
  }
  if (ALLOWED_SELF_SIGNED.has(code)) return undefined;
  if (skipServerCertVerification && (ALLOWED_INSECURE.has(code) || ALLOWED_EXPIRED.has(code))) return undefined;
  return code;
}

function chainDateProblem(leaf: DetailedPeerCertificate, now: number): string | undefined {
  const seen = new Set<string>();
  for (let cert: DetailedPeerCertificate | undefined = leaf; cert !== undefined && cert.fingerprint256 !== undefined;) {
    if (seen.has(cert.fingerprint256)) break;
    seen.add(cert.fingerprint256);
    if (Date.parse(cert.valid_to) < now) return 'CERT_HAS_EXPIRED';
    if (Date.parse(cert.valid_from) > now) return 'CERT_NOT_YET_VALID';
    cert = cert.issuerCertificate;
  }
  return undefined;
}
