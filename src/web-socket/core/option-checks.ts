/**
 * What connect() must know of the app's WebSocketRequestOptions when it is called,
 * read from the object as the app passed it (WS §5): whether it is a parameter error,
 * which options only the dev relay (or Node) can honour, and whether it names
 * certificate files. Turning the options into what the wire sends (request-options.ts)
 * is left to the wires that send them, the relay's transport and Node's: a page in
 * direct mode never needs it.
 */

/** The app's options object as passed (its values not checked yet). */
export type ConnectOptionsInput = Readonly<Record<string, unknown>>;

/**
 * WS §5: only `proxy` and `protocol` can make a connect a 401 (presence is `has`
 * semantics: a present-but-undefined one counts). A proxy is 'system', 'no-proxy' or an
 * object; an object's port and host are checked by connect() with request-options.ts
 * (isUsableProxyOption), loaded for it.
 */
export function hasParameterError(options: ConnectOptionsInput): boolean {
  const { proxy } = options;
  return (
    ('protocol' in options && typeof options.protocol !== 'string') ||
    ('proxy' in options && proxy !== 'system' && proxy !== 'no-proxy' && (typeof proxy !== 'object' || proxy === null))
  );
}

/**
 * The options that change what happens on the wire in a way a browser's WebSocket
 * cannot reproduce, by name, as the device reads them (WS §5: a value of the wrong type
 * is ignored). Options left at their device default are not listed: an empty header
 * object or `proxy: 'system'` needs nothing from the relay.
 */
export function relayOnlyOptions(options: ConnectOptionsInput): string[] {
  return Object.keys(NEEDS_RELAY).filter((name) => NEEDS_RELAY[name]?.(options[name]));
}

/** Each option a browser's WebSocket cannot honour, with when its value asks for something (WS §5). */
const NEEDS_RELAY: Readonly<Record<string, (value: unknown) => boolean>> = {
  header: (header) => isObject(header) && Object.values(header).some(isNonEmptyString),
  proxy: (proxy) => isObject(proxy) && isNonEmptyString(proxy.host),
  caPath: isNonEmptyString,
  clientCert: namesClientCert,
  skipServerCertVerification: isTrue,
  minSupportTlsProtocol: (version) => typeof version === 'number' && version >= 1 && version <= 3,
  pingInterval: isNumber,
  pongTimeout: isNumber,
  supportOriginPort: isTrue,
};

/** The options name a certificate file the device would look for (WS §5: empty paths name none). */
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

function isNumber(value: unknown): boolean {
  return typeof value === 'number';
}

function isTrue(value: unknown): boolean {
  return value === true;
}
