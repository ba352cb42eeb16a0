import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { checkServerIdentity, createSecureContext, rootCertificates, type ConnectionOptions, type SecureVersion, type TLSSocket } from 'node:tls';
import { readAppFile, readTlsFiles, type TlsFileSource } from '../../net/sandbox-files.js';
import { CurlCode, type HttpTransportOptions } from '../core/http-wire.js';
import { CurlFailure } from './curl-failure.js';

/** The device's TlsVersion numbers (HTTP §3 tlsOptions: 4 = TLS 1.0 … 7 = TLS 1.3). */
const TLS_VERSIONS: Readonly<Record<number, SecureVersion>> = { 4: 'TLSv1', 5: 'TLSv1.1', 6: 'TLSv1.2', 7: 'TLSv1.3' };
const VERSION_NUMBERS: Readonly<Record<string, number>> = { TLSv1: 4, 'TLSv1.1': 5, 'TLSv1.2': 6, 'TLSv1.3': 7 };

/** What the TLS side of every hop of one transfer is made of. */
export interface TlsSettings {
  /** For tls.connect (host, servername and ALPN are the connection's). */
  readonly options: ConnectionOptions;
  /** 'skip': no peer and no host name check (HTTP §3 remoteValidation). */
  readonly verify: boolean;
  /** SHA-256 pins of the peer's public key, base64 (HTTP §3 certificatePinning); undefined: none. */
  readonly pins: ReadonlySet<string> | undefined;
  /** HTTP §3 sniHostName: the SNI sent instead of the URL's host. */
  readonly sniHostName: string | undefined;
  /**
   * A digest of everything above (the extra CAs, the client certificate and key as
   * read, versions, ciphers, verification, pins, SNI): connections made with different
   * settings are never shared (connection-pool.ts).
   */
  readonly fingerprint: string;
}

export type TlsSettingsOutcome =
  | { readonly ok: true; readonly settings: TlsSettings; readonly skipped: string | undefined }
  | { readonly ok: false; readonly code: number; readonly why: string };

/**
 * The transfer's TLS setup as the device hands it to curl (HTTP §3): the system's CAs
 * plus caPath (a file that cannot be read is skipped, silently on the device) and caData
 * (PEM; none that parses is curl 77); a client certificate (PEM, DER or P12; a file that
 * cannot be read, a wrong key or password is curl 58); TLS versions (default at least
 * 1.2; 1.0 and 1.1 need OpenSSL's security level 0 in Node 20) and a cipher list (one
 * OpenSSL refuses is curl 59). Read once per transfer, before the first connection.
 */
export async function loadTlsSettings(transport: HttpTransportOptions, files: TlsFileSource): Promise<TlsSettingsOutcome> {
  const options: ConnectionOptions = {};
  let skipped: string | undefined;

  const extraCa: Array<string | Buffer> = [];
  if (transport.caPath !== undefined && transport.caPath !== '') {
    const read = await readTlsFiles(files, { caPath: transport.caPath });
    // OH: a caPath that is not there is skipped (HTTP §3), and the system's CAs stay.
    if (read.ok && read.files.ca !== undefined) extraCa.push(read.files.ca);
    else if (!read.ok) skipped = `${read.reason} (skipped, as on the device)`;
  }
  if (transport.caData !== undefined && transport.caData !== '') {
    const certificates = pemCertificates(transport.caData);
    if (certificates.length === 0) return { ok: false, code: CurlCode.SSL_CACERT_BADFILE, why: 'caData holds no certificate that parses' };
    extraCa.push(...certificates);
  }
  if (extraCa.length > 0) options.ca = [...rootCertificates, ...extraCa];

  const clientCert = transport.clientCert;
  if (clientCert !== undefined && clientCert.certPath !== '') {
    const loaded = await loadClientCertificate(clientCert, files);
    if (typeof loaded === 'string') return { ok: false, code: CurlCode.SSL_CERTPROBLEM, why: loaded };
    Object.assign(options, loaded);
  }

  const min = TLS_VERSIONS[transport.tls.minVersion] ?? 'TLSv1.2';
  const max = TLS_VERSIONS[transport.tls.maxVersion] ?? 'TLSv1.3';
  const inOrder = (VERSION_NUMBERS[min] ?? 6) <= (VERSION_NUMBERS[max] ?? 7);
  options.minVersion = inOrder ? min : 'TLSv1.2';
  options.maxVersion = inOrder ? max : 'TLSv1.3';
  const legacy = (VERSION_NUMBERS[options.minVersion] ?? 6) < 6;
  const suites = transport.tls.cipherSuites?.filter((name) => name !== '');
  // OH: the device's default list is DEFAULT:!eNULL:!EXPORT (HTTP §3), OpenSSL's default without the null ciphers.
  const ciphers = suites !== undefined && suites.length > 0 ? suites.join(':') : 'DEFAULT:!eNULL:!EXPORT';
  options.ciphers = legacy ? `${ciphers}:@SECLEVEL=0` : ciphers;

  const verify = transport.remoteValidation !== 'skip';
  options.rejectUnauthorized = verify;

  try {
    createSecureContext(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/cipher/i.test(message)) return { ok: false, code: CurlCode.SSL_CIPHER, why: `the cipher list is refused: ${message}` };
    return { ok: false, code: CurlCode.SSL_CERTPROBLEM, why: `the client certificate or key is refused: ${message}` };
  }

  const pins = parsePins(transport.certificatePinning);
  const sniHostName = transport.sniHostName === undefined || transport.sniHostName === '' ? undefined : transport.sniHostName;
  const fingerprint = tlsFingerprint(extraCa, options, pins, sniHostName);
  return { ok: true, settings: { options, verify, pins, sniHostName, fingerprint }, skipped };
}

function tlsFingerprint(
  extraCa: ReadonlyArray<string | Buffer>,
  options: ConnectionOptions,
  pins: ReadonlySet<string> | undefined,
  sni: string | undefined,
): string {
  const hash = createHash('sha256');
  const add = (label: string, value: unknown): void => {
    hash.update(`${label}\0`);
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined) hash.update('-\0');
      else if (typeof item === 'string' || Buffer.isBuffer(item)) hash.update(item).update('\0');
      else hash.update(`${JSON.stringify(item)}\0`);
    }
  };
  add('ca', extraCa);
  add('cert', options.cert);
  add('key', options.key);
  add('pfx', options.pfx);
  add('passphrase', options.passphrase);
  add('versions', [options.minVersion, options.maxVersion, options.ciphers, options.rejectUnauthorized]);
  add('pins', pins === undefined ? undefined : [...pins].sort());
  add('sni', sni);
  return hash.digest('base64');
}

/** tls.connect options for one connection to `host` (the URL's host: curl checks the certificate against it, whatever SNI says). */
export function connectionTlsOptions(settings: TlsSettings, host: string, isIpLiteral: boolean, alpn: readonly string[]): ConnectionOptions {
  const servername = settings.sniHostName ?? (isIpLiteral ? undefined : host);
  return {
    ...settings.options,
    ...(servername === undefined ? {} : { servername }),
    ALPNProtocols: [...alpn],
    checkServerIdentity: settings.verify ? (_name, cert) => checkServerIdentity(host, cert) : () => undefined,
  };
}

/**
 * curl's CURLOPT_PINNEDPUBLICKEY check, made once the handshake (and its verification)
 * is done: the SHA-256 of the peer's SubjectPublicKeyInfo must be one of the pins, or
 * the connection fails with curl 90 (HTTP §3 certificatePinning).
 */
export function checkPins(socket: TLSSocket, pins: ReadonlySet<string> | undefined): CurlFailure | undefined {
  if (pins === undefined || pins.size === 0) return undefined;
  const raw = socket.getPeerCertificate().raw;
  if (raw === undefined) return new CurlFailure(CurlCode.SSL_PINNEDPUBKEYNOTMATCH, 'the server sent no certificate to pin');
  const spki = new X509Certificate(raw).publicKey.export({ type: 'spki', format: 'der' });
  const hash = createHash('sha256').update(spki).digest('base64');
  return pins.has(hash) ? undefined : new CurlFailure(CurlCode.SSL_PINNEDPUBKEYNOTMATCH, `the server's public key (sha256//${hash}) is not pinned`);
}

/** The device's TlsVersion number of a negotiated protocol ("TLSv1.3" → 7). */
export function tlsVersionNumber(protocol: string | null): number | undefined {
  return protocol === null ? undefined : VERSION_NUMBERS[protocol];
}

function parsePins(entries: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (entries === undefined) return undefined;
  const pins = new Set<string>();
  for (const entry of entries) {
    for (const part of entry.split(';')) {
      const trimmed = part.trim();
      if (trimmed.startsWith('sha256//')) pins.add(trimmed.slice('sha256//'.length));
    }
  }
  return pins.size === 0 ? undefined : pins;
}

function pemCertificates(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)) {
    try {
      new X509Certificate(match[0]);
      found.push(match[0]);
    } catch {
      // curl's OpenSSL skips what does not parse; none at all is the error (above).
    }
  }
  return found;
}

type ClientCertificate = NonNullable<HttpTransportOptions['clientCert']>;

/** The client certificate as tls options, or why curl would refuse it (58). */
async function loadClientCertificate(clientCert: ClientCertificate, files: TlsFileSource): Promise<ConnectionOptions | string> {
  const passphrase = clientCert.keyPassword === undefined || clientCert.keyPassword === '' ? {} : { passphrase: clientCert.keyPassword };
  if (clientCert.certType === 'P12') {
    const pfx = await readAppFile(files, clientCert.certPath);
    return typeof pfx === 'string' ? `clientCert.certPath: ${pfx}` : { pfx, ...passphrase };
  }
  const read = await readTlsFiles(files, { clientCert: { certPath: clientCert.certPath, keyPath: clientCert.keyPath } });
  if (!read.ok) return read.reason;
  const { cert, key } = read.files;
  if (cert === undefined || key === undefined) return 'clientCert: no certificate or key';
  if (clientCert.certType === 'PEM') return { cert, key, ...passphrase };
  try {
    const pemCert = new X509Certificate(cert).toString();
    const pemKey = derKey(key, clientCert.keyPassword);
    return { cert: pemCert, key: pemKey };
  } catch (error) {
    return `clientCert: the DER certificate or key does not parse (${error instanceof Error ? error.message : String(error)})`;
  }
}

function derKey(key: Buffer, passphrase: string | undefined): string {
  const types = ['pkcs8', 'pkcs1', 'sec1'] as const;
  let last: unknown;
  for (const type of types) {
    try {
      return createPrivateKey({ key, format: 'der', type, ...(passphrase === undefined ? {} : { passphrase }) })
        .export({ type: 'pkcs8', format: 'pem' })
        .toString();
    } catch (error) {
      last = error;
    }
  }
  throw last;
}
