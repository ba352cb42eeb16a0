import { OutboundRefusal } from '../../net/outbound-policy.js';
import { CurlCode } from '../core/http-wire.js';

/** A failure whose curl code the engine already knows (a timeout, a pin, a limit): carried through undici's error paths. */
export class CurlFailure extends Error {
  readonly curlCode: number;

  constructor(curlCode: number, why: string) {
    super(why);
    this.curlCode = curlCode;
  }
}

/** Where a transfer was when something failed: curl names the same error differently by phase. */
export type TransferStage = 'connect' | 'head' | 'body';

/** OpenSSL's verification results (Node's error codes for them): the peer's certificate is refused, curl 60. */
const VERIFY_FAILURES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The server refused our client certificate: curl's openssl backend says CURLE_SSL_CERTPROBLEM for these alerts. */
const CLIENT_CERT_REFUSED = new Set(['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED']);

const NAME_FAILURES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EAI_NODATA',
  'ENODATA',
  'ESERVFAIL',
  'ENOTIMP',
  'EREFUSED',
  'ECONNREFUSED_DNS',
]);

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT', 'EHOSTDOWN', 'ENETDOWN']);

/**
 * The curl code for what Node or undici reported (HTTP §13.3, step 6): names that do not
 * resolve 6 (5 for a proxy's), refused or unreachable 7, certificate verification 60,
 * a client certificate the server refused 58, any other TLS handshake failure 35, a
 * reset 56 (35 during the handshake), a connection closed before any answer 52 and in
 * the body 18 (curl's "transfer closed with bytes remaining"), a response that does not
 * parse 8, too large a header block 56, a request undici cannot express 43.
 */
export function curlCodeOf(error: unknown, stage: TransferStage, towardsProxy: boolean): number {
  if (error instanceof CurlFailure) return error.curlCode;
  // A socket about to go somewhere its hop did not check: nothing connected (a bug, never the app's doing).
  if (error instanceof OutboundRefusal) return CurlCode.DOMAIN_NOT_ALLOWED;
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  if (NAME_FAILURES.has(code)) return towardsProxy ? CurlCode.COULDNT_RESOLVE_PROXY : CurlCode.COULDNT_RESOLVE_HOST;
  if (CONNECT_FAILURES.has(code) && stage === 'connect') return CurlCode.COULDNT_CONNECT;
  if (VERIFY_FAILURES.has(code)) return CurlCode.PEER_FAILED_VERIFICATION;
  if (CLIENT_CERT_REFUSED.has(code)) return CurlCode.SSL_CERTPROBLEM;
  if (code.startsWith('ERR_SSL_') || code === 'ERR_TLS_HANDSHAKE_TIMEOUT' || code === 'EPROTO') return CurlCode.SSL_CONNECT_ERROR;
  if (code === 'ECONNRESET') return stage === 'connect' ? CurlCode.SSL_CONNECT_ERROR : CurlCode.RECV_ERROR;
  if (code === 'EPIPE') return CurlCode.SEND_ERROR;
  if (code === 'UND_ERR_SOCKET') return stage === 'body' ? CurlCode.PARTIAL_FILE : stage === 'head' ? CurlCode.GOT_NOTHING : CurlCode.COULDNT_CONNECT;
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return CurlCode.PARTIAL_FILE;
  if (code.startsWith('HPE_') || (error as { name?: unknown } | undefined)?.name === 'HTTPParserError') return CurlCode.WEIRD_SERVER_REPLY;
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return CurlCode.RECV_ERROR;
  if (code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED') return BAD_FUNCTION_ARGUMENT;
  if (code === 'ERR_HTTP2_STREAM_ERROR' || code === 'ERR_HTTP2_SESSION_ERROR' || code === 'ERR_HTTP2_ERROR' || code === 'UND_ERR_INFO')
    return CurlCode.HTTP2;
  return stage === 'connect' ? CurlCode.COULDNT_CONNECT : CurlCode.RECV_ERROR;
}

/** curl 43: not in the device's table (HTTP §9: 2300999), for what the engine cannot send at all. */
const BAD_FUNCTION_ARGUMENT = 43;
