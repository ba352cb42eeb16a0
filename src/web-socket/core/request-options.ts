import type { ConnectOptionsInput } from './option-checks.js';
import { isUsableProxy } from '../../core/proxy-rules.js';

/**
 * The connect options as the device reads them (WS §5): what the wires that honour them
 * take (the relay's connect operation, Node's engine), in the shape the page sends the
 * relay (JSON: NaN and ±Infinity arrive as null, which the relay reads in
 * minSupportTlsProtocol, pingInterval and pongTimeout as 0, the device's uint32 of NaN).
 */
export interface ConnectOptions {
  header?: Record<string, string>;
  caPath?: string;
  clientCert?: { certPath: string; keyPath: string; keyPassword?: string };
  proxy?: 'system' | 'no-proxy' | { host: string; port: number; exclusionList: string[] };
  protocol?: string;
  skipServerCertVerification?: boolean;
  minSupportTlsProtocol?: number;
  pingInterval?: number;
  pongTimeout?: number;
  supportOriginPort?: boolean;
}

/**
 * Parses WebSocketRequestOptions as the device does (WS §5, netstack connect_context.cpp):
 * only `proxy` and `protocol` can fail (→ 401, which connect() has ruled out already:
 * option-checks.ts); every other option of the wrong type is silently ignored and its
 * default kept. Presence is `has` semantics, so a present-but-undefined `proxy` or
 * `protocol` is a 401 as well.
 *
 * Returns the options the device would use (ConnectOptions), or undefined
 * for a parameter error. Used by the wires that send them (the relay's transport, Node);
 * a page loads it with the relay's transport.
 */
export function parseRequestOptions(options: ConnectOptionsInput): ConnectOptions | undefined {
  const source = options as Record<string, unknown>;
  const parsed: ConnectOptions = {};

  const header = parseHeader(source.header);
  if (header !== undefined) parsed.header = header;

  if (typeof source.caPath === 'string') parsed.caPath = source.caPath;

  const clientCert = parseClientCert(source.clientCert);
  if (clientCert !== undefined) parsed.clientCert = clientCert;

  if ('proxy' in source) {
    const proxy = parseProxy(source.proxy);
    if (proxy === undefined) return undefined;
    parsed.proxy = proxy;
  }

  if ('protocol' in source) {
    if (typeof source.protocol !== 'string') return undefined;
    parsed.protocol = source.protocol;
  }

  // WS §5: booleans only; anything else keeps the default.
  if (typeof source.skipServerCertVerification === 'boolean') parsed.skipServerCertVerification = source.skipServerCertVerification;
  if (typeof source.supportOriginPort === 'boolean') parsed.supportOriginPort = source.supportOriginPort;
  // WS §5: numbers only, converted with uint32 semantics by the relay's clamping rules.
  if (typeof source.pingInterval === 'number') parsed.pingInterval = source.pingInterval;
  if (typeof source.pongTimeout === 'number') parsed.pongTimeout = source.pongTimeout;
  if (typeof source.minSupportTlsProtocol === 'number') parsed.minSupportTlsProtocol = source.minSupportTlsProtocol;

  return parsed;
}

/** WS §5 header: an object; each own enumerable string key with a non-empty string value, name lower-cased. */
function parseHeader(header: unknown): Record<string, string> | undefined {
  if (typeof header !== 'object' || header === null) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(header)) {
    if (typeof value === 'string' && value !== '') headers[name.toLowerCase()] = value;
  }
  return headers;
}

function parseClientCert(cert: unknown): ConnectOptions['clientCert'] {
  if (typeof cert !== 'object' || cert === null) return undefined;
  const { certPath, keyPath, keyPassword } = cert as Record<string, unknown>;
  return {
    certPath: typeof certPath === 'string' ? certPath : '',
    keyPath: typeof keyPath === 'string' ? keyPath : '',
    ...(typeof keyPassword === 'string' ? { keyPassword } : {}),
  };
}

/** WS §5 proxy: 'system' | 'no-proxy' | { host, port 0…65535, exclusionList }; anything else is a 401. */
function parseProxy(proxy: unknown): ConnectOptions['proxy'] {
  if (proxy === 'system' || proxy === 'no-proxy') return proxy;
  if (typeof proxy !== 'object' || proxy === null) return undefined;
  const { host, port, exclusionList } = proxy as Record<string, unknown>;
  const portNumber = port === undefined ? 0 : typeof port === 'number' ? Math.trunc(port) : Number.NaN;
  if (!(portNumber >= 0 && portNumber <= 65535)) return undefined;
  // A host that is no host, or an exclusion list past its bounds, is a 401 too: connect()
  // checks that (usableProxy), loading those rules only for a proxy object.
  return {
    host: typeof host === 'string' ? host : '',
    port: portNumber,
    exclusionList: Array.isArray(exclusionList) ? exclusionList.filter((entry): entry is string => typeof entry === 'string') : [],
  };
}

/**
 * WS §5 proxy object: a port that is not a number in 0…65535, a host that is no host
 * (`'a b'`, `'[::1'`), or an exclusion list past its bounds, is a 401 (proxy-rules.ts).
 * connect() asks, loading this only for a proxy object.
 */
export function isUsableProxyOption(proxy: unknown): boolean {
  const parsed = parseProxy(proxy);
  return typeof parsed === 'object' && isUsableProxy(parsed);
}
