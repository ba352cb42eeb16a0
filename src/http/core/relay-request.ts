import { isRecord } from '../../protocol/read-message.js';
import type { HttpMultipartPart, HttpProxy, HttpTransportOptions, HttpWireRequest } from './http-wire.js';
import {
  MAX_ID_CHARS,
  MAX_MULTIPART_PARTS,
  MAX_REQUEST_HEADERS,
  MAX_UPLOAD_BYTES,
  type AckMessage,
  type HttpRelayPart,
  type HttpRelayRequest,
} from './relay-messages.js';

/**
 * The `http` request (relay-messages.ts step 3) both ways: the page makes it from the
 * core's HttpWireRequest (toRelayRequest), the relay reads it (parseRelayRequest) as
 * strictly as the core built it, and puts the bytes back (withUploadedBytes). A request
 * the core could not have built is a bug or an attack: its parse answers the short
 * reason of the leg's 1008. Fields it does not know are ignored (a newer page may send
 * more).
 */

type Fields = Readonly<Record<string, unknown>>;

/** A reading of one field: the value, or what is wrong with it. */
type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const good = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (reason: string): Read<never> => ({ ok: false, reason });

/** The page's request and the bytes that follow it (step 4), in order. */
export function toRelayRequest(request: HttpWireRequest, session: string): { readonly message: HttpRelayRequest; readonly bytes: Uint8Array[] } {
  const bytes: Uint8Array[] = [];
  if (request.body !== undefined && request.body.length > 0) bytes.push(request.body);
  const { multipart, ...transport } = request.transport;
  const parts = multipart?.map(({ data, ...part }): HttpRelayPart => {
    if (data === undefined) return part;
    if (data.length > 0) bytes.push(data);
    return { ...part, dataLength: data.length };
  });
  const message: HttpRelayRequest = {
    op: 'http',
    session,
    url: request.url,
    method: request.method,
    headers: request.headers,
    hasBody: request.body !== undefined,
    bodyLength: request.body?.length ?? 0,
    mode: request.mode,
    maxLimit: request.maxLimit,
    transport: { ...transport, ...(parts === undefined ? {} : { multipart: parts }) },
  };
  return { message, bytes };
}

/** Every byte the request says follows it. */
export function uploadLength(request: HttpRelayRequest): number {
  let total = request.bodyLength;
  for (const part of request.transport.multipart ?? []) total += part.dataLength ?? 0;
  return total;
}

/** The HttpWireRequest the relay performs: the request with its bytes (all `uploadLength` of them) back in place. */
export function withUploadedBytes(request: HttpRelayRequest, uploaded: Uint8Array): HttpWireRequest {
  let offset = 0;
  const take = (length: number): Uint8Array => uploaded.subarray(offset, (offset += length));
  const body = request.hasBody ? take(request.bodyLength) : undefined;
  const { multipart, ...transport } = request.transport;
  const parts = multipart?.map(({ dataLength, ...part }): HttpMultipartPart =>
    dataLength === undefined ? part : { ...part, data: take(dataLength) },
  );
  return {
    url: request.url,
    method: request.method,
    headers: request.headers,
    body,
    mode: request.mode,
    maxLimit: request.maxLimit,
    transport: { ...transport, ...(parts === undefined ? {} : { multipart: parts }) },
  };
}

/** Reads an `http` request (the leg has read it as a JSON object with op "http"). */
export function parseRelayRequest(message: Fields): HttpRelayRequest | string {
  if (!isId(message.session)) return 'http.session is not an id';
  if (typeof message.url !== 'string' || message.url === '') return 'http.url is not a string';
  if (typeof message.method !== 'string' || message.method === '') return 'http.method is not a method';
  const headers = readHeaders(message.headers);
  if (!headers.ok) return headers.reason;
  if (typeof message.hasBody !== 'boolean') return 'http.hasBody is not a boolean';
  if (!isCount(message.bodyLength, MAX_UPLOAD_BYTES)) return 'http.bodyLength is not a length';
  if (!message.hasBody && message.bodyLength !== 0) return 'http.bodyLength without a body';
  if (message.mode !== 'request' && message.mode !== 'stream') return 'http.mode is not request or stream';
  if (!isCount(message.maxLimit, Number.MAX_SAFE_INTEGER)) return 'http.maxLimit is not a count';
  if (!isRecord(message.transport)) return 'http.transport is not an object';
  const transport = readTransport(message.transport);
  if (!transport.ok) return `http.transport.${transport.reason}`;
  const request: HttpRelayRequest = {
    op: 'http',
    session: message.session,
    url: message.url,
    method: message.method,
    headers: headers.value,
    hasBody: message.hasBody,
    bodyLength: message.bodyLength,
    mode: message.mode,
    maxLimit: message.maxLimit,
    transport: transport.value,
  };
  return uploadLength(request) > MAX_UPLOAD_BYTES ? 'http upload too large' : request;
}

/** Reads an `ack` (step 6): anything else from the page after its bytes is a violation. */
export function parseAck(message: Fields): AckMessage | string {
  if (message.op !== 'ack') return 'only ack may follow the body';
  if (!isCount(message.bytes, Number.MAX_SAFE_INTEGER)) return 'ack.bytes is not a count';
  return { op: 'ack', bytes: message.bytes };
}

function readHeaders(value: unknown): Read<ReadonlyArray<readonly [string, string]>> {
  if (!Array.isArray(value) || value.length > MAX_REQUEST_HEADERS) return bad('http.headers is not a list of headers');
  const names = new Set<string>();
  for (const entry of value) {
    if (!isPair(entry)) return bad('http.headers holds a header that is not a name and a value');
    const [name] = entry;
    // The core lower-cases names and keeps each once (HTTP §4).
    if (name !== name.toLowerCase() || names.has(name)) return bad('http.headers holds a name the core cannot give');
    names.add(name);
  }
  return good(value as Array<readonly [string, string]>);
}

function readTransport(source: Fields): Read<HttpRelayRequest['transport']> {
  const numbers = ['readTimeoutMs', 'connectTimeoutMs', 'maxRedirects'] as const;
  for (const name of numbers) if (!isCount(source[name], 2 ** 32)) return bad(name);
  const proxy = readProxy(source.proxy);
  if (!proxy.ok) return proxy;
  if (source.remoteValidation !== 'system' && source.remoteValidation !== 'skip') return bad('remoteValidation');
  if (!['DEFAULT', 'ONLY_V4', 'ONLY_V6'].includes(source.addressFamily as string)) return bad('addressFamily');
  const tls = source.tls;
  if (!isRecord(tls) || !isCount(tls.minVersion, 16) || !isCount(tls.maxVersion, 16)) return bad('tls');
  if (tls.cipherSuites !== undefined && !isStrings(tls.cipherSuites, 1000)) return bad('tls');
  const cookieJar = source.cookieJar;
  if (cookieJar !== 'transfer' && !(isRecord(cookieJar) && isId(cookieJar.object))) return bad('cookieJar');

  const transport: Record<string, unknown> = {
    readTimeoutMs: source.readTimeoutMs,
    connectTimeoutMs: source.connectTimeoutMs,
    maxRedirects: source.maxRedirects,
    proxy: proxy.value,
    remoteValidation: source.remoteValidation,
    addressFamily: source.addressFamily,
    tls: { minVersion: tls.minVersion, maxVersion: tls.maxVersion, ...(tls.cipherSuites === undefined ? {} : { cipherSuites: tls.cipherSuites }) },
    cookieJar: cookieJar === 'transfer' ? 'transfer' : { object: (cookieJar as Fields).object },
  };
  for (const name of ['caPath', 'caData', 'dnsOverHttps', 'range', 'sniHostName'] as const) {
    if (source[name] === undefined) continue;
    if (typeof source[name] !== 'string') return bad(name);
    transport[name] = source[name];
  }
  if (source.reuseConnections !== undefined) {
    if (typeof source.reuseConnections !== 'boolean') return bad('reuseConnections');
    transport.reuseConnections = source.reuseConnections;
  }
  if (source.inactivityMs !== undefined) {
    if (!isCount(source.inactivityMs, 2 ** 32)) return bad('inactivityMs');
    transport.inactivityMs = source.inactivityMs;
  }
  if (source.httpVersion !== undefined) {
    if (!['1.1', '2', '3'].includes(source.httpVersion as string)) return bad('httpVersion');
    transport.httpVersion = source.httpVersion;
  }
  if (source.dnsServers !== undefined) {
    if (!isStrings(source.dnsServers, 3)) return bad('dnsServers');
    transport.dnsServers = source.dnsServers;
  }
  if (source.certificatePinning !== undefined) {
    if (!isStrings(source.certificatePinning, 1000)) return bad('certificatePinning');
    transport.certificatePinning = source.certificatePinning;
  }
  const optional = [
    ['socks5Proxy', readSocks5Proxy],
    ['clientCert', readClientCert],
    ['serverAuthentication', readServerAuthentication],
    ['multipart', readMultipart],
  ] as const;
  for (const [name, read] of optional) {
    if (source[name] === undefined) continue;
    const value = read(source[name]);
    if (!value.ok) return bad(name);
    transport[name] = value.value;
  }
  return good(transport as unknown as HttpRelayRequest['transport']);
}

function readProxy(value: unknown): Read<HttpTransportOptions['proxy']> {
  if (value === 'system' || value === 'none') return good(value);
  if (!isRecord(value) || !isHostAndPort(value) || !isStrings(value.exclusionList, 256)) return bad('proxy');
  const credentials = readCredentials(value);
  if (!credentials.ok) return bad('proxy');
  const proxy: HttpProxy = {
    host: value.host as string,
    port: value.port as number,
    exclusionList: value.exclusionList as string[],
    ...credentials.value,
  };
  return good(proxy);
}

function readSocks5Proxy(value: unknown): Read<NonNullable<HttpTransportOptions['socks5Proxy']>> {
  if (!isRecord(value) || !isHostAndPort(value)) return bad('socks5Proxy');
  const credentials = readCredentials(value);
  if (!credentials.ok) return credentials;
  if (value.exclusionList !== undefined && !isStrings(value.exclusionList, 256)) return bad('socks5Proxy');
  if (value.resolveOnProxy !== undefined && typeof value.resolveOnProxy !== 'boolean') return bad('socks5Proxy');
  return good({
    host: value.host as string,
    port: value.port as number,
    ...credentials.value,
    ...(value.exclusionList === undefined ? {} : { exclusionList: value.exclusionList as string[] }),
    ...(value.resolveOnProxy === undefined ? {} : { resolveOnProxy: value.resolveOnProxy }),
  });
}

function readCredentials(value: Fields): Read<{ username?: string; password?: string }> {
  const credentials: { username?: string; password?: string } = {};
  for (const name of ['username', 'password'] as const) {
    if (value[name] === undefined) continue;
    if (typeof value[name] !== 'string') return bad(name);
    credentials[name] = value[name];
  }
  return good(credentials);
}

function readClientCert(value: unknown): Read<NonNullable<HttpTransportOptions['clientCert']>> {
  if (!isRecord(value) || typeof value.certPath !== 'string' || typeof value.keyPath !== 'string') return bad('clientCert');
  if (value.certType !== 'PEM' && value.certType !== 'DER' && value.certType !== 'P12') return bad('clientCert');
  if (value.keyPassword !== undefined && typeof value.keyPassword !== 'string') return bad('clientCert');
  return good({
    certPath: value.certPath,
    keyPath: value.keyPath,
    certType: value.certType,
    ...(value.keyPassword === undefined ? {} : { keyPassword: value.keyPassword }),
  });
}

function readServerAuthentication(value: unknown): Read<NonNullable<HttpTransportOptions['serverAuthentication']>> {
  if (!isRecord(value) || typeof value.username !== 'string' || typeof value.password !== 'string') return bad('serverAuthentication');
  if (!['basic', 'ntlm', 'digest', 'any'].includes(value.scheme as string)) return bad('serverAuthentication');
  return good({ username: value.username, password: value.password, scheme: value.scheme as 'basic' | 'ntlm' | 'digest' | 'any' });
}

function readMultipart(value: unknown): Read<readonly HttpRelayPart[]> {
  if (!Array.isArray(value) || value.length > MAX_MULTIPART_PARTS) return bad('multipart');
  const parts: HttpRelayPart[] = [];
  for (const entry of value) {
    if (!isRecord(entry) || typeof entry.name !== 'string') return bad('multipart');
    const part: Record<string, unknown> = { name: entry.name };
    for (const name of ['contentType', 'remoteFileName', 'filePath'] as const) {
      if (entry[name] === undefined) continue;
      if (typeof entry[name] !== 'string') return bad('multipart');
      part[name] = entry[name];
    }
    if (entry.dataLength !== undefined) {
      if (!isCount(entry.dataLength, MAX_UPLOAD_BYTES)) return bad('multipart');
      part.dataLength = entry.dataLength;
    }
    parts.push(part as unknown as HttpRelayPart);
  }
  return good(parts);
}

/** A proxy's host and port as the core reads them: the port is any int32 (HTTP §3), the engine judges it. */
function isHostAndPort(value: Fields): boolean {
  const { port } = value;
  return (
    typeof value.host === 'string' && value.host !== '' && Number.isInteger(port) && (port as number) >= -(2 ** 31) && (port as number) < 2 ** 31
  );
}

function isPair(value: unknown): value is readonly [string, string] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string';
}

function isStrings(value: unknown, most: number): value is readonly string[] {
  return Array.isArray(value) && value.length <= most && value.every((entry) => typeof entry === 'string');
}

/** An integer of 0 to `most`. */
export function isCount(value: unknown, most: number): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= most;
}

/** A session or object id: printable ASCII without spaces, 1 to MAX_ID_CHARS characters. */
function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]+$/.test(value) && value.length <= MAX_ID_CHARS;
}
