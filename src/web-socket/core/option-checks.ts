/**
 * What connect() must know of the app's WebSocketRequestOptions when it is called,
 * read from the object as the app passed it (OH §5): whether it is a parameter error,
 * which options only the dev relay (or Node) can honour, and whether it names
 * certificate files. Turning the options into what the wire sends (request-options.ts)
 * is left to the wires that send them, the relay's transport and Node's: a page in
 * direct mode never needs it.
 */

/** The app's options object as passed (its values not checked yet). */
export type ConnectOptionsInput = Readonly<Record<string, unknown>>;

/**
 * OH §5: only `proxy` and `protocol` can make a connect a 401 (presence is `has`
 * semantics: a present-but-undefined one counts). A proxy is 'system', 'no-proxy' or an
 * object whose port, when given, is a number in 0…65535 (truncated). Whether an object's
 * host is a host at all is checked by connect() with proxy-rules.ts, loaded for it.
 */
export function hasParameterError(options: ConnectOptionsInput): boolean {
  if ('protocol' in options && typeof options.protocol !== 'string') return true;
  if (!('proxy' in options)) return false;
  const proxy = options.proxy;
  if (proxy === 'system' || proxy === 'no-proxy') return false;
  if (typeof proxy !== 'object' || proxy === null) return true;
  const port = (proxy as { port?: unknown }).port;
  const portNumber = port === undefined ? 0 : typeof port === 'number' ? Math.trunc(port) : Number.NaN;
  return !(portNumber >= 0 && portNumber <= 65535);
}

/**
 * The options that change what happens on the wire in a way a browser's WebSocket
 * cannot reproduce, by name, as the device reads them (OH §5: a value of the wrong type
 * is ignored). Options left at their device default are not listed: an empty header
 * object or `proxy: 'system'` needs nothing from the relay.
 */
export function relayOnlyOptions(options: ConnectOptionsInput): string[] {
  const { header, proxy, caPath, clientCert, minSupportTlsProtocol } = options;
  const names: string[] = [];
  if (isObject(header) && Object.values(header).some(isNonEmptyString)) names.push('header');
  if (isObject(proxy) && isNonEmptyString(proxy.host)) names.push('proxy');
  if (isNonEmptyString(caPath)) names.push('caPath');
  if (namesClientCert(clientCert)) names.push('clientCert');
  if (options.skipServerCertVerification === true) names.push('skipServerCertVerification');
  if (typeof minSupportTlsProtocol === 'number' && minSupportTlsProtocol >= 1 && minSupportTlsProtocol <= 3) names.push('minSupportTlsProtocol');
  if (typeof options.pingInterval === 'number') names.push('pingInterval');
  if (typeof options.pongTimeout === 'number') names.push('pongTimeout');
  if (options.supportOriginPort === true) names.push('supportOriginPort');
  return names;
}

/** The options name a certificate file the device would look for (OH §5: empty paths name none). */
export function namesCertificateFiles(options: ConnectOptionsInput): boolean {
  return isNonEmptyString(options.caPath) || namesClientCert(options.clientCert);
}

function namesClientCert(clientCert: unknown): boolean {
  return isObject(clientCert) && isNonEmptyString(clientCert.certPath);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}
