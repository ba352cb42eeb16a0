import type { HttpWireRequest } from './http-wire.js';
import { DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT_MS } from './request-options.js';

/**
 * What a page's own `fetch` (direct mode) cannot do as the device does, by option name,
 * with the reason: for direct mode's one warning per name, or its strict refusal
 * (HTTP §13.2). The dev relay and Node's engine honour all of them.
 */
export const PAGE_CANNOT_HONOUR = {
  header: 'a page may not set some request headers (Cookie, Host, Origin, Referer, Accept-Encoding, Connection, Proxy-*, Sec-*, …)',
  method: 'fetch refuses CONNECT, TRACE and TRACK, and upper-cases get, post, put, delete, head and options',
  body: 'fetch sends no body with GET or HEAD',
  usingProxy: 'a page cannot choose a proxy',
  usingSocks5Proxy: 'a page cannot choose a proxy',
  caPath: 'a page cannot add CA certificates',
  caData: 'a page cannot add CA certificates',
  clientCert: 'a page cannot present a client certificate of its own',
  certificatePinning: 'a page cannot see the server certificate to pin it',
  remoteValidation: "a page cannot skip or replace the browser's certificate checks",
  tlsOptions: 'a page cannot choose TLS versions or ciphers',
  serverAuthentication: "a page cannot answer the server's authentication challenge itself",
  addressFamily: 'a page cannot choose IPv4 or IPv6',
  dnsServers: 'a page cannot choose DNS servers',
  dnsOverHttps: 'a page cannot choose a DNS resolver',
  usingProtocol: 'a page cannot choose the HTTP version',
  sniHostName: 'a page cannot set the TLS server name',
  maxRedirects: 'fetch follows up to 20 redirects and cannot be given another limit',
  connectTimeout: 'fetch has no separate connect timeout',
  multiFormDataList: "a page cannot read the app's files for a form part",
  enableAutoCookie: "a page's requests share the browser's cookie jar, not one per request or per object",
} as const;

export type PageLimitedOption = keyof typeof PAGE_CANNOT_HONOUR;

/** Headers a page may not set (the Fetch standard's forbidden request headers), lower-case. */
const FORBIDDEN_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const REFUSED_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * The options of `request` (as the core prepared it) that a page's fetch cannot honour.
 * Options left at their device default are not listed.
 */
export function optionsPageCannotHonour(request: HttpWireRequest): PageLimitedOption[] {
  const { transport, headers, method } = request;
  const names: PageLimitedOption[] = [];
  if (headers.some(([name]) => FORBIDDEN_HEADERS.has(name) || name.startsWith('proxy-') || name.startsWith('sec-'))) names.push('header');
  const upper = method.toUpperCase();
  if (REFUSED_METHODS.has(upper) || (NORMALISED_METHODS.has(upper) && method !== upper)) names.push('method');
  if (request.body !== undefined && (upper === 'GET' || upper === 'HEAD')) names.push('body');
  if (typeof transport.proxy === 'object') names.push('usingProxy');
  if (transport.socks5Proxy !== undefined) names.push('usingSocks5Proxy');
  if (transport.caPath !== undefined) names.push('caPath');
  if (transport.caData !== undefined) names.push('caData');
  if (transport.clientCert !== undefined) names.push('clientCert');
  if (transport.certificatePinning !== undefined) names.push('certificatePinning');
  if (transport.remoteValidation === 'skip') names.push('remoteValidation');
  if (transport.tls.minVersion !== 6 || transport.tls.maxVersion !== 7 || transport.tls.cipherSuites !== undefined) names.push('tlsOptions');
  if (transport.serverAuthentication !== undefined) names.push('serverAuthentication');
  if (transport.addressFamily !== 'DEFAULT') names.push('addressFamily');
  if (transport.dnsServers !== undefined) names.push('dnsServers');
  if (transport.dnsOverHttps !== undefined) names.push('dnsOverHttps');
  if (transport.httpVersion !== undefined) names.push('usingProtocol');
  if (transport.sniHostName !== undefined) names.push('sniHostName');
  if (transport.maxRedirects !== DEFAULT_MAX_REDIRECTS) names.push('maxRedirects');
  if (transport.connectTimeoutMs !== DEFAULT_TIMEOUT_MS) names.push('connectTimeout');
  if (transport.multipart?.some((part) => part.filePath !== undefined) === true) names.push('multiFormDataList');
  if (typeof transport.cookieJar === 'object') names.push('enableAutoCookie');
  return names;
}
