import { utf8Encode } from '../../core/web-platform.js';
import type { HttpMultipartPart, HttpProxy, HttpTransportOptions, HttpWireRequest } from './http-wire.js';
import { isIpLiteral } from './ip-literal.js';
import { bodyBytes, isArrayBuffer } from './request-body.js';
import { isNapiObject } from './request-args.js';
import { encodeQueryPart, joinQuery } from './url-query.js';
import { valueText } from './value-text.js';

/**
 * HttpRequestOptions parsed as the device parses them (HTTP §3, netstack
 * `RequestContext::UrlAndOptions`), into what one transfer needs. The order of the steps
 * is the device's, because later steps see (and overwrite) what earlier ones set.
 *
 * Presence is `has` semantics (`key in options`, the prototype chain included): a
 * present-but-undefined option counts as present. Numbers are read with uint32 rules,
 * and a present non-number reads as 0. Only one thing is a parameter error: extraData
 * that cannot be a body for a method that sends one (HTTP §2.1). Every other option of
 * the wrong type is ignored.
 */
export interface PreparedRequest {
  /** The URL with extraData or queryParams joined in (HTTP §3 URL joining). */
  readonly url: string;
  /** The method string the wire sends; never "" (see #resolvedMethod). */
  readonly method: string;
  /** The method as the device holds it, "" included: what its cache compares (HTTP §8). */
  readonly deviceMethod: string;
  /** Request headers by lower-cased name, as the device's `std::map` holds them. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Uint8Array | undefined;
  readonly maxLimit: number;
  readonly transport: Omit<HttpTransportOptions, 'cookieJar'>;
  /** HTTP §5: HttpDataType chosen by the app, if it chose one of 0, 1, 2. */
  readonly expectDataType: 0 | 1 | 2 | undefined;
  /** HTTP §8: whether the response cache may answer (writes ignore it). */
  readonly usingCache: boolean;
  /** HTTP §3 resumeFrom/To: a Range with PUT fails the transfer's setup (2300999). */
  readonly rangeWithPut: boolean;
  /** HTTP §3 remoteValidation: a function (26.0.0), which only an in-process wire could call; `transport` says 'system'. */
  readonly validationCallback: boolean;
}

/** HTTP §3 defaults (netstack `HttpRequestOptions` constructor, constant.cpp). */
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_LIMIT = 5 * 1024 * 1024;
export const MAX_LIMIT = 100 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 30;
const MAX_CUSTOM_METHOD_BYTES = 128;
const MAX_SNI_BYTES = 255;
const MAX_CA_DATA_BYTES = 8000;
const MAX_DNS_SERVERS = 3;
const MAX_RESUME = 4294967296;
const INT32_MAX = 2147483647;

const CONTENT_TYPE = 'content-type';
const FORM_URLENCODED = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const MULTIPART = 'multipart/form-data';

/** HTTP §3 method classes (netstack `MethodForGet`, `MethodForPost`); any other string is "custom". */
const GET_LIKE = new Set(['HEAD', 'OPTIONS', 'TRACE', 'GET', 'CONNECT']);
const POST_LIKE = new Set(['POST', 'PUT', 'DELETE', 'PATCH', '']);

/** Standard cipher names the device knows (HTTP §3 tlsOptions; others are dropped). */
const CIPHER_SUITES = new Set([
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
]);

/** `(url)` or `(url, callback)`: no options at all, every default. */
export function prepareRequest(url: string, options: object | undefined): PreparedRequest | undefined {
  return new OptionsParser(url, options ?? {}).parse();
}

/** The request as a wire gets it, for one call. */
export function toWireRequest(
  prepared: PreparedRequest,
  mode: HttpWireRequest['mode'],
  cookieJar: HttpTransportOptions['cookieJar'],
): HttpWireRequest {
  // HTTP §4: the stored map goes out in lexicographic order of its (lower-cased) names.
  const headers = [...prepared.headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    url: prepared.url,
    method: prepared.method,
    headers,
    body: prepared.body,
    mode,
    maxLimit: prepared.maxLimit,
    transport: { ...prepared.transport, cookieJar },
  };
}

export function isGetLike(method: string): boolean {
  return GET_LIKE.has(method);
}

type Bag = Record<string, unknown>;

/** Node-API's napi_has_named_property: false for a primitive. */
function has(object: unknown, key: string): boolean {
  return (isNapiObject(object) || typeof object === 'function') && key in object;
}

/** netstack `GetStringPropertyUtf8`: the property when it is a string, else "". */
function stringProperty(object: unknown, key: string): string {
  const value = has(object, key) ? (object as Bag)[key] : undefined;
  return typeof value === 'string' ? value : '';
}

/** netstack `GetUint32Property`: a number as uint32 (NaN and ±Infinity are 0), anything else 0. */
function uint32Property(object: unknown, key: string): number {
  return has(object, key) ? toUint32((object as Bag)[key]) : 0;
}

function toUint32(value: unknown): number {
  return typeof value === 'number' ? value >>> 0 : 0;
}

/** netstack `GetInt32Property`: a number as int32, anything else 0. */
function int32Property(object: unknown, key: string): number {
  const value = has(object, key) ? (object as Bag)[key] : undefined;
  return typeof value === 'number' ? value | 0 : 0;
}

/** napi_get_value_int64: truncated, non-finite 0 (saturation past ±2^63 cannot matter for the ranges checked). */
function toInt64(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : 0;
}

function arrayElements(value: unknown): unknown[] {
  return Array.isArray(value) ? [...(value as unknown[])] : [];
}

function byteLength(text: string): number {
  return utf8Encode(text).length;
}

class OptionsParser {
  readonly #options: Bag;
  #url: string;
  #method = 'GET';
  readonly #headers = new Map<string, string>();
  #body: Uint8Array | undefined;
  #bodyOrQuery = false;

  constructor(url: string, options: object) {
    this.#url = url;
    this.#options = options as Bag;
  }

  parse(): PreparedRequest | undefined {
    const options = this.#options;
    this.#parseMethod();
    const numbers = this.#parseNumbers();
    const proxy = this.#parseProxy();
    const socks5Proxy = this.#parseSocks5Proxy();
    const clientCert = this.#parseClientCert();
    const maxRedirects = this.#parseMaxRedirects();
    // HTTP §2.1: the one parameter error inside a valid options object.
    if (!this.#parseBodyQueryOrExtraData()) return undefined;
    const sniHostName = this.#parseSniHostName();
    this.#parseHeader();
    const caPath = stringProperty(options, 'caPath');
    const caData = stringProperty(options, 'caData');
    const dnsOverHttps = stringProperty(options, 'dnsOverHttps');
    const range = this.#parseRange();
    const dnsServers = this.#parseDnsServers();
    const multipart = this.#parseMultipart();
    const certificatePinning = this.#parseCertificatePinning();
    const validation = this.#parseRemoteValidation();
    const tls = this.#parseTls();
    const serverAuthentication = this.#parseServerAuthentication();
    const addressFamily = stringProperty(options, 'addressFamily');
    // HTTP §3 (26.0.0): transport only; curl's connection cache is on unless the app says false.
    const reuseConnections = (options as Bag).reuseConnections === false ? false : undefined;
    const inactivityMs = uint32Property(options, 'inactivityMs');

    const transport: Omit<HttpTransportOptions, 'cookieJar'> = {
      readTimeoutMs: numbers.readTimeout,
      connectTimeoutMs: numbers.connectTimeout,
      maxRedirects,
      proxy,
      ...(socks5Proxy !== undefined ? { socks5Proxy } : {}),
      ...(caPath !== '' ? { caPath } : {}),
      // HTTP §3: caData only without a caPath, and shorter than 8000 bytes.
      ...(caPath === '' && caData !== '' && byteLength(caData) < MAX_CA_DATA_BYTES ? { caData } : {}),
      ...(clientCert !== undefined ? { clientCert } : {}),
      ...(certificatePinning !== undefined ? { certificatePinning } : {}),
      remoteValidation: validation === 'skip' ? 'skip' : 'system',
      tls,
      ...(serverAuthentication !== undefined ? { serverAuthentication } : {}),
      // HTTP §3: compared with these two strings only (the SDK's enum values would never match).
      addressFamily: addressFamily === 'ONLY_V4' || addressFamily === 'ONLY_V6' ? addressFamily : 'DEFAULT',
      ...(dnsServers !== undefined ? { dnsServers } : {}),
      ...(dnsOverHttps !== '' ? { dnsOverHttps } : {}),
      ...(numbers.httpVersion !== undefined ? { httpVersion: numbers.httpVersion } : {}),
      ...(range !== '' ? { range } : {}),
      ...(sniHostName !== undefined ? { sniHostName } : {}),
      ...(multipart !== undefined ? { multipart } : {}),
      ...(reuseConnections === false ? { reuseConnections } : {}),
      ...(inactivityMs > 0 ? { inactivityMs } : {}),
    };
    return {
      url: this.#url,
      method: this.#resolvedMethod(multipart !== undefined),
      deviceMethod: this.#method,
      headers: this.#headers,
      body: this.#attachedBody(),
      maxLimit: numbers.maxLimit,
      transport,
      expectDataType: numbers.expectDataType,
      usingCache: numbers.usingCache,
      rangeWithPut: range !== '' && this.#method === 'PUT',
      validationCallback: validation === 'callback',
    };
  }

  /** HTTP §3 method: customMethod (a string of at most 128 bytes, "" included) wins; otherwise a string method. */
  #parseMethod(): void {
    const options = this.#options;
    let custom = '';
    if (has(options, 'customMethod')) {
      const value = options.customMethod;
      if (typeof value === 'string' && byteLength(value) <= MAX_CUSTOM_METHOD_BYTES) {
        custom = value;
        this.#method = value;
      }
    }
    if (custom === '' && has(options, 'method') && typeof options.method === 'string') this.#method = options.method;
  }

  /**
   * HTTP §4: curl sends the method string as it is; an empty one is not set at all, and
   * curl then sends POST when a body or form is attached, GET otherwise.
   */
  #resolvedMethod(hasMultipart: boolean): string {
    if (this.#method !== '') return this.#method;
    return this.#attachedBody() !== undefined || hasMultipart ? 'POST' : 'GET';
  }

  /** HTTP §4: a body goes out when the method is not GET-like or body/queryParams was used, and it is not empty. */
  #attachedBody(): Uint8Array | undefined {
    return !isGetLike(this.#method) || this.#bodyOrQuery ? this.#body : undefined;
  }

  #parseNumbers(): {
    readTimeout: number;
    connectTimeout: number;
    maxLimit: number;
    usingCache: boolean;
    httpVersion: HttpTransportOptions['httpVersion'];
    expectDataType: 0 | 1 | 2 | undefined;
  } {
    const options = this.#options;
    const readTimeout = has(options, 'readTimeout') ? uint32Property(options, 'readTimeout') : DEFAULT_TIMEOUT_MS;
    const maxLimit = has(options, 'maxLimit') ? Math.min(uint32Property(options, 'maxLimit'), MAX_LIMIT) : DEFAULT_MAX_LIMIT;
    const connectTimeout = has(options, 'connectTimeout') ? uint32Property(options, 'connectTimeout') : DEFAULT_TIMEOUT_MS;
    const usingCache = typeof options.usingCache === 'boolean' && has(options, 'usingCache') ? options.usingCache : true;
    const protocol = typeof options.usingProtocol === 'number' ? toUint32(options.usingProtocol) : undefined;
    const httpVersion = protocol === 0 ? '1.1' : protocol === 1 ? '2' : protocol === 2 ? '3' : undefined;
    const dataType = typeof options.expectDataType === 'number' ? toUint32(options.expectDataType) : undefined;
    const expectDataType = dataType === 0 || dataType === 1 || dataType === 2 ? dataType : undefined;
    // `priority` is parsed by the device and never read again (HTTP §3).
    return { readTimeout, connectTimeout, maxLimit, usingCache, httpVersion, expectDataType };
  }

  /** HTTP §3 usingProxy: true the system's, false none, an object its own proxy (none when its host is empty). */
  #parseProxy(): HttpTransportOptions['proxy'] {
    const options = this.#options;
    if (!has(options, 'usingProxy')) return 'system';
    const value = options.usingProxy;
    if (typeof value === 'boolean') return value ? 'system' : 'none';
    if (!isNapiObject(value)) return 'system';
    const host = stringProperty(value, 'host');
    if (host === '') return 'none';
    const proxy: HttpProxy = { host, port: int32Property(value, 'port'), exclusionList: this.#exclusionList(value), ...this.#credentials(value) };
    return proxy;
  }

  /** The device joins the entries with "," (a non-string entry is "") and later splits at ","; an entry with a comma becomes two. */
  #exclusionList(proxy: object): string[] {
    if (!has(proxy, 'exclusionList')) return [];
    const joined = arrayElements((proxy as Bag).exclusionList)
      .map((entry) => (typeof entry === 'string' ? entry : ''))
      .join(',');
    return joined === '' ? [] : joined.split(',');
  }

  /** HTTP §3: user name and password count only when both are present and both non-empty strings. */
  #credentials(proxy: object): { username?: string; password?: string } {
    if (!has(proxy, 'username') || !has(proxy, 'password')) return {};
    const username = stringProperty(proxy, 'username');
    const password = stringProperty(proxy, 'password');
    return username !== '' && password !== '' ? { username, password } : {};
  }

  /** HTTP §3 usingSocks5Proxy (26.0.0): a host and a port above 0; it replaces usingProxy. */
  #parseSocks5Proxy(): HttpTransportOptions['socks5Proxy'] {
    const value = this.#options.usingSocks5Proxy;
    if (!has(this.#options, 'usingSocks5Proxy') || !isNapiObject(value)) return undefined;
    const host = stringProperty(value, 'host');
    const port = int32Property(value, 'port');
    if (host === '' || port <= 0) return undefined;
    // connection.Socks5DnsStrategy: 0 the system resolves, anything else the proxy; unset, a socks5h:// host means the proxy.
    const strategy = has(value, 'dnsStrategy') ? uint32Property(value, 'dnsStrategy') : undefined;
    const resolveOnProxy = strategy === undefined ? host.includes('socks5h://') : strategy !== 0;
    return { host, port, ...this.#credentials(value), exclusionList: this.#exclusionList(value), resolveOnProxy };
  }

  /** HTTP §3 clientCert: used when certPath is not empty; certType as curl reads it (PEM unless DER or P12). */
  #parseClientCert(): HttpTransportOptions['clientCert'] {
    const value = this.#options.clientCert;
    if (!has(this.#options, 'clientCert') || !isNapiObject(value)) return undefined;
    const certPath = stringProperty(value, 'certPath');
    if (certPath === '') return undefined;
    const type = stringProperty(value, 'certType').toUpperCase();
    const keyPassword = stringProperty(value, 'keyPassword');
    return {
      certPath,
      keyPath: stringProperty(value, 'keyPath'),
      certType: type === 'DER' || type === 'P12' ? type : 'PEM',
      ...(keyPassword !== '' ? { keyPassword } : {}),
    };
  }

  /** HTTP §3 maxRedirects (23): a number in 0…INT32_MAX, else the default 30. */
  #parseMaxRedirects(): number {
    const value = this.#options.maxRedirects;
    if (!has(this.#options, 'maxRedirects') || typeof value !== 'number') return DEFAULT_MAX_REDIRECTS;
    const count = toInt64(value);
    return count >= 0 && count <= INT32_MAX ? count : DEFAULT_MAX_REDIRECTS;
  }

  /**
   * HTTP §3: body and queryParams (26.0.0), when either is present, replace extraData;
   * otherwise extraData goes into the URL for GET-like methods and into the body for
   * the others. False: the 401 of extraData that cannot be a body.
   */
  #parseBodyQueryOrExtraData(): boolean {
    const options = this.#options;
    const hasBody = has(options, 'body');
    const hasQuery = has(options, 'queryParams');
    if (hasBody || hasQuery) {
      this.#bodyOrQuery = true;
      // An unusable body ("", a number…) is ignored here, never a 401.
      if (hasBody && options.body !== undefined && options.body !== null) this.#body = bodyBytes(options.body);
      const query = hasQuery ? this.#queryParams(options.queryParams) : '';
      // Joined even when empty: a URL with a query gets its trailing `&` (HTTP §3 URL joining).
      this.#url = joinQuery(this.#url, query);
      return true;
    }
    if (!has(options, 'extraData')) return true;
    const extraData = options.extraData;
    if (extraData === undefined || extraData === null) return true;
    if (isGetLike(this.#method)) {
      this.#extraDataIntoUrl(extraData);
      return true;
    }
    // POST-like and custom methods alike.
    this.#body = bodyBytes(extraData);
    return this.#body !== undefined;
  }

  /** HTTP §3 extraData with a GET-like method: a string verbatim; an object's non-empty string values, encoded. */
  #extraDataIntoUrl(extraData: unknown): void {
    if (typeof extraData === 'string') {
      this.#url = joinQuery(this.#url, extraData);
      return;
    }
    // An ArrayBuffer is an object without own keys: nothing to add, but the URL is still joined.
    if (!isNapiObject(extraData)) return;
    const pairs: string[] = [];
    for (const name of Object.keys(extraData)) {
      const value = (extraData as Bag)[name];
      if (name === '' || typeof value !== 'string' || value === '') continue;
      const encodedName = encodeQueryPart(name);
      const encodedValue = encodeQueryPart(value);
      if (encodedName.changed || encodedValue.changed) this.#headers.set(CONTENT_TYPE, FORM_URLENCODED);
      pairs.push(`${encodedName.text}=${encodedValue.text}`);
    }
    this.#url = joinQuery(this.#url, pairs.join('&'));
  }

  /**
   * HTTP §3 queryParams: a string verbatim; an object's entries encoded, where
   * null/undefined give the bare key, an array repeats the key, numbers and booleans
   * are written as header values are, anything else gives `key=`.
   */
  #queryParams(value: unknown): string {
    if (typeof value === 'string') return value;
    if (!isNapiObject(value)) return '';
    let query = '';
    for (const key of Object.keys(value)) {
      const name = encodeQueryPart(key);
      const entry = (value as Bag)[key];
      for (const item of Array.isArray(entry) ? arrayElements(entry) : [entry]) {
        if (item === undefined || item === null) {
          // No content type for a bare key, even an encoded one.
          query += `${name.text}&`;
          continue;
        }
        const text = encodeQueryPart(valueText(item));
        if (name.changed || text.changed) this.#headers.set(CONTENT_TYPE, FORM_URLENCODED);
        query += `${name.text}=${text.text}&`;
      }
    }
    return query.slice(0, -1);
  }

  /** HTTP §3 sniHostName (23): one trailing dot dropped, then 1 to 255 bytes. */
  #parseSniHostName(): string | undefined {
    const value = this.#options.sniHostName;
    if (!has(this.#options, 'sniHostName') || typeof value !== 'string') return undefined;
    const name = value.endsWith('.') ? value.slice(0, -1) : value;
    return name !== '' && byteLength(name) <= MAX_SNI_BYTES ? name : undefined;
  }

  /**
   * HTTP §3 header: an object. For a POST-like method, `content-type: application/json`
   * first (only when a header object is passed), then each own key lower-cased, its
   * value as valueText makes it (null and objects: an empty header).
   */
  #parseHeader(): void {
    const header = this.#options.header;
    if (!has(this.#options, 'header') || !isNapiObject(header)) return;
    if (POST_LIKE.has(this.#method)) this.#headers.set(CONTENT_TYPE, JSON_TYPE);
    for (const name of Object.keys(header)) this.#headers.set(name.toLowerCase(), valueText((header as Bag)[name]));
  }

  /** HTTP §3 resumeFrom/To: each kept in 1…4294967296; "from-", "-to" or "from-to" (nothing when to ≤ from). */
  #parseRange(): string {
    const options = this.#options;
    const read = (key: string): number => {
      const value = has(options, key) ? toInt64(options[key]) : 0;
      return value >= 1 && value <= MAX_RESUME ? value : 0;
    };
    const from = read('resumeFrom');
    const to = read('resumeTo');
    if (from === 0 && to === 0) return '';
    if (to === 0) return `${from}-`;
    if (from === 0) return `-${to}`;
    return to <= from ? '' : `${from}-${to}`;
  }

  /** HTTP §3 dnsServers: the first three IP literals. */
  #parseDnsServers(): string[] | undefined {
    const value = this.#options.dnsServers;
    if (!has(this.#options, 'dnsServers') || !isNapiObject(value)) return undefined;
    const servers = arrayElements(value)
      .filter((entry): entry is string => typeof entry === 'string' && isIpLiteral(entry))
      .slice(0, MAX_DNS_SERVERS);
    return servers.length > 0 ? servers : undefined;
  }

  /**
   * HTTP §3 multiFormDataList: used only when the request's content-type is exactly
   * multipart/form-data (any case, no parameters); a part needs a name and data or a
   * filePath; data as a body is made (a string, an ArrayBuffer, an object's JSON).
   */
  #parseMultipart(): HttpMultipartPart[] | undefined {
    const value = this.#options.multiFormDataList;
    if (!has(this.#options, 'multiFormDataList') || !isNapiObject(value)) return undefined;
    if ((this.#headers.get(CONTENT_TYPE) ?? '').toLowerCase() !== MULTIPART) return undefined;
    const parts: HttpMultipartPart[] = [];
    for (const entry of arrayElements(value)) {
      const name = stringProperty(entry, 'name');
      const data = has(entry, 'data') ? partData((entry as Bag).data) : undefined;
      const filePath = stringProperty(entry, 'filePath');
      if (name === '' || (data === undefined && filePath === '')) continue;
      const contentType = stringProperty(entry, 'contentType');
      const remoteFileName = stringProperty(entry, 'remoteFileName');
      parts.push({
        name,
        ...(contentType !== '' ? { contentType } : {}),
        ...(remoteFileName !== '' ? { remoteFileName } : {}),
        ...(data !== undefined ? { data } : { filePath }),
      });
    }
    return parts.length > 0 ? parts : undefined;
  }

  /** HTTP §3 certificatePinning: one entry or an array; SHA-256 entries only, as curl's "sha256//<hash>". */
  #parseCertificatePinning(): string[] | undefined {
    const value = this.#options.certificatePinning;
    if (!has(this.#options, 'certificatePinning')) return undefined;
    const pins = (Array.isArray(value) ? arrayElements(value) : [value])
      .filter((pin) => stringProperty(pin, 'hashAlgorithm') === 'SHA-256')
      .map((pin) => `sha256//${stringProperty(pin, 'publicKeyHash')}`);
    return pins.length > 0 ? pins : undefined;
  }

  /** HTTP §3 remoteValidation: 'skip' turns verification off; a function is a callback; anything else verifies. */
  #parseRemoteValidation(): 'system' | 'skip' | 'callback' {
    const value = this.#options.remoteValidation;
    if (!has(this.#options, 'remoteValidation')) return 'system';
    if (value === 'skip') return 'skip';
    return typeof value === 'function' ? 'callback' : 'system';
  }

  /**
   * HTTP §3 tlsOptions: versions 4…7 with min ≤ max, else TLS 1.2 and up with the
   * device's own cipher list (cipherSuites then count for nothing). A version that is
   * neither 0 nor 4…7 leaves that end to curl: 1.0 at the bottom, 1.3 at the top.
   */
  #parseTls(): HttpTransportOptions['tls'] {
    const value = this.#options.tlsOptions;
    const secure = { minVersion: 6, maxVersion: 7 };
    if (!has(this.#options, 'tlsOptions') || (!isNapiObject(value) && typeof value !== 'string')) return secure;
    const min = uint32Property(value, 'tlsVersionMin');
    const max = uint32Property(value, 'tlsVersionMax');
    if (min === 0 || max === 0 || min > max) return secure;
    const known = (version: number): boolean => version >= 4 && version <= 7;
    if (!known(min) && !known(max)) return secure;
    const cipherSuites = has(value, 'cipherSuites')
      ? arrayElements((value as Bag).cipherSuites).filter((name): name is string => typeof name === 'string' && CIPHER_SUITES.has(name))
      : [];
    return {
      minVersion: known(min) ? min : 4,
      maxVersion: known(max) ? max : 7,
      ...(cipherSuites.length > 0 ? { cipherSuites: [...new Set(cipherSuites)] } : {}),
    };
  }

  /** HTTP §3 serverAuthentication: credential strings; basic, ntlm or digest, otherwise curl negotiates (any). */
  #parseServerAuthentication(): HttpTransportOptions['serverAuthentication'] {
    const value = this.#options.serverAuthentication;
    if (!has(this.#options, 'serverAuthentication') || !isNapiObject(value)) return undefined;
    const credential = (value as Bag).credential;
    const username = stringProperty(credential, 'username');
    if (username === '') return undefined;
    const type = stringProperty(value, 'authenticationType');
    return {
      username,
      password: stringProperty(credential, 'password'),
      scheme: type === 'basic' || type === 'ntlm' || type === 'digest' ? type : 'any',
    };
  }
}

/** A multipart part's data: as a body is made, except that "" is no data (HTTP §3). */
function partData(value: unknown): Uint8Array | undefined {
  if (isArrayBuffer(value) || typeof value === 'string' || isNapiObject(value)) return bodyBytes(value);
  return undefined;
}
