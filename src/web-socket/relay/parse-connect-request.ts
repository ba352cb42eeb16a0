import { isRecord } from '../../protocol/read-message.js';
import type { ConnectRequest } from '../core/relay-messages.js';
import type { ConnectOptions } from '../core/request-options.js';

/**
 * Reads a `connect` request (relay-messages.ts connect), once the leg has read it as a
 * JSON object with op "connect" (relay-protocol.ts step 2): the ConnectRequest, or the
 * reason of the leg's 1008 (short, ASCII, ≤ 123 bytes). Unknown option names are
 * ignored (a newer page may send more); known ones must have the type the page promises.
 */
export function parseConnectRequest(message: Readonly<Record<string, unknown>>): ConnectRequest | string {
  if (typeof message.url !== 'string') return 'connect request url must be a string';
  if (!isRecord(message.options)) return 'connect request options must be an object';
  const options = parseOptions(message.options);
  if (typeof options === 'string') return `connect request options.${options} has the wrong type`;
  return { op: 'connect', url: message.url, options };
}

/** The options with the promised types, or the name of the first one that breaks the promise. */
function parseOptions(source: Readonly<Record<string, unknown>>): ConnectOptions | string {
  const options: ConnectOptions = {};
  if (source.header !== undefined) {
    if (!isRecord(source.header)) return 'header';
    // Values are not checked here: the device drops non-string and empty values (WS §5).
    options.header = source.header as Record<string, string>;
  }
  if (source.caPath !== undefined) {
    if (typeof source.caPath !== 'string') return 'caPath';
    options.caPath = source.caPath;
  }
  if (source.clientCert !== undefined) {
    const cert = source.clientCert;
    if (!isRecord(cert) || typeof cert.certPath !== 'string' || typeof cert.keyPath !== 'string') return 'clientCert';
    if (cert.keyPassword !== undefined && typeof cert.keyPassword !== 'string') return 'clientCert';
    options.clientCert = {
      certPath: cert.certPath,
      keyPath: cert.keyPath,
      ...(cert.keyPassword === undefined ? {} : { keyPassword: cert.keyPassword }),
    };
  }
  if (source.proxy !== undefined) {
    const proxy = source.proxy;
    if (proxy === 'system' || proxy === 'no-proxy') {
      options.proxy = proxy;
    } else {
      if (!isRecord(proxy) || typeof proxy.host !== 'string' || !Array.isArray(proxy.exclusionList)) return 'proxy';
      if (!Number.isInteger(proxy.port) || (proxy.port as number) < 0 || (proxy.port as number) > 65535) return 'proxy';
      if (!proxy.exclusionList.every((entry) => typeof entry === 'string')) return 'proxy';
      options.proxy = { host: proxy.host, port: proxy.port as number, exclusionList: proxy.exclusionList as string[] };
    }
  }
  if (source.protocol !== undefined) {
    if (typeof source.protocol !== 'string') return 'protocol';
    options.protocol = source.protocol;
  }
  for (const name of ['skipServerCertVerification', 'supportOriginPort'] as const) {
    if (source[name] === undefined) continue;
    if (typeof source[name] !== 'boolean') return name;
    options[name] = source[name];
  }
  for (const name of ['minSupportTlsProtocol', 'pingInterval', 'pongTimeout'] as const) {
    const value = source[name];
    if (value === undefined) continue;
    // JSON turns NaN and ±Infinity into null; the device reads all three as 0 (uint32).
    if (value === null) options[name] = 0;
    else if (typeof value === 'number') options[name] = value;
    else return name;
  }
  return options;
}
